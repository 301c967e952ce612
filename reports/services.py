"""PDF summary reports: request, claim, render, store and sweep.

A report moves queued → rendering → ready (or failed). Every change of state is a
conditional ``UPDATE`` so that a duplicate delivery, a second request while rendering or a
sweeper running alongside a worker never renders a report twice.
"""

import hashlib
import logging
import os
import socket
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import AreaRound, Round
from common.queueing import task_send_on_commit
from reports.models import Report, ReportKind, ReportReason, ReportStatus

logger = logging.getLogger(__name__)

REPORTS_DIR = "reports"


class ReportNotClaimed(Exception):
    """The report is not ours to render (another render holds it, or it is done)."""


def report_current_data_version(*, report: Report) -> int:
    """The data version the report would be rendered from now."""
    if report.kind == ReportKind.AREA:
        return AreaRound.objects.values_list("data_version", flat=True).get(
            pk=report.area_round_id
        )
    return programme_data_version(round_id=report.round_id)


def programme_data_version(*, round_id: int) -> int:
    """A programme report's version: it changes whenever any area's data in the round does.

    ``data_version`` only ever grows, so the sum grows with every change; the count covers an
    area joining the round before anything is answered.
    """
    figures = AreaRound.objects.filter(round_id=round_id).aggregate(
        total=Coalesce(models.Sum("data_version"), 0), areas=models.Count("pk")
    )
    return figures["total"] + figures["areas"]


def report_is_stale(*, report: Report, current_version: int | None = None) -> bool:
    if report.status != ReportStatus.READY:
        return False
    if current_version is None:
        current_version = report_current_data_version(report=report)
    return report.data_version < current_version


def report_request(
    *,
    area_round: AreaRound | None = None,
    round: Round | None = None,
    requested_by=None,
    reason: str = ReportReason.REQUESTED,
) -> Report:
    """Queue a render of the area's (or, with ``round``, the programme's) report.

    Does nothing if a render of the same data version is already queued or under way.
    The task is sent only once the transaction commits; if the broker is down the row stays
    queued and ``reports_sweep_stuck`` sends it later.
    """
    if (area_round is None) == (round is None):
        raise ValueError("Give either area_round or round.")
    with transaction.atomic():
        if area_round is not None:
            report, created = Report.objects.get_or_create(
                area_round=area_round,
                defaults={"kind": ReportKind.AREA, "round_id": area_round.round_id},
            )
        else:
            report, created = Report.objects.get_or_create(round=round, kind=ReportKind.PROGRAMME)
        report = Report.objects.select_for_update().get(pk=report.pk)
        version = report_current_data_version(report=report)
        in_hand = report.status in (ReportStatus.QUEUED, ReportStatus.RENDERING)
        if in_hand and report.data_version == version and not created:
            return report
        report.status = ReportStatus.QUEUED
        report.data_version = version
        report.queued_at = timezone.now()
        report.requested_by = requested_by
        report.reason = reason
        report.attempts = 0
        report.task_id = ""
        report.worker = ""
        report.last_error = ""
        report.full_clean(exclude=["file"])
        report.save()
        report_id = report.pk
        _enqueue(report_id)
    return report


def _enqueue(report_id: int) -> None:
    """Send the render once the transaction commits; if the broker cannot take it, the row
    stays queued for ``reports_sweep_stuck``."""
    from reports.tasks import render_report

    task_send_on_commit(
        render_report,
        report_id,
        unsent=f"reports: could not queue report {report_id}; the sweeper will retry",
    )


def report_claim(
    *, report_id: int, task_id: str = "", rerun: bool = False, worker: str = ""
) -> Report:
    """Take the report for rendering, or raise ``ReportNotClaimed``.

    Claimable: queued; or rendering but started longer ago than
    ``REPORT_STUCK_AFTER_SECONDS`` (its worker is gone); or rendering under this same task
    id when this run is a redelivery or a retry (the earlier run of this task died).
    A report out of attempts ends as failed instead.
    """
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.REPORT_STUCK_AFTER_SECONDS)
    claimable = Q(status=ReportStatus.QUEUED) | Q(
        status=ReportStatus.RENDERING, started_at__lt=stale_before
    )
    if rerun and task_id:
        claimable |= Q(status=ReportStatus.RENDERING, task_id=task_id)
    mine = Report.objects.filter(claimable, pk=report_id)
    claimed = mine.filter(attempts__lt=settings.REPORT_MAX_ATTEMPTS).update(
        status=ReportStatus.RENDERING,
        started_at=now,
        task_id=task_id,
        worker=worker[:200],
        attempts=models.F("attempts") + 1,
        updated_at=now,
    )
    if claimed:
        return Report.objects.select_related(
            "round__framework", "area_round__area", "area_round__round"
        ).get(pk=report_id)
    gave_up = mine.update(
        status=ReportStatus.FAILED,
        finished_at=now,
        updated_at=now,
        last_error=_(
            "We tried to prepare this report %(attempts)s times and it did not finish. "
            "Please try again later; if it fails again, contact support."
        )
        % {"attempts": settings.REPORT_MAX_ATTEMPTS},
    )
    if gave_up:
        logger.error("reports: report %s failed after %s attempts", report_id, gave_up)
    raise ReportNotClaimed(report_id)


