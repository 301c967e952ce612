import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Sector
from profiles import services
from profiles.models import ActionStatus, EventEffect, EventKind
from profiles.selectors import (
    AgreementStatus,
    profile_summary_get,
    recognition_list,
)
from tests.factories import RoundFactory
from tests.profiles.conftest import days


def _action(world, round_, title, *, dimension_key="capacity", due=30, status="not_started"):
    return services.plan_action_create(
        area=world.area_a,
        round=round_,
        user=world.coordinator_a,
        title=title,
        owner_name="Sam",
        sector=Sector.COUNCIL,
        due_date=days(due),
        dimension_key=dimension_key,
        status=status,
    )


def test_an_empty_profile_summarises_to_nothing(world):
    summary = profile_summary_get(area=world.area_a)
    assert summary.agreement.status == AgreementStatus.NONE
    assert summary.round is None
    assert summary.action_progress.total == 0
    assert summary.history_highlights == []


def test_it_counts_action_progress_with_overdue_ones(world):
    _action(world, world.round, "Done", status=ActionStatus.DONE, due=-5)
    _action(world, world.round, "Late", status=ActionStatus.IN_PROGRESS, due=-1)
    _action(world, world.round, "Due today", due=0)
    _action(world, world.round, "Later", dimension_key="history", due=40)
    progress = profile_summary_get(area=world.area_a, round=world.round).action_progress
    assert (progress.total, progress.done, progress.in_progress, progress.not_started) == (
        4,
        1,
        1,
        2,
    )
    assert progress.overdue == 1


def test_it_groups_this_plan_and_earlier_plans_by_dimension(world):
    later = RoundFactory(
        slug="autumn",
        opens=world.round.opens + datetime.timedelta(days=180),
        closes=world.round.closes + datetime.timedelta(days=180),
    )
    _action(world, world.round, "Name leads", dimension_key="capacity")
    _action(world, world.round, "Review disputes", dimension_key="history")
    _action(world, later, "Refresh the Compact", dimension_key="history")

    summary = profile_summary_get(area=world.area_a, round=later)
    assert [a.title for a in summary.actions_by_dimension["history"]] == ["Refresh the Compact"]
    assert [a.title for a in summary.previous_actions_by_dimension["capacity"]] == ["Name leads"]
    assert (summary.previous_action_progress.total, summary.action_progress.total) == (2, 1)
    # Without a round: the latest round with a plan.
    assert profile_summary_get(area=world.area_a).round == later


def test_history_highlights_are_the_latest_events(world):
    for n in range(7):
        services.history_event_create(
            area=world.area_a,
            user=world.coordinator_a,
            date=days(-100 * (n + 1)),
            kind=EventKind.OTHER,
            sectors=[Sector.VCS],
            effect=EventEffect.STRAINED if n % 2 else EventEffect.HELPED,
            description=f"Event {n}",
        )
    summary = profile_summary_get(area=world.area_a)
    assert [e.description for e in summary.history_highlights] == [f"Event {n}" for n in range(5)]
    assert (summary.history_helped, summary.history_strained) == (4, 3)


def test_development_phase_progress_is_counted(world, draft_a):
    for n, done in enumerate([True, False, True]):
        action = services.development_action_create(
            area=world.area_a,
            user=world.coordinator_a,
            number=1,
            title=f"Step {n}",
            owner_name="Sam",
            due_date=days(n),
            done=done,
        )
    agreement = profile_summary_get(area=world.area_a).agreement
    assert (agreement.development_done, agreement.development_total) == (2, 3)
    assert action.version.number == 1


def test_the_summary_takes_a_fixed_number_of_queries(world, signed_a):
    for n in range(5):
        _action(world, world.round, f"Action {n}", dimension_key=["capacity", "history"][n % 2])
    with CaptureQueriesContext(connection) as few:
        profile_summary_get(area=world.area_a, round=world.round)
    for n in range(5, 15):
        _action(world, world.round, f"Action {n}")
    with CaptureQueriesContext(connection) as many:
        profile_summary_get(area=world.area_a, round=world.round)
    assert len(many) == len(few)


def test_programme_recognitions_filter_by_round(world):
    services.recognition_create(
        area=world.area_a,
        user=world.sponsor,
        title="Joint bids",
        note="Shared bid writing.",
        round=world.round,
    )
    services.recognition_create(
        area=world.area_b, user=world.sponsor, title="Compact", note="Refreshed the Compact."
    )
    assert {r.title for r in recognition_list()} == {"Joint bids", "Compact"}
    (only,) = recognition_list(round=world.round)
    assert (only.area, only.recognised_by_name) == (world.area_a, world.sponsor.get_full_name())
