"""Comment moderation: a coordinator hides a comment from every output, or undoes that.

A comment is reviewed once the area's round is closed: its coordinators decide until the
results are published, administrators at any time (``partnerships.access``). Each decision
is a ``CommentDecision`` row (who, when, why) and is never changed; the comment's ``hidden``
flag is the current state, which ``assessments.scoring.area_round_result`` reads for every
dashboard, PDF, API and export.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    AreaRound,
    AreaRoundStatus,
    Comment,
    CommentAction,
    CommentDecision,
)
from assessments.scoring import ScoreChangeReason, scores_mark_outputs_changed
from partnerships.access import can_decide_comments


def _area_round_locked(comment: Comment) -> AreaRound:
    """The comment's area round, locked: a decision and a publication (or re-opening) of
    the same round are serialised, so the state checked is the state decided in."""
    area_round = (
        AreaRound.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(responses__comments=comment)
    )
    if area_round.status != AreaRoundStatus.CLOSED:
        raise ValidationError(
            _("Comments can be reviewed once the round is closed."), code="not_closed"
        )
    return area_round


def _decide(
    *, comment: Comment, action: str, reason: str, note: str, decided_by
) -> CommentDecision:
    area_round = _area_round_locked(comment)
    if not can_decide_comments(decided_by, area_round):
        raise PermissionDenied
    decision = CommentDecision(
        comment=comment,
        action=action,
        reason=reason,
        note=note.strip(),
        decided_by=decided_by,
        decided_at=timezone.now(),
        after_publication=area_round.is_published,
    )
    decision.full_clean()
    hide = action == CommentAction.HIDE
    # Claimed by a conditional UPDATE: a double click or a second coordinator deciding at
    # the same moment finds the comment already in that state and records nothing.
    if not Comment.objects.filter(pk=comment.pk, hidden=not hide).update(hidden=hide):
        raise ValidationError(
            _("This comment is already hidden.") if hide else _("This comment is not hidden."),
            code="already_decided",
        )
    comment.hidden = hide
    decision.save()
    # What the outputs show changes, the figures do not (published ones stay frozen).
    scores_mark_outputs_changed(area_round=area_round, reason=ScoreChangeReason.MODERATED)
    return decision


@transaction.atomic
def comment_hide(*, comment: Comment, reason: str, note: str = "", decided_by) -> CommentDecision:
    """Hide a comment from every output but the administrator's raw export, for ``reason``
    (a ``CommentHiddenReason``), with an optional note. Raises ``ValidationError`` if the
    round is not closed, the reason is missing or the comment is already hidden, and
    ``PermissionDenied`` if ``decided_by`` may not decide (``can_decide_comments``)."""
    return _decide(
        comment=comment, action=CommentAction.HIDE, reason=reason, note=note, decided_by=decided_by
    )


@transaction.atomic
def comment_unhide(*, comment: Comment, note: str = "", decided_by) -> CommentDecision:
    """Undo hiding: the comment is shown again wherever it would be. Refused as
    ``comment_hide`` is; the earlier decision stays on record."""
    return _decide(
        comment=comment, action=CommentAction.SHOW, reason="", note=note, decided_by=decided_by
    )
