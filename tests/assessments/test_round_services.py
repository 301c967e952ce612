"""Opening, closing and publishing an area's round (services.rounds)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import AreaRound, AreaRoundStatus, Invitation
from assessments.services.rounds import (
    area_round_close,
    area_round_closes_at,
    area_round_is_open,
    area_round_open,
    area_round_publish,
)


@pytest.fixture
def draft_round(world):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.DRAFT)
    world.area_round_a.refresh_from_db()
    return world.area_round_a


def test_it_opens_within_the_programme_rounds_dates(world, draft_round):
    opens = timezone.localdate()
    closes = opens + datetime.timedelta(days=10)
    area_round_open(area_round=draft_round, opens=opens, closes=closes)
    draft_round.refresh_from_db()
    assert (draft_round.status, draft_round.opens, draft_round.closes) == (
        AreaRoundStatus.OPEN,
        opens,
        closes,
    )
    assert area_round_is_open(draft_round)


@pytest.mark.parametrize(
    ("opens_shift", "closes_shift", "field"),
    [(-30, 5, "opens"), (0, 60, "closes"), (5, 2, "closes")],
)
def test_it_refuses_dates_outside_the_programme_round(
    world, draft_round, opens_shift, closes_shift, field
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        area_round_open(
            area_round=draft_round,
            opens=today + datetime.timedelta(days=opens_shift),
            closes=today + datetime.timedelta(days=closes_shift),
        )
    assert field in error.value.message_dict
    draft_round.refresh_from_db()
    assert draft_round.status == AreaRoundStatus.DRAFT


def test_new_dates_move_invitation_expiry(world):
    Invitation.objects.create(
        area_round=world.area_round_a,
        email="a@example.org",
        token_hash="x" * 64,
        expires_at=timezone.now(),
    )
    closes = timezone.localdate() + datetime.timedelta(days=3)
    area_round = area_round_open(
        area_round=world.area_round_a, opens=world.area_round_a.opens, closes=closes
    )
    assert Invitation.objects.get().expires_at == area_round_closes_at(area_round)


def test_closing_makes_the_round_read_only(world):
    area_round = area_round_close(area_round=world.area_round_a)
    assert area_round.status == AreaRoundStatus.CLOSED
    assert not area_round_is_open(area_round)
    assert area_round.closes == timezone.localdate()


def test_a_round_past_its_closing_date_is_not_open(world):
    world.area_round_a.closes = timezone.localdate() - datetime.timedelta(days=1)
    assert not area_round_is_open(world.area_round_a)


def test_results_are_published_only_once_closed(world):
    with pytest.raises(ValidationError):
        area_round_publish(area_round=world.area_round_a)
    area_round_close(area_round=world.area_round_a)
    before = AreaRound.objects.get(pk=world.area_round_a.pk).data_version
    area_round = area_round_publish(area_round=world.area_round_a)
    assert area_round.results_published_at is not None
    assert AreaRound.objects.get(pk=area_round.pk).data_version == before + 1


def test_a_published_round_cannot_be_reopened(world):
    area_round_close(area_round=world.area_round_a)
    area_round_publish(area_round=world.area_round_a)
    with pytest.raises(ValidationError):
        area_round_open(
            area_round=world.area_round_a,
            opens=world.round.opens,
            closes=world.round.closes,
        )
