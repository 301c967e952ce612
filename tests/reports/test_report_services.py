"""reports.services: requesting, claiming, storing and sweeping PDF reports."""

import datetime
import hashlib
import logging
import os
import stat
from pathlib import Path
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from assessments.models import AreaRound
from reports.models import Report, ReportKind, ReportReason, ReportStatus
from reports.services import (
    ReportNotClaimed,
    report_claim,
    report_download_name,
    report_is_stale,
    report_render,
    report_request,
    reports_sweep_stuck,
)

FAKE_PDF = b"%PDF-1.7 fake report"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sent():
    """The report ids handed to the broker."""
    with mock.patch("reports.tasks.render_report.delay") as delay:
        yield delay


@pytest.fixture
def fake_pdf():
    with mock.patch("reports.pdf.render_report_pdf", return_value=FAKE_PDF) as render:
        yield render


def bump(area_round):
    AreaRound.objects.filter(pk=area_round.pk).update(data_version=area_round.data_version + 1)
    area_round.refresh_from_db()


def test_it_queues_a_report_once_the_transaction_commits(
    world, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = report_request(area_round=world.area_round_a, requested_by=world.coordinator_a)
        assert not sent.called  # not before commit
    assert len(callbacks) == 1
    sent.assert_called_once_with(report.pk)
    report.refresh_from_db()
    assert report.kind == ReportKind.AREA
    assert report.round == world.round
    assert report.status == ReportStatus.QUEUED
    assert report.queued_at is not None
    assert report.requested_by == world.coordinator_a
    assert report.reason == ReportReason.REQUESTED


def test_a_second_request_for_the_same_data_does_nothing(
    world, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = report_request(area_round=world.area_round_a)
    Report.objects.filter(pk=first.pk).update(status=ReportStatus.RENDERING)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = report_request(area_round=world.area_round_a)
    assert second.pk == first.pk
    assert callbacks == []
    assert sent.call_count == 1
    assert Report.objects.get().status == ReportStatus.RENDERING


def test_a_request_after_the_data_changed_queues_again(
    world, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_request(area_round=world.area_round_a)
    Report.objects.update(status=ReportStatus.RENDERING, attempts=2)
    bump(world.area_round_a)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(area_round=world.area_round_a)
    assert sent.call_count == 2
    assert report.status == ReportStatus.QUEUED
    assert report.data_version == world.area_round_a.data_version
    assert report.attempts == 0


def test_a_rolled_back_request_queues_nothing(world, sent, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        report_request(area_round=world.area_round_a)
        raise RuntimeError("the surrounding work failed")
    assert callbacks == []
    assert not sent.called
    assert not Report.objects.exists()


def test_a_broker_failure_keeps_the_report_queued(
    world, sent, django_capture_on_commit_callbacks, caplog
):
    sent.side_effect = ConnectionError("redis is down")
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        report = report_request(area_round=world.area_round_a)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert "the sweeper will retry" in caplog.text


def test_the_programme_report_is_one_per_round(world, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = report_request(round=world.round)
        bump(world.area_round_b)
        second = report_request(round=world.round)
    assert first.pk == second.pk
    assert second.kind == ReportKind.PROGRAMME
    assert second.area_round is None


def test_it_renders_and_stores_the_file_atomically(world, fake_pdf, media):
    report = Report.objects.create(
        kind=ReportKind.AREA, round=world.round, area_round=world.area_round_a
    )
    ready = report_render(report_id=report.pk, task_id="task-1")
    assert ready.status == ReportStatus.READY
    assert ready.size_bytes == len(FAKE_PDF)
    assert ready.checksum == hashlib.sha256(FAKE_PDF).hexdigest()
    assert ready.attempts == 1
    assert ready.finished_at is not None and ready.render_ms is not None
    stored = Path(media) / ready.file.name
    assert stored.read_bytes() == FAKE_PDF
    # A re-run replaces the file: one file, no temporary leftovers.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    fake_pdf.return_value = FAKE_PDF + b" again"
    report_render(report_id=report.pk, task_id="task-2")
    assert [p.name for p in (Path(media) / "reports").iterdir()] == [stored.name]
    assert stored.read_bytes() == FAKE_PDF + b" again"


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_a_stored_report_is_readable_by_owner_and_group_only_whatever_the_umask(
    world, fake_pdf, media, umask
):
    report = Report.objects.create(
        kind=ReportKind.AREA, round=world.round, area_round=world.area_round_a
    )
    previous = os.umask(umask)
    try:
        ready = report_render(report_id=report.pk, task_id="task-1")
    finally:
        os.umask(previous)
    mode = stat.S_IMODE((Path(media) / ready.file.name).stat().st_mode)
    assert mode == 0o640, oct(mode)


def test_it_never_renders_a_report_another_task_is_rendering(world, fake_pdf):
    report = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        status=ReportStatus.RENDERING,
        started_at=timezone.now(),
        task_id="first",
        attempts=1,
    )
    assert report_render(report_id=report.pk, task_id="second") is None
    # Not even a redelivery of another task's message.
    assert report_render(report_id=report.pk, task_id="second", rerun=True) is None
    assert not fake_pdf.called
    report.refresh_from_db()
    assert (report.status, report.task_id, report.attempts) == (ReportStatus.RENDERING, "first", 1)


def test_a_redelivered_task_takes_back_its_own_claim(world):
    report = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        status=ReportStatus.RENDERING,
        started_at=timezone.now(),
        task_id="lost",
        attempts=1,
    )
    with pytest.raises(ReportNotClaimed):
        report_claim(report_id=report.pk, task_id="lost", rerun=False)
    claimed = report_claim(report_id=report.pk, task_id="lost", rerun=True)
    assert claimed.attempts == 2


def test_a_stale_render_can_be_claimed(world, settings):
    report = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        status=ReportStatus.RENDERING,
        task_id="dead",
        started_at=timezone.now()
        - datetime.timedelta(seconds=settings.REPORT_STUCK_AFTER_SECONDS + 1),
    )
    assert report_claim(report_id=report.pk, task_id="new").task_id == "new"


def test_a_report_out_of_attempts_ends_as_failed_in_plain_words(world, settings, fake_pdf):
    report = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        attempts=settings.REPORT_MAX_ATTEMPTS,
    )
    assert report_render(report_id=report.pk, task_id="again") is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert f"{settings.REPORT_MAX_ATTEMPTS} times" in report.last_error
    assert "Traceback" not in report.last_error
    assert not fake_pdf.called


def test_a_render_superseded_by_a_new_request_does_not_mark_ready(world, fake_pdf, sent):
    report = Report.objects.create(
        kind=ReportKind.AREA, round=world.round, area_round=world.area_round_a
    )

    def requeue_while_rendering(*, report):
        bump(world.area_round_a)
        report_request(area_round=world.area_round_a)
        return FAKE_PDF

    fake_pdf.side_effect = requeue_while_rendering
    assert report_render(report_id=report.pk, task_id="old") is None
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert report.data_version == world.area_round_a.data_version


def test_the_sweeper_requeues_reports_left_too_long(world, settings, sent):
    long_ago = timezone.now() - datetime.timedelta(
        seconds=settings.REPORT_STUCK_AFTER_SECONDS + 60
    )
    stuck_queued = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        queued_at=long_ago,
    )
    stuck_rendering = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_b,
        status=ReportStatus.RENDERING,
        started_at=long_ago,
        attempts=1,
    )
    fresh = Report.objects.create(
        kind=ReportKind.PROGRAMME, round=world.round, queued_at=timezone.now()
    )
    resent = reports_sweep_stuck()
    assert sorted(resent) == sorted([stuck_queued.pk, stuck_rendering.pk])
    stuck_rendering.refresh_from_db()
    assert stuck_rendering.status == ReportStatus.QUEUED
    assert stuck_rendering.attempts == 1  # still counting towards the limit
    fresh.refresh_from_db()
    assert fresh.status == ReportStatus.QUEUED


def test_a_ready_report_is_stale_once_the_data_changes(world):
    report = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        status=ReportStatus.READY,
        data_version=world.area_round_a.data_version,
    )
    assert not report_is_stale(report=report)
    bump(world.area_round_a)
    assert report_is_stale(report=report)


def test_download_names_are_sensible(world):
    area_report = Report(kind=ReportKind.AREA, round=world.round, area_round=world.area_round_a)
    programme_report = Report(kind=ReportKind.PROGRAMME, round=world.round)
    assert report_download_name(report=area_report) == "pip-health-check-area-a-spring.pdf"
    assert report_download_name(report=programme_report) == "pip-health-check-programme-spring.pdf"