def report_release(*, report_id: int, task_id: str, error: str) -> bool:
    """Give a claimed report back to the queue (a transient failure; the task will retry)."""
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.RENDERING, task_id=task_id).update(
            status=ReportStatus.QUEUED, last_error=error, updated_at=timezone.now()
        )
    )


def report_fail(*, report_id: int, task_id: str, error: str) -> bool:
    """Mark a claimed report failed, with ``error`` in plain words for the person asking."""
    now = timezone.now()
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.RENDERING, task_id=task_id).update(
            status=ReportStatus.FAILED, last_error=error, finished_at=now, updated_at=now
        )
    )


def report_file_name(*, report: Report) -> str:
    """Where the file lives in media storage: one fixed name per report."""
    return f"{REPORTS_DIR}/report-{report.pk}.pdf"


def report_download_name(*, report: Report) -> str:
    """A sensible name for the person saving it, e.g. pip-health-check-bassetlaw-spring.pdf."""
    framework_slug = report.round.framework.slug
    if report.kind == ReportKind.AREA:
        return f"{framework_slug}-{report.area_round.area.slug}-{report.round.slug}.pdf"
    return f"{framework_slug}-programme-{report.round.slug}.pdf"


def report_render(*, report_id: int, task_id: str = "", rerun: bool = False) -> Report | None:
    """Claim, render and store one report. Returns it ready, or None if not ours to render.

    Raises what rendering raised; the task decides whether that is worth a retry.
    """
    from reports.pdf import render_report_pdf

    worker = f"{socket.gethostname()} pid {os.getpid()}"
    try:
        report = report_claim(report_id=report_id, task_id=task_id, rerun=rerun, worker=worker)
    except ReportNotClaimed:
        logger.info("reports: report %s is not ours to render; skipping", report_id)
        return None
    started = time.monotonic()
    if settings.REPORT_RENDER_DELAY_SECONDS:
        time.sleep(settings.REPORT_RENDER_DELAY_SECONDS)
    content = render_report_pdf(report=report)
    render_ms = int((time.monotonic() - started) * 1000)
    return _report_store(report=report, task_id=task_id, content=content, render_ms=render_ms)


def _report_store(
    *, report: Report, task_id: str, content: bytes, render_ms: int
) -> Report | None:
    """Write the file atomically and mark the report ready, if it is still ours.

    The row is locked while the file is swapped in, so the file on disk and the row's size
    and checksum always describe the same render.
    """
    name = report_file_name(report=report)
    final_path = Path(settings.MEDIA_ROOT) / name
    final_path.parent.mkdir(parents=True, exist_ok=True)
    temp_path = _write_temp(directory=final_path.parent, stem=final_path.stem, content=content)
    try:
        with transaction.atomic():
            still_mine = (
                Report.objects.select_for_update()
                .filter(pk=report.pk, status=ReportStatus.RENDERING, task_id=task_id)
                .exists()
            )
            if not still_mine:
                logger.info("reports: report %s was re-queued while rendering", report.pk)
                return None
            os.replace(temp_path, final_path)
            now = timezone.now()
            Report.objects.filter(pk=report.pk).update(
                status=ReportStatus.READY,
                file=name,
                size_bytes=len(content),
                checksum=hashlib.sha256(content).hexdigest(),
                render_ms=render_ms,
                finished_at=now,
                updated_at=now,
                last_error="",
            )
    finally:
        if temp_path.exists():
            temp_path.unlink()
    report.refresh_from_db()
    return report


REPORT_FILE_MODE = 0o640


def _write_temp(*, directory: Path, stem: str, content: bytes) -> Path:
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{stem}.", suffix=".tmp")
    try:
        # Readable by the web process, which may run as another user of the worker's group,
        # and by nobody else: a report holds an area's figures. fchmod, not the umask,
        # decides, so the mode is the same whatever the worker was started with.
        os.fchmod(fd, REPORT_FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return Path(temp_name)


def reports_sweep_stuck() -> list[int]:
    """Re-send reports left queued or rendering longer than ``REPORT_STUCK_AFTER_SECONDS``.

    A report queued while the broker was down, or whose worker died, is sent again; its
    attempts counter keeps counting, so a report that kills its worker ends as failed.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.REPORT_STUCK_AFTER_SECONDS)
    stuck = Q(status=ReportStatus.QUEUED, queued_at__lt=cutoff) | Q(
        status=ReportStatus.QUEUED, queued_at__isnull=True
    )
    stuck |= Q(status=ReportStatus.RENDERING, started_at__lt=cutoff)
    resent = []
    for report_id in Report.objects.filter(stuck).values_list("pk", flat=True):
        with transaction.atomic():
            moved = Report.objects.filter(stuck, pk=report_id).update(
                status=ReportStatus.QUEUED, queued_at=now, updated_at=now
            )
            if moved:
                resent.append(report_id)
                _enqueue(report_id)
    if resent:
        logger.warning("reports: re-queued stuck reports %s", resent)
    return resent
