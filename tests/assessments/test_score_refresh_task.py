"""The score refresh after answers change: queued on commit as a Celery task, coalesced by
``data_version``, and done in-process when the broker cannot take it."""

from unittest import mock

import pytest
from django.db.models import F

from assessments import scoring
from assessments.models import AreaRound
from assessments.scoring import scores_mark_changed, scores_refresh
from assessments.signals import area_round_scores_refreshed
from assessments.tasks import refresh_scores, refresh_stale_scores
from partnerships.models import Sector
from tests.factories import submitted_response


@pytest.fixture
def refreshes():
    """The (area_round_id, reason) of every ``area_round_scores_refreshed`` sent."""
    sent = []

    def receiver(sender, *, area_round, reason, **kwargs):
        sent.append((area_round.pk, reason))

    area_round_scores_refreshed.connect(receiver, dispatch_uid="test_refreshes")
    yield sent
    area_round_scores_refreshed.disconnect(dispatch_uid="test_refreshes")


def _respond(area_round, n=3):
    for _ in range(n):
        submitted_response(area_round=area_round, sector=Sector.COUNCIL, default=4)


def _stored(area_round):
    return AreaRound.objects.select_related("score").get(pk=area_round.pk)


def test_a_change_queues_the_refresh_on_commit_for_its_own_version(
    world, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(refresh_scores, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
        delay.assert_not_called()  # not before the commit
    assert len(callbacks) == 1
    version = _stored(world.area_round_a).data_version
    delay.assert_called_once_with(world.area_round_a.pk, version, "submitted")


def test_the_queued_task_refreshes_and_tells_the_reports_app(
    world, django_capture_on_commit_callbacks, refreshes
):
    _respond(world.area_round_a)
    with django_capture_on_commit_callbacks(execute=True):
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
    stored = _stored(world.area_round_a)
    assert stored.scores_version == stored.data_version
    assert stored.score.respondents_total == 3
    assert refreshes == [(world.area_round_a.pk, "submitted")]


def test_a_burst_of_changes_is_refreshed_once(
    world, django_capture_on_commit_callbacks, refreshes
):
    _respond(world.area_round_a)
    with (
        mock.patch.object(refresh_scores, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
    first, second = (call.args for call in delay.call_args_list)
    assert second[1] == first[1] + 1
    # The first task to run sees both changes; the second finds them covered.
    assert refresh_scores.apply(args=first).get() is True
    assert refresh_scores.apply(args=second).get() is False
    assert refreshes == [(world.area_round_a.pk, "submitted")]
    stored = _stored(world.area_round_a)
    assert stored.scores_version == stored.data_version == second[1]


def test_a_task_for_a_covered_version_leaves_the_figures_alone(world, refreshes):
    _respond(world.area_round_a)
    scores_refresh(area_round=world.area_round_a)
    stored = _stored(world.area_round_a)
    computed_at = stored.score.computed_at
    assert refresh_scores.apply(args=(stored.pk, stored.data_version, "changed")).get() is False
    assert _stored(world.area_round_a).score.computed_at == computed_at
    assert refreshes == []


def test_publication_is_refreshed_even_when_the_figures_are_current(world, refreshes):
    scores_refresh(area_round=world.area_round_a)
    stored = _stored(world.area_round_a)
    assert refresh_scores.apply(args=(stored.pk, stored.data_version, "published")).get()
    assert refreshes == [(world.area_round_a.pk, "published")]


def test_the_figures_are_refreshed_in_process_when_the_broker_is_down(
    world, django_capture_on_commit_callbacks, refreshes, caplog
):
    _respond(world.area_round_a)
    with (
        mock.patch.object(refresh_scores, "delay", side_effect=OSError("connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
    stored = _stored(world.area_round_a)
    assert stored.scores_version == stored.data_version
    assert stored.score.respondents_total == 3
    assert refreshes == [(world.area_round_a.pk, "submitted")]
    assert "could not queue the refresh" in caplog.text


def test_a_task_for_a_deleted_area_round_does_nothing(world):
    assert refresh_scores.apply(args=(10**9, 1, "submitted")).get() is False


def test_the_framework_is_read_again_after_it_changes(world):
    framework = world.round.framework
    scores_refresh(area_round=world.area_round_a)
    assert any(key[0] == framework.pk for key in scoring._framework_parts)
    dimension = framework.dimensions.first()
    dimension.name = "Renamed"
    dimension.save()
    assert not any(key[0] == framework.pk for key in scoring._framework_parts)


def test_the_sweeper_refreshes_figures_left_behind_by_a_lost_task(world, refreshes):
    _respond(world.area_round_a)
    scores_refresh(area_round=world.area_round_a)
    _respond(world.area_round_a, 1)
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(data_version=F("data_version") + 1)
    assert refresh_stale_scores() == 1
    stored = _stored(world.area_round_a)
    assert stored.scores_version == stored.data_version
    assert stored.score.respondents_total == 4
    assert refreshes == [(world.area_round_a.pk, "changed")]
    assert refresh_stale_scores() == 0
