"""Celery tasks for invitation and reminder emails. Each takes an id and calls a service."""

import logging
from smtplib import SMTPException

from celery import shared_task

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
