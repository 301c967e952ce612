"""A person's data held by ``assessments``: invitations, responses, answers and comments,
and the retention rule for them. ``pip_portal.personal_data`` puts every app's part
together.

Erasure keeps the figures honest: a person's *submitted* answers stay in the aggregates,
detached from them (no account, a fresh random respondent reference); their drafts and
invitations go.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from assessments.models import (
    AreaRound,
    CommentDecision,
    ImportBatch,
    Invitation,
    Response,
    ResponseStatus,
)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _new_ref() -> str:
    return f"anon-{secrets.token_hex(8)}"


def deleted_count(queryset, model) -> int:
    """Delete and return how many rows of ``model`` itself went (not cascaded ones)."""
    _total, per_model = queryset.delete()
    return per_model.get(model._meta.label, 0)


def _invitations_of(user):
    if user.email:
        return Invitation.objects.filter(Q(user=user) | Q(email__iexact=user.email))
    return Invitation.objects.filter(user=user)


def invitation_export(*, user) -> list[dict]:
    """The person's invitations (theirs, or sent to their address), as JSON-ready data."""
    invitations = (
        Invitation.objects.filter(Q(user=user) | Q(email__iexact=user.email or "\0"))
        .select_related("area_round__area", "area_round__round")
        .order_by("created_at")
    )
    return [
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
    ]


def response_export(*, user) -> list[dict]:
    """The person's responses with their answers and comments, as JSON-ready data."""
    responses = (
        Response.objects.filter(user=user)
        .select_related("area_round__area", "area_round__round", "organisation")
        .prefetch_related("answers__question", "comments__dimension")
        .order_by("started_at")
    )
    return [
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
                {"question": a.question.code, "value": a.value, "dont_know": a.dont_know}
                for a in sorted(r.answers.all(), key=lambda a: a.question.code)
            ],
            "comments": [
                {"dimension": c.dimension.key, "text": c.text, "hidden": c.hidden}
                for c in r.comments.all()
            ],
        }
        for r in responses
    ]


def person_record_counts(*, user) -> dict[str, int]:
    """How many records the person made here that name them as their maker."""
    return {
        "import_batches_submitted": ImportBatch.objects.filter(submitted_by=user).count(),
        "comment_decisions": CommentDecision.objects.filter(decided_by=user).count(),
    }


@dataclass(frozen=True)
class AssessmentsErasure:
    responses_detached: int
    drafts_deleted: int
    invitations_deleted: int


def person_assessments_erase(*, user) -> AssessmentsErasure:
    """Detach the person's submitted responses (a new reference each), delete their drafts
    and invitations, and take their name off moderation decisions. Call it inside the
    erasure's transaction, before the account's address is cleared."""
    submitted = list(
        Response.objects.filter(user=user, status=ResponseStatus.SUBMITTED).values_list(
            "pk", flat=True
        )
    )
    for response_id in submitted:
        Response.objects.filter(pk=response_id).update(
            user=None, invitation=None, respondent_ref=_new_ref()
        )
    drafts = deleted_count(Response.objects.filter(user=user), Response)
    invitations = deleted_count(_invitations_of(user), Invitation)
    CommentDecision.objects.filter(decided_by=user).update(decided_by=None)
    return AssessmentsErasure(
        responses_detached=len(submitted), drafts_deleted=drafts, invitations_deleted=invitations
    )


@dataclass(frozen=True)
class AssessmentsRetention:
    expired_invitations_deleted: int
    old_invitations_deleted: int
    old_responses_detached: int
    old_drafts_deleted: int


def assessments_retention_apply(
    *, now: datetime.datetime, cutoff: datetime.datetime
) -> AssessmentsRetention:
    """Unused invitations past their expiry go; for area rounds that closed before
    ``cutoff``, invitations and drafts go and submitted responses are detached. The caller
    owns the transaction."""
    expired = deleted_count(
        Invitation.objects.filter(used_at__isnull=True, expires_at__lt=now), Invitation
    )
    old_rounds = AreaRound.objects.filter(closes__lt=cutoff.date())
    old_invitations = deleted_count(
        Invitation.objects.filter(area_round__in=old_rounds), Invitation
    )
    old_drafts = deleted_count(
        Response.objects.filter(area_round__in=old_rounds).exclude(
            status=ResponseStatus.SUBMITTED
        ),
        Response,
    )
    detached = Response.objects.filter(area_round__in=old_rounds, user__isnull=False).update(
        user=None, invitation=None
    )
    return AssessmentsRetention(
        expired_invitations_deleted=expired,
        old_invitations_deleted=old_invitations,
        old_responses_detached=detached,
        old_drafts_deleted=old_drafts,
    )


def account_activity_since(*, cutoff: datetime.datetime) -> list[Exists]:
    """Conditions on a query of accounts, true for one that used an invitation link or
    saved an answer since ``cutoff``. A link's identity is never signed in, so
    ``last_login`` alone does not say it was seen: these do."""
    return [
        Exists(Invitation.objects.filter(user=OuterRef("pk"), used_at__gte=cutoff)),
        Exists(Response.objects.filter(user=OuterRef("pk"), updated_at__gte=cutoff)),
    ]
