"""manage.py refresh_scores: recomputes unpublished area rounds' figures and says so to
every listener (``area_round_scores_refreshed``), as every refresh does; it leaves
published rounds, and so their reports, alone."""

import io

import pytest
from django.core.management import call_command

from assessments.models import AreaRound
from assessments.signals import area_round_scores_refreshed
from partnerships.models import Sector
from tests.factories import publish_results, submitted_response


@pytest.fixture
def refreshes():
    """The (area_round_id, reason) of every ``area_round_scores_refreshed`` sent."""
    sent = []

    def receiver(sender, *, area_round, reason, **kwargs):
        sent.append((area_round.pk, reason))

    area_round_scores_refreshed.connect(receiver, dispatch_uid="test_command_refreshes")
    yield sent
    area_round_scores_refreshed.disconnect(dispatch_uid="test_command_refreshes")


def test_it_announces_each_area_round_it_refreshes(world, refreshes):
    for _ in range(3):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=4)
    refreshes.clear()
    call_command("refresh_scores", "--round", world.round.slug, stdout=io.StringIO())
    assert sorted(refreshes) == sorted(
        [(world.area_round_a.pk, "changed"), (world.area_round_b.pk, "changed")]
    )
    stored = AreaRound.objects.select_related("score").get(pk=world.area_round_a.pk)
    assert stored.score.respondents_total == 3


def test_it_announces_nothing_for_a_published_area_round(world, refreshes):
    for _ in range(3):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=4)
    publish_results(world.area_round_a)
    refreshes.clear()
    out = io.StringIO()
    call_command("refresh_scores", "--round", world.round.slug, stdout=out)
    assert refreshes == [(world.area_round_b.pk, "changed")]
    assert "Left 1 published area round(s) as published" in out.getvalue()
