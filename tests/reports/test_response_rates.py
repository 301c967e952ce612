import datetime

from django.utils import timezone

from assessments.models import Invitation
from reports.selectors import response_rate_map
from tests.factories import ResponseFactory, submitted_response


def _invite(area_round, email):
    return Invitation.objects.create(
        area_round=area_round,
        email=email,
        token_hash=email.ljust(64, "0")[:64],
        expires_at=timezone.now() + datetime.timedelta(days=5),
    )


def test_people_asked_are_the_invited_plus_those_who_answered_uninvited(world):
    area_round = world.area_round_a
    invitations = [_invite(area_round, f"p{n}@example.org") for n in range(4)]
    ResponseFactory(area_round=area_round, invitation=invitations[0], status="submitted")
    ResponseFactory(area_round=area_round, invitation=invitations[1])  # a draft
    submitted_response(area_round=area_round)  # a member who was never invited
    submitted_response(area_round=area_round)  # an imported paper form

    rate = response_rate_map(area_round_ids=[area_round.pk])[area_round.pk]

    assert (rate.invited, rate.submitted) == (6, 3)
    assert rate.percent == 50.0


def test_the_rate_never_passes_one_hundred_percent_without_invitations(world):
    for _ in range(3):
        submitted_response(area_round=world.area_round_a)
    rates = response_rate_map(area_round_ids=[world.area_round_a.pk, world.area_round_b.pk])
    assert rates[world.area_round_a.pk].percent == 100.0
    assert rates[world.area_round_b.pk].percent is None
