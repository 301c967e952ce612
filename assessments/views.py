"""Pages of the online self-assessment, the invitation link, the coordinator's round page
and comments page, and the administrators' raw CSV downloads."""

import csv
import io
import logging
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import selectors
from assessments.forms import (
    CommentHideForm,
    DimensionPageForm,
    ImportAction,
    ImportForm,
    InviteForm,
    RepublishForm,
    RoundDatesForm,
    StartForm,
)
from assessments.invitees import invitee_of, invitee_session_begin
from assessments.models import (
    AreaRound,
    AreaRoundStatus,
    CommentAction,
    ImportBatchStatus,
    Invitation,
    ResponseStatus,
)
from assessments.services.comments import comment_hide, comment_unhide
from assessments.services.imports import (
    ImportRejected,
    import_batch_acts,
    import_batch_submit,
    import_file_check,
    import_file_commit,
)
from assessments.services.invitations import (
    InvitationInvalid,
    InvitationProblem,
    invitation_accept,
    invitation_for_token,
    invitation_resend,
    invitations_create,
    reminders_queue,
    token_hash,
)
from assessments.services.responses import response_save_page, response_start, response_submit
from assessments.services.rounds import (
    area_round_close,
    area_round_is_open,
    area_round_open,
    area_round_publish,
    area_round_republish,
)
from partnerships.access import (
    access_for,
    answerer_for,
    area_for_coordinator,
    can_decide_comments,
    require_admin,
    require_comment_decider,
)
from partnerships.models import Membership, Role
from pip_portal.security import client_address
from pip_portal.spreadsheets import spreadsheet_safe

security_log = logging.getLogger("pip_portal.security")

# --- access -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answering:
    """Who answers on a respondent page, and for which area round."""

    area_round: AreaRound
    # The account the answers are stored under: the signed-in person, or a session
    # invitee's passwordless identity (never signed in).
    user: object
    by_invitation: bool


def answering_required(view):
    """For the respondent pages: work out who answers the area round (``answerer_for``) and
    pass it to the view as ``answering``; send anyone else who is not signed in to sign in,
    as ``login_required`` does."""

    @wraps(view)
    def wrapped(request, area: str, round: str, **kwargs):
        invitee = invitee_of(request)
        if not request.user.is_authenticated and invitee is None:
            return redirect_to_login(request.get_full_path())
        area_round = selectors.area_round_for(area_slug=area, round_slug=round)
        user = answerer_for(request.user, area_round, invitee=invitee)
        if user is None:  # an invitee of another round: a signed-out visitor here
            return redirect_to_login(request.get_full_path())
        answering = Answering(area_round=area_round, user=user, by_invitation=invitee is not None)
        return view(request, answering=answering, **kwargs)

    return wrapped


def _response_of(answering: Answering):
    return selectors.response_for(user=answering.user, area_round=answering.area_round)


def _page_url(area_round, page: int, total: int) -> str:
    kwargs = {"area": area_round.area.slug, "round": area_round.round.slug}
    if page > total:
        return reverse("assessment_review", kwargs=kwargs)
    return reverse("assessment_page", kwargs={**kwargs, "page": max(page, 1)})


def _add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _closed(request, area_round, status=403):
    return render(request, "assessments/closed.html", {"area_round": area_round}, status=status)


