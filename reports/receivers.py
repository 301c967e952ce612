"""Requests reports automatically when an area's published results change."""

import logging

from assessments.scoring import ScoreChangeReason
from reports.models import ReportReason
from reports.services import report_request

logger = logging.getLogger(__name__)


def request_report_on_refresh(sender, *, area_round, reason: str, **kwargs) -> None:
    """Receiver of ``assessments.signals.area_round_scores_refreshed`` and
    ``area_round_outputs_changed``.

    Unpublished results get no automatic report: coordinators may still be collecting
    answers. Once published, the figures change only by publication and re-publication,
    and each queues a new render; so does a comment hidden or shown again afterwards.
    """
    if not area_round.is_published:
        return
    report_reason = (
        ReportReason.PUBLISHED
        if reason == ScoreChangeReason.PUBLISHED
        else ReportReason.DATA_CHANGED
    )
    try:
        report_request(area_round=area_round, reason=report_reason)
    except Exception:  # a report must never break publishing or saving answers
        logger.exception("reports: could not request a report for area round %s", area_round.pk)
