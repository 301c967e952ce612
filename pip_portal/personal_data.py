"""Personal data: export everything held about one person, erase (anonymise) them, and the
retention rule applied every night. Each app exports and erases its own part
(``partnerships``, ``assessments`` and ``profiles`` ``personal_data`` modules); this module
puts them together in one transaction and looks after the account itself.

Erasure keeps the partnership's figures honest: a person's *submitted* answers stay in the
aggregates, detached from them (no account, a fresh random respondent reference), while
everything that names them — account details, memberships, invitations, drafts, the name on
a signature or recognition — goes.

Retention (``settings.RETENTION_DAYS`` after an area's round closed): invitations are
deleted and the round's responses detached from their accounts; drafts that were never
submitted are deleted. Unused invitations are deleted as soon as they expire. Accounts
without a password (the identities invitation links answer as) that have not been seen for
``RETENTION_DAYS`` are erased: seen means signed in (before links stopped signing people
in), used a link, or saved an answer.
"""

import datetime
import logging
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import personal_data as assessments_data
from partnerships import personal_data as partnerships_data
from profiles import personal_data as profiles_data
from signin.selectors import provider_accounts_export, provider_user_ids
from signin.services import provider_accounts_forget

logger = logging.getLogger(__name__)

ERASED_NAME = profiles_data.ERASED_NAME
person_find = partnerships_data.person_find


def _when(value) -> str | None:
    return value.isoformat() if value else None


def person_export(*, user) -> dict:
    """Everything the portal holds about one person, as JSON-ready data."""
    return {
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": user.is_active,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "signs_in_with_password": user.has_usable_password(),
        },
        "single_sign_on_accounts": provider_accounts_export(user),
        "memberships": partnerships_data.membership_export(user=user),
        "invitations": assessments_data.invitation_export(user=user),
        "responses": assessments_data.response_export(user=user),
        "agreement_signatures": profiles_data.signature_export(user=user),
        "records_created": {
            **profiles_data.person_record_counts(user=user),
            **assessments_data.person_record_counts(user=user),
        },
    }


@dataclass(frozen=True)
class ErasureOutcome:
    user_id: int
    responses_detached: int
    drafts_deleted: int
    invitations_deleted: int
    memberships_deleted: int

    def as_dict(self) -> dict:
        return asdict(self)


@transaction.atomic
def person_erase(*, user) -> ErasureOutcome:
    """Anonymise one person: account deactivated and stripped, sessions ended, memberships,
    invitations and drafts deleted; submitted answers kept, detached, under a new reference.
    Administrators are refused (remove their admin rights first)."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.is_superuser or user.is_staff:
        raise ValidationError(_("Remove this account's administrator rights before erasing it."))
    email = user.email
    assessments = assessments_data.person_assessments_erase(user=user)
    memberships_deleted = partnerships_data.membership_delete_all(user=user)
    profiles_data.person_profile_erase(user=user)
    _forget_sign_in_attempts(user.get_username(), email)
    provider_accounts_forget(user=user)

    user.username = f"erased-{secrets.token_hex(8)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()  # ends the person's sessions (pip_portal.auth_signals)
    outcome = ErasureOutcome(
        user_id=user.pk,
        responses_detached=assessments.responses_detached,
        drafts_deleted=assessments.drafts_deleted,
        invitations_deleted=assessments.invitations_deleted,
        memberships_deleted=memberships_deleted,
    )
    logger.info("person erased %s", outcome.as_dict())
    return outcome


def _forget_sign_in_attempts(username: str, email: str) -> None:
    try:
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    except ImportError:  # pragma: no cover
        return
    names = [n for n in (username, email) if n]
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=names).delete()


# --- retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionOutcome:
    expired_invitations_deleted: int
    old_invitations_deleted: int
    old_responses_detached: int
    old_drafts_deleted: int
    dormant_accounts_erased: int

    def as_dict(self) -> dict:
        return asdict(self)


def retention_apply(*, now: datetime.datetime | None = None) -> RetentionOutcome:
    """Apply the retention rule once (the nightly beat task). Safe to run repeatedly."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_DAYS)
    with transaction.atomic():
        kept = assessments_data.assessments_retention_apply(now=now, cutoff=cutoff)
    dormant = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False)
        # An unusable password ("!..."): the person only ever came through a link; one who
        # signs in through a council's provider signs in by themselves, as with a password.
        .filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(pk__in=provider_user_ids())
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )
    for seen in assessments_data.account_activity_since(cutoff=cutoff):
        dormant = dormant.exclude(seen)
    erased = 0
    for user in dormant.iterator():
        person_erase(user=user)
        erased += 1
    outcome = RetentionOutcome(
        expired_invitations_deleted=kept.expired_invitations_deleted,
        old_invitations_deleted=kept.old_invitations_deleted,
        old_responses_detached=kept.old_responses_detached,
        old_drafts_deleted=kept.old_drafts_deleted,
        dormant_accounts_erased=erased,
    )
    logger.info("retention applied %s", outcome.as_dict())
    return outcome