# --- respondent -------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@answering_required
def assessment_start(request, answering: Answering):
    """About the assessment, and the person's sector and organisation; then on to the pages."""
    area_round, response = answering.area_round, _response_of(answering)
    pages = selectors.dimensions_of(area_round.round.framework)
    is_open = area_round_is_open(area_round)
    if request.method == "POST":
        if not is_open:
            return _closed(request, area_round)
        form = StartForm(request.POST, area=area_round.area)
        if form.is_valid():
            try:
                response = response_start(
                    user=answering.user,
                    area_round=area_round,
                    sector=form.cleaned_data["sector"],
                    organisation=form.cleaned_data["organisation"],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect(_page_url(area_round, response.current_page or 1, len(pages)))
    else:
        if response is not None:
            initial = {"sector": response.sector, "organisation": response.organisation}
        else:
            membership = (
                Membership.objects.filter(
                    user=answering.user, area=area_round.area, role=Role.RESPONDENT
                )
                .values("sector", "organisation")
                .first()
                or {}
            )
            initial = {
                "sector": membership.get("sector") or None,
                "organisation": membership.get("organisation"),
            }
        form = StartForm(initial=initial, area=area_round.area)
    return render(
        request,
        "assessments/start.html",
        {
            "area_round": area_round,
            "by_invitation": answering.by_invitation,
            "framework": area_round.round.framework,
            "response": response,
            "is_submitted": response is not None and response.status == ResponseStatus.SUBMITTED,
            "page_count": len(pages),
            "is_open": is_open,
            "form": form,
            "resume_url": (
                _page_url(area_round, response.current_page or 1, len(pages)) if response else None
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@answering_required
def assessment_page(request, answering: Answering, page: int):
    """One dimension a page. Every save is stored on the server as a draft."""
    area_round, response = answering.area_round, _response_of(answering)
    area, round = area_round.area.slug, area_round.round.slug
    if response is None:
        return redirect("assessment_start", area=area, round=round)
    pages = selectors.dimensions_of(area_round.round.framework)
    if not 1 <= page <= len(pages):
        raise Http404
    dimension = pages[page - 1]
    framework = area_round.round.framework
    questions = selectors.page_questions(dimension)
    is_open = area_round_is_open(area_round)
    if request.method == "POST":
        if not is_open:
            return _closed(request, area_round)
        form = DimensionPageForm(
            request.POST, framework=framework, questions=questions, dimension=dimension
        )
        if form.is_valid():
            action = request.POST.get("action", "next")
            target = {"previous": page - 1, "save": page}.get(action, page + 1)
            try:
                response_save_page(
                    response=response,
                    dimension=dimension,
                    answers=form.answers(),
                    comment=form.cleaned_data["comment"],
                    resume_page=max(target, 1),
                    questions=questions,
                    area_round=area_round,
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if action == "save":
                    messages.success(
                        request,
                        _("Your answers are saved. You can come back before %(date)s.")
                        % {"date": area_round.closes.strftime("%d %B %Y")},
                    )
                    return redirect("assessment_start", area=area, round=round)
                return redirect(_page_url(area_round, max(target, 1), len(pages)))
    else:
        answers, comment = selectors.page_saved(response=response, dimension=dimension)
        form = DimensionPageForm(
            initial=DimensionPageForm.initial_for(
                questions=questions, answers=answers, comment=comment
            ),
            framework=framework,
            questions=questions,
            dimension=dimension,
            read_only=not is_open,
        )
    return render(
        request,
        "assessments/page.html",
        {
            "area_round": area_round,
            "by_invitation": answering.by_invitation,
            "response": response,
            "is_submitted": response.status == ResponseStatus.SUBMITTED,
            "dimension": dimension,
            "form": form,
            "page": page,
            "page_count": len(pages),
            "pages": pages,
            "is_open": is_open,
            "previous_url": _page_url(area_round, page - 1, len(pages)) if page > 1 else None,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@answering_required
def assessment_review(request, answering: Answering):
    """Unanswered statements before submission; submitting."""
    area_round, response = answering.area_round, _response_of(answering)
    area, round = area_round.area.slug, area_round.round.slug
    if response is None:
        return redirect("assessment_start", area=area, round=round)
    is_open = area_round_is_open(area_round)
    error = None
    if request.method == "POST":
        if not is_open:
            return _closed(request, area_round)
        try:
            response_submit(response=response, area_round=area_round)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("assessment_done", area=area, round=round)
    pages = selectors.dimensions_of(area_round.round.framework)
    unanswered = selectors.unanswered_questions(response=response)
    page_of = {dimension.pk: number for number, dimension in enumerate(pages, start=1)}
    return render(
        request,
        "assessments/review.html",
        {
            "area_round": area_round,
            "by_invitation": answering.by_invitation,
            "response": response,
            "is_open": is_open,
            "is_submitted": response.status == ResponseStatus.SUBMITTED,
            "error": error,
            "page_count": len(pages),
            "unanswered": [
                {
                    "question": question,
                    "url": _page_url(area_round, page_of[question.dimension_id], len(pages)),
                }
                for question in unanswered
            ],
            "pages": [
                {
                    "number": number,
                    "dimension": dimension,
                    "url": _page_url(area_round, number, len(pages)),
                }
                for number, dimension in enumerate(pages, start=1)
            ],
        },
        status=400 if error else 200,
    )


@never_cache
@require_GET
@answering_required
def assessment_done(request, answering: Answering):
    area_round, response = answering.area_round, _response_of(answering)
    if response is None or response.status != ResponseStatus.SUBMITTED:
        return redirect(
            "assessment_review", area=area_round.area.slug, round=area_round.round.slug
        )
    return render(
        request,
        "assessments/done.html",
        {
            "area_round": area_round,
            "by_invitation": answering.by_invitation,
            "response": response,
            "is_open": area_round_is_open(area_round),
        },
    )


# --- invitation link --------------------------------------------------------------------


def _invalid_invitation(request, error: InvitationInvalid):
    status = {InvitationProblem.UNKNOWN: 404, InvitationProblem.SIGN_IN_ACCOUNT: 403}.get(
        error.problem, 410
    )
    sign_in_next = None
    if error.problem == InvitationProblem.SIGN_IN_ACCOUNT:
        area_round = error.invitation.area_round
        sign_in_next = reverse(
            "assessment_start",
            kwargs={"area": area_round.area.slug, "round": area_round.round.slug},
        )
    return render(
        request,
        "assessments/invitation_invalid.html",
        {"problem": error.problem, "problems": InvitationProblem, "sign_in_next": sign_in_next},
        status=status,
    )


def _start(area_round):
    return redirect("assessment_start", area=area_round.area.slug, round=area_round.round.slug)


# The field of the "which to continue as" page's button that makes the link's invitee take
# over from whoever the browser is now.
CONTINUE_AS_INVITEE = "continue_as_invitee"


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    """A personal invitation link. Showing it does not use it (mail scanners open links);
    pressing "Continue" does, once, and makes the browser the invitation's session invitee
    (``assessments.invitees``) for that area round's assessment. Nobody is signed in.

    Someone signed in, or already the invitee of another invitation, is asked which to
    continue as; only pressing "continue as the invited person" signs them out (or drops
    the other invitation) and uses the link. Nothing switches silently.
    """
    invitee = invitee_of(request)
    if invitee is not None and invitee.link_hash == token_hash(token):
        return _start(invitee.area_round)  # their own link again, already in use here
    try:
        invitation = invitation_for_token(token=token)
    except InvitationInvalid as error:
        return _invalid_invitation(request, error)
    signed_in = request.user if request.user.is_authenticated else None
    confirmed = request.method == "POST" and CONTINUE_AS_INVITEE in request.POST
    if (signed_in or invitee) and not confirmed:
        return render(
            request,
            "assessments/invitation_choose.html",
            {
                "area_round": invitation.area_round,
                "signed_in": signed_in,
                "invitee": invitee,
                "continue_field": CONTINUE_AS_INVITEE,
            },
        )
    if request.method == "GET":
        context = {"area_round": invitation.area_round}
        return render(request, "assessments/invitation.html", context)
    try:
        invitation = invitation_accept(token=token)
    except InvitationInvalid as error:
        return _invalid_invitation(request, error)
    if signed_in is not None:
        logout(request)
    invitee_session_begin(request, invitation)
    security_log.info(
        "invitation link used invitation=%s address=%s", invitation.pk, client_address(request)
    )
    return _start(invitation.area_round)


# --- coordinator ------------------------------------------------------------------------


def _coordinated_round(request, area: str, round: str):
    area_obj = area_for_coordinator(request.user, area)
    return selectors.area_round_get(area=area_obj, round_slug=round)


def _manage_page(request, area_round, *, status=200, **forms):
    is_open = area_round_is_open(area_round)
    is_admin = access_for(request.user).is_admin
    context = {
        "area_round": area_round,
        "is_open": is_open,
        "statuses": AreaRoundStatus,
        "rates": selectors.response_rate_by_sector(area_round=area_round),
        "invitations": selectors.invitations_of(area_round=area_round),
        "dates_form": forms.get("dates_form")
        or RoundDatesForm(initial={"opens": area_round.opens, "closes": area_round.closes}),
        "invite_form": forms.get("invite_form") or InviteForm(),
        "import_form": forms.get("import_form") or ImportForm(),
        "import_problems": forms.get("import_problems", []),
        "import_actions": ImportAction,
        "batches": [
            (batch, import_batch_acts(batch=batch, area_round=area_round) if is_admin else [])
            for batch in selectors.import_batches_of(area_round=area_round)
        ],
        "batch_statuses": ImportBatchStatus,
        "can_publish": area_round.status == AreaRoundStatus.CLOSED and not area_round.is_published,
        "is_admin": is_admin,
        "publications": selectors.publications_of(area_round=area_round),
        "comment_count": selectors.comment_count(area_round=area_round),
    }
    if context["is_admin"] and area_round.is_published:
        context["republish_form"] = forms.get("republish_form") or RepublishForm()
        context["figures_behind"] = area_round.scores_version < area_round.data_version
    rates = context["rates"]
    context["totals"] = {
        "invited": sum(r.invited for r in rates),
        "started": sum(r.started for r in rates),
        "submitted": sum(r.submitted for r in rates),
        "imported": sum(r.imported for r in rates),
    }
    return render(request, "assessments/manage.html", context, status=status)


def _back(area_round):
    return redirect("round_manage", area=area_round.area.slug, round=area_round.round.slug)


@login_required
@require_GET
def round_manage(request, area: str, round: str):
    """The coordinator's page for the area's round: dates, response rate, invitations."""
    return _manage_page(request, _coordinated_round(request, area, round))


@login_required
@require_POST
def round_open(request, area: str, round: str):
    area_round = _coordinated_round(request, area, round)
    form = RoundDatesForm(request.POST)
    if form.is_valid():
        try:
            area_round_open(area_round=area_round, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The round is open."))
            return _back(area_round)
    return _manage_page(request, area_round, status=400, dates_form=form)


@login_required
@require_POST
def round_close(request, area: str, round: str):
    area_round = _coordinated_round(request, area, round)
    try:
        area_round_close(area_round=area_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is closed. Answers are now read-only."))
    return _back(area_round)


@login_required
@require_POST
def round_publish(request, area: str, round: str):
    area_round = _coordinated_round(request, area, round)
    try:
        area_round_publish(area_round=area_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Results are published to the area's respondents, coordinators and sponsors."),
        )
    return _back(area_round)


@login_required
@require_POST
def round_republish(request, area: str, round: str):
    """An administrator publishes corrected figures, with the reason on record."""
    area_round = selectors.area_round_for(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    form = RepublishForm(request.POST)
    if form.is_valid():
        try:
            area_round_republish(
                area_round=area_round, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The corrected results are published."))
            return _back(area_round)
    return _manage_page(request, area_round, status=400, republish_form=form)


@login_required
@require_POST
def round_invite(request, area: str, round: str):
    area_round = _coordinated_round(request, area, round)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, area_round, status=400, invite_form=form)
    try:
        outcome = invitations_create(
            area_round=area_round,
            emails_text=form.cleaned_data["emails"],
            sector=form.cleaned_data["sector"],
            invited_by=request.user,
        )
    except ValidationError as error:
        _add_service_errors(form, error)
        return _manage_page(request, area_round, status=400, invite_form=form)
    if outcome.invited:
        messages.success(
            request,
            ngettext("Invited %(n)s person.", "Invited %(n)s people.", len(outcome.invited))
            % {"n": len(outcome.invited)},
        )
    if outcome.already_invited:
        messages.info(
            request,
            _("Already invited (use “Send again” to resend): %(emails)s")
            % {"emails": ", ".join(outcome.already_invited)},
        )
    if outcome.rejected:
        messages.error(
            request,
            _("These are not valid email addresses and were not invited: %(emails)s")
            % {"emails": ", ".join(outcome.rejected)},
        )
    return _back(area_round)


@login_required
@require_POST
def invitation_resend_view(request, area: str, round: str, invitation: int):
    area_round = _coordinated_round(request, area, round)
    invitation_obj = get_object_or_404(
        Invitation.objects.select_related("area_round"), pk=invitation, area_round=area_round
    )
    try:
        invitation_resend(invitation=invitation_obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation is on its way to %(email)s.") % {"email": invitation_obj.email},
        )
    return _back(area_round)


@login_required
@require_POST
def round_remind(request, area: str, round: str):
    area_round = _coordinated_round(request, area, round)
    try:
        count = reminders_queue(area_round=area_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(n)s person who has not submitted.",
                "Reminders are on their way to %(n)s people who have not submitted.",
                count,
            )
            % {"n": count},
        )
    return _back(area_round)


@login_required
@require_POST
def round_import(request, area: str, round: str):
    """Check an uploaded file, submit it for an administrator to import, or (administrators
    only) import it at once; every problem is listed by line and nothing is stored then."""
    area_round = _coordinated_round(request, area, round)
    if request.POST.get("action") == ImportAction.COMMIT:
        # Before the file is even read: only an administrator writes imported responses.
        require_admin(request.user, area_round.area)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _manage_page(request, area_round, status=400, import_form=form)
    upload, action = form.cleaned_data["file"], form.cleaned_data["action"]
    data = upload.read()
    try:
        if action == ImportAction.CHECK:
            check = import_file_check(area_round=area_round, data=data)
            message = _("“%(file)s” has no problems: %(rows)s. Nothing has been stored.") % {
                "file": upload.name,
                "rows": check,
            }
        elif action == ImportAction.SUBMIT:
            batch = import_batch_submit(
                area_round=area_round, file_name=upload.name, data=data, by=request.user
            )
            message = _("“%(file)s” (%(rows)s) is waiting for an administrator to import it.") % {
                "file": batch.file_name,
                "rows": _rows(batch.rows),
            }
        else:
            batch = import_file_commit(
                area_round=area_round, file_name=upload.name, data=data, by=request.user
            )
            message = _("Imported “%(file)s” (%(rows)s) as batch %(batch)s.") % {
                "file": batch.file_name,
                "rows": _rows(batch.rows),
                "batch": batch.pk,
            }
    except ImportRejected as error:
        return _manage_page(
            request, area_round, status=400, import_form=form, import_problems=error.problems
        )
    messages.success(request, message)
    return _back(area_round)


def _rows(rows: int) -> str:
    return ngettext("%(n)s row", "%(n)s rows", rows) % {"n": rows}


def _csv_chunks(rows, *, size: int = 64 * 1024):
    """CSV text of ``rows`` in chunks of about ``size`` characters: a streamed response of
    many small chunks spends its time passing them along, one at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def _csv_download(area_round, rows, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
    filename = f"{area_round.area.slug}-{area_round.round.slug}-{name}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def responses_export(request, area: str, round: str):
    """The raw responses as CSV (import format, pseudonymous), for administrators only."""
    area_round = selectors.area_round_for(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    return _csv_download(area_round, selectors.export_rows(area_round=area_round), "responses")


@login_required
@require_GET
def comments_export(request, area: str, round: str):
    """The comments the outputs would show as CSV, hidden ones included and marked with the
    latest decision, for administrators only. Comments are free text: every cell is made
    safe to open in a spreadsheet."""
    area_round = selectors.area_round_for(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    rows = (
        [spreadsheet_safe(cell) for cell in row]
        for row in selectors.comments_export_rows(area_round=area_round)
    )
    return _csv_download(area_round, rows, "comments")


# --- comment moderation ---------------------------------------------------------------------


def _comment_form_prefix(comment) -> str:
    return f"comment-{comment.key.hex}"


def _comments_page(request, area_round, *, status=200, failed=None):
    """The moderation page. ``failed``: (comment, its hide form with errors) to show again."""
    is_closed = area_round.status == AreaRoundStatus.CLOSED
    may_decide = is_closed and can_decide_comments(request.user, area_round)
    failed_comment, failed_form = failed or (None, None)

    def hide_form(comment):
        if not may_decide or comment.hidden:
            return None
        if failed_comment is not None and comment.pk == failed_comment.pk:
            return failed_form
        return CommentHideForm(prefix=_comment_form_prefix(comment))

    sections = [
        {
            "dimension": section.dimension,
            "items": [
                {"comment": comment, "hide_form": hide_form(comment)}
                for comment in section.comments
            ],
        }
        for section in (selectors.comments_for_review(area_round=area_round) if is_closed else [])
    ]
    comments = [item["comment"] for section in sections for item in section["items"]]
    return render(
        request,
        "assessments/comments.html",
        {
            "area_round": area_round,
            "is_closed": is_closed,
            "may_decide": may_decide,
            "is_admin": access_for(request.user).is_admin,
            "comment_count": selectors.comment_count(area_round=area_round),
            "sections": sections,
            "visible_count": sum(1 for comment in comments if not comment.hidden),
            "hidden_count": sum(1 for comment in comments if comment.hidden),
            "failed_form": failed_form,
            "actions": CommentAction,
        },
        status=status,
    )


def _back_to_comments(area_round, comment):
    url = reverse(
        "round_comments", kwargs={"area": area_round.area.slug, "round": area_round.round.slug}
    )
    return redirect(f"{url}#comment-{comment.key}")


@login_required
@require_GET
def round_comments(request, area: str, round: str):
    """The area round's comments for its coordinators and administrators: while the round
    is open only how many there are; once closed, the comments outputs would show, to hide
    any that should not be."""
    return _comments_page(request, _coordinated_round(request, area, round))


def _comment_to_decide(request, area: str, round: str, comment):
    area_round = _coordinated_round(request, area, round)
    require_comment_decider(request.user, area_round)
    return area_round, selectors.comment_for_review(area_round=area_round, key=comment)


@login_required
@require_POST
def comment_hide_view(request, area: str, round: str, comment):
    area_round, comment_obj = _comment_to_decide(request, area, round, comment)
    form = CommentHideForm(request.POST, prefix=_comment_form_prefix(comment_obj))
    if not form.is_valid():
        return _comments_page(request, area_round, status=400, failed=(comment_obj, form))
    try:
        comment_hide(
            comment=comment_obj,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            decided_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The comment is hidden from every dashboard, report and download.")
        )
    return _back_to_comments(area_round, comment_obj)


@login_required
@require_POST
def comment_unhide_view(request, area: str, round: str, comment):
    area_round, comment_obj = _comment_to_decide(request, area, round, comment)
    try:
        comment_unhide(comment=comment_obj, decided_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The comment is shown again wherever it would be."))
    return _back_to_comments(area_round, comment_obj)
