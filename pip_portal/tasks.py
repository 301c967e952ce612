"""Nightly personal-data retention (CELERY_BEAT_SCHEDULE "apply-retention")."""

import logging

from celery import shared_task

from pip_portal.personal_data import retention_apply

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=15 * 60)
def apply_retention(self) -> dict:
    """Delete expired invitations and personal data past ``RETENTION_DAYS``."""
    try:
        return retention_apply().as_dict()
    except Exception as error:
        logger.exception("retention failed; retrying")
        raise self.retry(exc=error) from error
