"""PDF reports rendered by a real Celery worker over Redis (and PostgreSQL in CI)."""

import os
import re
import signal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import AreaRound, AreaRoundStatus
from assessments.scoring import scores_refresh
from partnerships.models import Sector
from reports.models import Report, ReportStatus
from reports.services import report_request, reports_sweep_stuck
from reports.tasks import render_report
from tests.factories import submitted_response
from tests.worker.conftest import BROKER_URL, SKIP_REASON, queue_length, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not BROKER_URL, reason=SKIP_REASON),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RENDER_WITHIN_SECONDS = 120


def status_of(report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


def wait_until(report, status: str) -> Report:
    wait_for(
        lambda: status_of(report) == status,
        within=RENDER_WITHIN_SECONDS,
        what=f"report {report.pk} to be {status}",
    )
    return Report.objects.get(pk=report.pk)


def files_in(worker) -> list[str]:
    folder = worker.media_root / "reports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def finished_tasks(worker) -> int:
    return len(re.findall(r"Task reports\.tasks\.render_report\[[^\]]+\] succeeded", worker.log()))


@pytest.fixture
def scored_area(world):
    """Area A's results, published (by update: the publication's own refresh would request
    a report of its own from the worker)."""
    for value in (4, 5, 3):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=value)
    scores_refresh(area_round=world.area_round_a)
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        status=AreaRoundStatus.CLOSED, results_published_at=timezone.now()
    )
    world.area_round_a.refresh_from_db()
    return world


def test_the_worker_renders_a_requested_report_ready_to_download(
    scored_area, celery_worker, client
):
    world = scored_area
    report = report_request(area_round=world.area_round_a, requested_by=world.coordinator_a)
    report = wait_until(report, ReportStatus.READY)
    assert report.attempts == 1
    assert report.size_bytes > 1000 and len(report.checksum) == 64
    assert files_in(celery_worker) == [f"report-{report.pk}.pdf"]

    client.force_login(world.coordinator_a)
    response = client.get(
        reverse("report_download", kwargs={"area": "area-a", "round": world.round.slug})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.render_delay(3)
def test_a_second_request_while_rendering_renders_once(scored_area, celery_worker):
    world = scored_area
    report = report_request(area_round=world.area_round_a)
    wait_until(report, ReportStatus.RENDERING)
    # A second request for the same data, and a duplicate delivery of the task.
    again = report_request(area_round=world.area_round_a)
    assert again.pk == report.pk and again.status == ReportStatus.RENDERING
    render_report.delay(report.pk)
    report = wait_until(report, ReportStatus.READY)
    wait_for(lambda: finished_tasks(celery_worker) == 2, within=60, what="the duplicate task")
    report.refresh_from_db()
    assert report.attempts == 1  # one render
    assert "is not ours to render" in celery_worker.log()
    assert files_in(celery_worker) == [f"report-{report.pk}.pdf"]


@pytest.mark.render_delay(4)
def test_a_render_killed_midway_is_rerun_and_leaves_one_file(scored_area, celery_worker):
    world = scored_area
    report = report_request(area_round=world.area_round_a)
    rendering = wait_until(report, ReportStatus.RENDERING)
    child = int(rendering.worker.rsplit("pid ", 1)[1])
    assert child in celery_worker.pool_children()

    os.kill(child, signal.SIGKILL)

    report = wait_until(report, ReportStatus.READY)
    assert report.attempts == 2  # the killed render, and the re-run
    assert report.task_id == rendering.task_id  # the same message, redelivered
    assert int(report.worker.rsplit("pid ", 1)[1]) != child
    assert files_in(celery_worker) == [f"report-{report.pk}.pdf"]
    assert "WorkerLostError" in celery_worker.log()


def test_a_rolled_back_request_queues_nothing(world, worker_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        report_request(area_round=world.area_round_a)
        raise RuntimeError("the surrounding work failed")
    assert queue_length(worker_queue) == 0
    assert not Report.objects.exists()
    # The same request, committed, does reach the broker.
    report_request(area_round=world.area_round_a)
    assert queue_length(worker_queue) == 1


@pytest.mark.render_delay(4)
def test_after_the_whole_worker_dies_the_sweeper_gets_the_report_rendered(
    scored_area, celery_worker, settings
):
    world = scored_area
    report = report_request(area_round=world.area_round_a)
    wait_until(report, ReportStatus.RENDERING)

    os.killpg(celery_worker.process.pid, signal.SIGKILL)  # the worker and its pool, at once
    celery_worker.process.wait(timeout=30)
    celery_worker.start()
    # The dead worker's message is parked unacknowledged in Redis for an hour; the
    # beat sweeper does not wait that long once the render is older than the stuck limit.
    settings.REPORT_STUCK_AFTER_SECONDS = 0
    assert reports_sweep_stuck() == [report.pk]

    report = wait_until(report, ReportStatus.READY)
    assert report.attempts == 2
    assert files_in(celery_worker) == [f"report-{report.pk}.pdf"]
