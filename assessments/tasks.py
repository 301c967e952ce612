"""Celery tasks: invitation and reminder emails, and refreshing stored figures. Each takes
an id and calls a service."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import DatabaseError
from django.db.models import F

from assessments.models import AreaRound
from assessments.scoring import ScoreChangeReason, scores_refresh_if_stale
from assessments.services.invitations import invitation_remind, invitation_send, reminders_send_due

logger = logging.getLogger(__name__)

_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(**_RETRY)
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)


@shared_task(**_RETRY)
def send_reminder(invitation_id: int, mark: int | None = None) -> bool:
    return invitation_remind(invitation_id=invitation_id, mark=mark)


@shared_task
def send_due_reminders() -> int:
    """Beat: reminders due by the schedule (settings.REMINDER_DAYS_BEFORE_CLOSE), and owed
    invitations whose task never reached the broker."""
    sent = reminders_send_due()
    logger.info("send_due_reminders: %s emails sent", sent)
    return sent


@shared_task(bind=True, max_retries=3, default_retry_delay=10)
def refresh_scores(self, area_round_id: int, version: int | None = None, reason: str = "") -> bool:
    """Refresh an area round's stored figures after its answers changed (queued on commit by
    ``scores_mark_changed``). Skipped when a later refresh already covered ``version``."""
    try:
        return scores_refresh_if_stale(area_round_id=area_round_id, version=version, reason=reason)
    except AreaRound.DoesNotExist:
        logger.warning("refresh_scores: area round %s no longer exists", area_round_id)
        return False
    except DatabaseError as error:
        # Bounded: after the last retry the figures stay stale (scores_version behind
        # data_version) until ``manage.py refresh_scores --stale`` or the next change.
        logger.warning("refresh_scores: area round %s: %s; retrying", area_round_id, error)
        raise self.retry(exc=error) from error
    except Exception:
        # Not worth retrying (a bug, not a passing fault): the figures stay stale until
        # ``manage.py refresh_scores --stale`` or the next change.
        logger.exception("refresh_scores: refresh failed for area round %s", area_round_id)
        return False


@shared_task
def refresh_stale_scores() -> int:
    """Beat: refresh area rounds whose figures are behind their answers (a refresh task
    that failed for good, or was lost with its worker). Returns how many it refreshed."""
    refreshed = 0
    # Published figures are frozen until re-published: they are behind on purpose.
    for area_round_id, version in AreaRound.objects.filter(
        scores_version__lt=F("data_version"), results_published_at__isnull=True
    ).values_list("pk", "data_version"):
        try:
            refreshed += scores_refresh_if_stale(
                area_round_id=area_round_id, version=version, reason=ScoreChangeReason.CHANGED
            )
        except Exception:
            logger.exception("refresh_stale_scores: area round %s failed", area_round_id)
    if refreshed:
        logger.warning("refresh_stale_scores: refreshed %s stale area round(s)", refreshed)
    return refreshed
