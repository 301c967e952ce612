"""Fault 1: kill -9 the whole Celery worker (main process and pool) while it renders a
report; after a restart the report is ready, with exactly one file and its attempts counted.

The worker tests (tests/worker) kill only the pool child; here nothing of the worker
survives, so the unacknowledged message waits in Redis and the sweeper re-sends the render.
"""

import os
import signal

import pytest

from assessments.scoring import scores_refresh
from partnerships.models import Sector
from reports.models import Report, ReportStatus
from reports.services import report_request, reports_sweep_stuck
from tests.factories import submitted_response
from tests.faults.conftest import report, wait_until

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STUCK_AFTER = 2


def _status(report_obj) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report_obj.pk)


@pytest.mark.render_delay(4)
def test_a_killed_worker_leaves_the_report_to_be_finished_after_restart(
    real_services, world, celery_worker, settings, capsys
):
    for value in (4, 5, 3):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=value)
    scores_refresh(area_round=world.area_round_a)
    settings.REPORT_STUCK_AFTER_SECONDS = STUCK_AFTER
    celery_worker.env["REPORT_STUCK_AFTER_SECONDS"] = str(STUCK_AFTER)
    celery_worker.env["REPORT_RENDER_DELAY_SECONDS"] = "0"

    requested = report_request(area_round=world.area_round_a)
    wait_until(lambda: _status(requested) == ReportStatus.RENDERING, within=60, what="the render")
    killed = celery_worker.process.pid
    os.killpg(killed, signal.SIGKILL)
    celery_worker.process.wait(timeout=30)
    assert _status(requested) == ReportStatus.RENDERING  # nobody finished it

    celery_worker.start()  # the restart
    resent = wait_until(reports_sweep_stuck, within=30, what="the sweeper to re-send it")
    assert resent == [requested.pk]
    wait_until(lambda: _status(requested) == ReportStatus.READY, within=120, what="ready")

    done = Report.objects.get(pk=requested.pk)
    files = sorted(p.name for p in (celery_worker.media_root / "reports").iterdir())
    assert files == [f"report-{done.pk}.pdf"]
    assert done.attempts == 2  # the killed render and the one after the restart
    assert done.size_bytes > 1000 and len(done.checksum) == 64
    report(
        capsys,
        f"worker killed (kill -9, pid {killed}) mid-render: after restart 1 report ready, "
        f"{len(files)} file, {done.attempts} attempts recorded",
    )
