"""Personal data: export everything held about one person, erase (anonymise) them, and the
retention rule applied every night.

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
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    AreaRound,
    CommentDecision,
    ImportBatch,
    Invitation,
    Response,
    ResponseStatus,
)
from partnerships.models import (
    AgreementSignature,
    AgreementVersion,
    HistoryEvent,
    Membership,
    PlanAction,
    Recognition,
)
from partnerships.services import area_profile_touch
from signin.selectors import provider_accounts_export, provider_user_ids
from signin.services import provider_accounts_forget

logger = logging.getLogger(__name__)

ERASED_NAME = "Former participant (erased)"


def person_find(*, identifier: str):
    """The one account with this username or email address (case-insensitive email)."""
    users = get_user_model().objects.filter(
        Q(username=identifier) | Q(email__iexact=identifier.strip())
    )
    found = list(users[:2])
    if not found:
        raise ValidationError(_("No account has that username or email address."))
    if len(found) > 1:
        raise ValidationError(_("More than one account matches; give the username instead."))
    return found[0]


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _new_ref() -> str:
    return f"anon-{secrets.token_hex(8)}"


def person_export(*, user) -> dict:
    """Everything the portal holds about one person, as JSON-ready data."""
    memberships = Membership.objects.filter(user=user).select_related("area", "organisation")
    invitations = (
        Invitation.objects.filter(Q(user=user) | Q(email__iexact=user.email or "\0"))
        .select_related("area_round__area", "area_round__round")
        .order_by("created_at")
    )
    responses = (
        Response.objects.filter(user=user)
        .select_related("area_round__area", "area_round__round", "organisation")
        .prefetch_related("answers__question", "comments__dimension")
        .order_by("started_at")
    )
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
        "memberships": [
            {
                "role": m.role,
                "area": m.area.slug if m.area else None,
                "sector": m.sector,
                "organisation": m.organisation.name if m.organisation else None,
                "since": _when(m.created_at),
            }
            for m in memberships
        ],
        "invitations": [
            {
                "area": i.area_round.area.slug,
                "round": i.area_round.round.slug,
                "email": i.email,
                "sector": i.sector,
                "created_at": _when(i.created_at),
                "sent_at": _when(i.sent_at),
                "used_at": _when(i.used_at),
                "expires_at": _when(i.expires_at),
                "reminders_sent": i.reminders_sent,
            }
            for i in invitations
        ],
        "responses": [
            {
                "area": r.area_round.area.slug,
                "round": r.area_round.round.slug,
                "respondent_ref": r.respondent_ref,
                "sector": r.sector,
                "organisation": r.organisation.name if r.organisation else None,
                "status": r.status,
                "started_at": _when(r.started_at),
                "submitted_at": _when(r.submitted_at),
                "answers": [
                    {
                        "question": a.question.code,
                        "value": a.value,
                        "dont_know": a.dont_know,
                    }
                    for a in sorted(r.answers.all(), key=lambda a: a.question.code)
                ],
                "comments": [
                    {"dimension": c.dimension.key, "text": c.text, "hidden": c.hidden}
                    for c in r.comments.all()
                ],
            }
            for r in responses
        ],
        "agreement_signatures": [
            {
                "area": s.version.area.slug,
                "version": s.version.number,
                "sector": s.sector,
                "signed_as": s.signer_name,
                "signed_at": _when(s.signed_at),
            }
            for s in AgreementSignature.objects.filter(user=user).select_related("version__area")
        ],
        "records_created": {
            "history_events": HistoryEvent.objects.filter(created_by=user).count(),
            "agreement_versions": AgreementVersion.objects.filter(created_by=user).count(),
            "plan_actions": PlanAction.objects.filter(created_by=user).count(),
            "recognitions": Recognition.objects.filter(recognised_by=user).count(),
            "import_batches_submitted": ImportBatch.objects.filter(submitted_by=user).count(),
            "comment_decisions": CommentDecision.objects.filter(decided_by=user).count(),
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
    submitted = list(
        Response.objects.filter(user=user, status=ResponseStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    for response_id in submitted:
        Response.objects.filter(pk=response_id).update(
            user=None, invitation=None, respondent_ref=_new_ref()
        )
    drafts = _deleted(Response.objects.filter(user=user), Response)
    invitations = Invitation.objects.filter(user=user)
    if email:
        invitations = Invitation.objects.filter(Q(user=user) | Q(email__iexact=email))
    invitations_deleted = _deleted(invitations, Invitation)
    memberships_deleted = _deleted(Membership.objects.filter(user=user), Membership)
    # The names shown on the areas' profiles change: count it, so no cached dashboard
    # still shows them (``update()`` sends no signals).
    named_in = set(
        AgreementSignature.objects.filter(user=user).values_list("version__area_id", flat=True)
    ) | set(Recognition.objects.filter(recognised_by=user).values_list("area_id", flat=True))
    AgreementSignature.objects.filter(user=user).update(user=None, signer_name=ERASED_NAME)
    Recognition.objects.filter(recognised_by=user).update(
        recognised_by=None, recognised_by_name=ERASED_NAME
    )
    for area_id in sorted(named_in):
        area_profile_touch(area_id=area_id)
    for model in (HistoryEvent, AgreementVersion, PlanAction):
        model.objects.filter(created_by=user).update(created_by=None)
    CommentDecision.objects.filter(decided_by=user).update(decided_by=None)
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
        responses_detached=len(submitted),
        drafts_deleted=drafts,
        invitations_deleted=invitations_deleted,
        memberships_deleted=memberships_deleted,
    )
    logger.info("person erased %s", outcome.as_dict())
    return outcome


def _deleted(queryset, model) -> int:
    """Delete and return how many rows of ``model`` itself went (not cascaded ones)."""
    _total, per_model = queryset.delete()
    return per_model.get(model._meta.label, 0)


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
        expired = _deleted(
            Invitation.objects.filter(used_at__isnull=True, expires_at__lt=now), Invitation
        )
        old_rounds = AreaRound.objects.filter(closes__lt=cutoff.date())
        old_invitations = _deleted(
            Invitation.objects.filter(area_round__in=old_rounds), Invitation
        )
        old_drafts = _deleted(
            Response.objects.filter(area_round__in=old_rounds).exclude(
                status=ResponseStatus.SUBMITTED
            ),
            Response,
        )
        detached = Response.objects.filter(area_round__in=old_rounds, user__isnull=False).update(
            user=None, invitation=None
        )
    # A link's identity is never signed in, so ``last_login`` alone does not say it was
    # seen: using a link or saving an answer does too.
    link_used = Invitation.objects.filter(user=OuterRef("pk"), used_at__gte=cutoff)
    answered = Response.objects.filter(user=OuterRef("pk"), updated_at__gte=cutoff)
    dormant = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False)
        # An unusable password ("!..."): the person only ever came through a link; one who
        # signs in through a council's provider signs in by themselves, as with a password.
        .filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(pk__in=provider_user_ids())
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(Exists(link_used))
        .exclude(Exists(answered))
    )
    erased = 0
    for user in dormant.iterator():
        person_erase(user=user)
        erased += 1
    outcome = RetentionOutcome(
        expired_invitations_deleted=expired,
        old_invitations_deleted=old_invitations,
        old_responses_detached=detached,
        old_drafts_deleted=old_drafts,
        dormant_accounts_erased=erased,
    )
    logger.info("retention applied %s", outcome.as_dict())
    return outcome
