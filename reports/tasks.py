"""Celery tasks for PDF reports. Each takes an id and calls ``reports.services``."""

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from reports.services import report_fail, report_release, report_render, reports_sweep_stuck

logger = logging.getLogger(__name__)

# Worth another try: the database or the disk hiccuped; the report itself is fine.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 4
# A report renders in seconds; these bound a runaway render well inside
# REPORT_STUCK_AFTER_SECONDS, so the sweeper never re-sends a render that is still alive.
SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150


def _backoff(retries: int) -> int:
    return min(300, 10 * 2**retries) + random.randint(0, 5)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    ignore_result=True,
)
def render_report(self, report_id: int) -> None:
    task_id = self.request.id or ""
    delivery_info = self.request.delivery_info or {}
    rerun = bool(delivery_info.get("redelivered")) or self.request.retries > 0
    try:
        report_render(report_id=report_id, task_id=task_id, rerun=rerun)
    except SoftTimeLimitExceeded:
        logger.error("reports: report %s took too long to render", report_id)
        report_fail(
            report_id=report_id,
            task_id=task_id,
            error=_("The report took too long to prepare. Please try again later."),
        )
    except TRANSIENT_ERRORS as exc:
        logger.warning("reports: transient error rendering report %s: %r", report_id, exc)
        if self.request.retries >= self.max_retries:
            report_fail(
                report_id=report_id,
                task_id=task_id,
                error=_(
                    "A temporary problem with the server stopped the report several times. "
                    "Please try again later."
                ),
            )
            return
        report_release(
            report_id=report_id,
            task_id=task_id,
            error=_("A temporary problem interrupted the report; it will be tried again."),
        )
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc
    except Exception:
        logger.exception("reports: report %s could not be rendered", report_id)
        report_fail(
            report_id=report_id,
            task_id=task_id,
            error=_(
                "The report could not be prepared because of an unexpected problem. "
                "The support team can see what went wrong."
            ),
        )


@shared_task(ignore_result=True)
def sweep_stuck_reports() -> int:
    """Beat task: re-send reports left queued or rendering too long."""
    return len(reports_sweep_stuck())
