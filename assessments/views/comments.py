"""Comment moderation: the area round's comments for its coordinators and administrators,
hiding one from every output (with a reason) and undoing that."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import selectors
from assessments.forms import CommentHideForm
from assessments.models import AreaRoundStatus, CommentAction
from assessments.services.comments import comment_hide, comment_unhide
from assessments.views.common import coordinated_round, round_kwargs
from partnerships.access import can_decide_comments, is_administrator, require_comment_decider


def _form_prefix(comment) -> str:
    return f"comment-{comment.key.hex}"


def _sections(area_round, *, may_decide: bool, failed) -> list[dict]:
    """The comments by dimension, each with its hide form where the person may hide it;
    ``failed``: (comment, its hide form with errors) to show again."""
    failed_comment, failed_form = failed or (None, None)

    def hide_form(comment):
        if not may_decide or comment.hidden:
            return None
        if failed_comment is not None and comment.pk == failed_comment.pk:
            return failed_form
        return CommentHideForm(prefix=_form_prefix(comment))

    return [
        {
            "dimension": section.dimension,
            "items": [
                {"comment": comment, "hide_form": hide_form(comment)}
                for comment in section.comments
            ],
        }
        for section in selectors.comment_list_for_review(area_round=area_round)
    ]


def _comments_page(request, area_round, *, status=200, failed=None):
    """The moderation page: while the round is open only how many comments there are."""
    is_closed = area_round.status == AreaRoundStatus.CLOSED
    may_decide = is_closed and can_decide_comments(request.user, area_round)
    sections = _sections(area_round, may_decide=may_decide, failed=failed) if is_closed else []
    comments = [item["comment"] for section in sections for item in section["items"]]
    context = {
        "area_round": area_round,
        "is_closed": is_closed,
        "may_decide": may_decide,
        "is_admin": is_administrator(request.user),
        "comment_count": selectors.comment_count(area_round=area_round),
        "sections": sections,
        "visible_count": sum(1 for comment in comments if not comment.hidden),
        "hidden_count": sum(1 for comment in comments if comment.hidden),
        "failed_form": (failed or (None, None))[1],
        "actions": CommentAction,
    }
    return render(request, "assessments/comments.html", context, status=status)


def _back_to_comments(area_round, comment):
    url = reverse("round_comments", kwargs=round_kwargs(area_round))
    return redirect(f"{url}#comment-{comment.key}")


@login_required
@require_GET
def round_comments(request, area: str, round: str):
    """The area round's comments for its coordinators and administrators: while the round
    is open only how many there are; once closed, the comments outputs would show, to hide
    any that should not be."""
    return _comments_page(request, coordinated_round(request, area, round))


def _comment_to_decide(request, area: str, round: str, key):
    area_round = coordinated_round(request, area, round)
    require_comment_decider(request.user, area_round)
    return area_round, selectors.comment_get_for_review(area_round=area_round, key=key)


def _decided(request, area_round, comment, decide, success: str):
    """Record the decision; its refusal, or ``success``, as a message on the page."""
    try:
        decide()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return _back_to_comments(area_round, comment)


@login_required
@require_POST
def comment_hide_view(request, area: str, round: str, comment):
    area_round, comment = _comment_to_decide(request, area, round, comment)
    form = CommentHideForm(request.POST, prefix=_form_prefix(comment))
    if not form.is_valid():
        return _comments_page(request, area_round, status=400, failed=(comment, form))
    return _decided(
        request,
        area_round,
        comment,
        lambda: comment_hide(
            comment=comment,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            decided_by=request.user,
        ),
        _("The comment is hidden from every dashboard, report and download."),
    )


@login_required
@require_POST
def comment_unhide_view(request, area: str, round: str, comment):
    area_round, comment = _comment_to_decide(request, area, round, comment)
    return _decided(
        request,
        area_round,
        comment,
        lambda: comment_unhide(comment=comment, decided_by=request.user),
        _("The comment is shown again wherever it would be."),
    )
