"""Reports are requested automatically when published results are refreshed."""

from unittest import mock

import pytest
from django.utils import timezone

from assessments.models import AreaRound
from assessments.signals import area_round_scores_refreshed
from reports.models import Report, ReportReason, ReportStatus


@pytest.fixture
def sent():
    with mock.patch("reports.tasks.render_report.delay") as delay:
        yield delay


def refreshed(area_round, reason):
    area_round.refresh_from_db()
    area_round_scores_refreshed.send(sender=AreaRound, area_round=area_round, reason=reason)


def test_publishing_results_requests_the_areas_report(
    world, sent, django_capture_on_commit_callbacks
):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        results_published_at=timezone.now(), data_version=2
    )
    with django_capture_on_commit_callbacks(execute=True):
        refreshed(world.area_round_a, "published")
    report = Report.objects.get(area_round=world.area_round_a)
    assert (report.status, report.reason, report.data_version) == (
        ReportStatus.QUEUED,
        ReportReason.PUBLISHED,
        2,
    )
    sent.assert_called_once_with(report.pk)


def test_a_change_after_publication_requests_a_fresh_report(
    world, sent, django_capture_on_commit_callbacks
):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        results_published_at=timezone.now(), data_version=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        refreshed(world.area_round_a, "imported")
    assert Report.objects.get().reason == ReportReason.DATA_CHANGED


def test_unpublished_results_get_no_automatic_report(world, sent):
    refreshed(world.area_round_a, "submitted")
    assert not Report.objects.exists()
    assert not sent.called


def test_a_failing_request_never_breaks_the_caller(world, caplog):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(results_published_at=timezone.now())
    with mock.patch("reports.receivers.report_request", side_effect=RuntimeError("boom")):
        refreshed(world.area_round_a, "changed")
    assert "could not request a report" in caplog.text
