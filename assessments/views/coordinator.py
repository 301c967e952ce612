"""The coordinator's page for the area's round: dates, response rate, publishing,
invitations and reminders. Administrators also re-publish corrected results here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from assessments import selectors
from assessments.forms import ImportAction, ImportForm, InviteForm, RepublishForm, RoundDatesForm
from assessments.models import AreaRoundStatus, ImportBatchStatus, Invitation
from assessments.services.imports import import_batch_acts
from assessments.services.invitations import (
    invitation_resend,
    invitations_create,
    reminders_queue,
)
from assessments.services.rounds import (
    area_round_close,
    area_round_is_open,
    area_round_open,
    area_round_publish,
    area_round_republish,
)
from assessments.views.common import back_to_round, coordinated_round, form_errors_add
from partnerships.access import is_administrator, require_admin


def _batches(area_round, is_admin: bool) -> list:
    """The round's import batches, each with what an administrator may do to it."""
    return [
        (batch, import_batch_acts(batch=batch, area_round=area_round) if is_admin else [])
        for batch in selectors.import_batch_list(area_round=area_round)
    ]


def _totals(rates) -> dict:
    return {
        "invited": sum(r.invited for r in rates),
        "started": sum(r.started for r in rates),
        "submitted": sum(r.submitted for r in rates),
        "imported": sum(r.imported for r in rates),
    }


def manage_page(request, area_round, *, status=200, **forms):
    """The round page, with any of its forms (``dates_form``, ``invite_form``,
    ``import_form``, ``republish_form``) given back with their errors."""
    is_admin = is_administrator(request.user)
    dates = {"opens": area_round.opens, "closes": area_round.closes}
    rates = selectors.sector_rate_list(area_round=area_round)
    context = {
        "area_round": area_round,
        "is_open": area_round_is_open(area_round),
        "statuses": AreaRoundStatus,
        "rates": rates,
        "invitations": selectors.invitation_list(area_round=area_round),
        "dates_form": forms.get("dates_form") or RoundDatesForm(initial=dates),
        "invite_form": forms.get("invite_form") or InviteForm(),
        "import_form": forms.get("import_form") or ImportForm(),
        "import_problems": forms.get("import_problems", []),
        "import_actions": ImportAction,
        "batches": _batches(area_round, is_admin),
        "batch_statuses": ImportBatchStatus,
        "can_publish": area_round.status == AreaRoundStatus.CLOSED and not area_round.is_published,
        "is_admin": is_admin,
        "publications": selectors.publication_list(area_round=area_round),
        "comment_count": selectors.comment_count(area_round=area_round),
        "totals": _totals(rates),
    }
    if is_admin and area_round.is_published:
        context["republish_form"] = forms.get("republish_form") or RepublishForm()
        context["figures_behind"] = area_round.scores_version < area_round.data_version
    return render(request, "assessments/manage.html", context, status=status)


def _act(request, area_round, act, success: str):
    """Do one act on the round; its refusal, or ``success``, as a message on the round page."""
    try:
        act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return back_to_round(area_round)


@login_required
@require_GET
def round_manage(request, area: str, round: str):
    """The coordinator's page for the area's round: dates, response rate, invitations."""
    return manage_page(request, coordinated_round(request, area, round))


@login_required
@require_POST
def round_open(request, area: str, round: str):
    area_round = coordinated_round(request, area, round)
    form = RoundDatesForm(request.POST)
    if form.is_valid():
        try:
            area_round_open(area_round=area_round, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The round is open."))
            return back_to_round(area_round)
    return manage_page(request, area_round, status=400, dates_form=form)


@login_required
@require_POST
def round_close(request, area: str, round: str):
    area_round = coordinated_round(request, area, round)
    return _act(
        request,
        area_round,
        lambda: area_round_close(area_round=area_round),
        _("The round is closed. Answers are now read-only."),
    )


@login_required
@require_POST
def round_publish(request, area: str, round: str):
    area_round = coordinated_round(request, area, round)
    return _act(
        request,
        area_round,
        lambda: area_round_publish(area_round=area_round, by=request.user),
        _("Results are published to the area's respondents, coordinators and sponsors."),
    )


@login_required
@require_POST
def round_republish(request, area: str, round: str):
    """An administrator publishes corrected figures, with the reason on record."""
    area_round = selectors.area_round_get_by_slug(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    form = RepublishForm(request.POST)
    if form.is_valid():
        try:
            area_round_republish(
                area_round=area_round, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The corrected results are published."))
            return back_to_round(area_round)
    return manage_page(request, area_round, status=400, republish_form=form)


def _invited_messages(request, outcome) -> None:
    """Who was invited, who already was, and which addresses were refused."""
    if outcome.invited:
        count = len(outcome.invited)
        message = ngettext("Invited %(n)s person.", "Invited %(n)s people.", count)
        messages.success(request, message % {"n": count})
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


@login_required
@require_POST
def round_invite(request, area: str, round: str):
    area_round = coordinated_round(request, area, round)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return manage_page(request, area_round, status=400, invite_form=form)
    try:
        outcome = invitations_create(
            area_round=area_round,
            emails_text=form.cleaned_data["emails"],
            sector=form.cleaned_data["sector"],
            invited_by=request.user,
        )
    except ValidationError as error:
        form_errors_add(form, error)
        return manage_page(request, area_round, status=400, invite_form=form)
    _invited_messages(request, outcome)
    return back_to_round(area_round)


@login_required
@require_POST
def invitation_resend_view(request, area: str, round: str, invitation: int):
    area_round = coordinated_round(request, area, round)
    invitation = get_object_or_404(
        Invitation.objects.select_related("area_round"), pk=invitation, area_round=area_round
    )
    return _act(
        request,
        area_round,
        lambda: invitation_resend(invitation=invitation),
        _("A new invitation is on its way to %(email)s.") % {"email": invitation.email},
    )


@login_required
@require_POST
def round_remind(request, area: str, round: str):
    area_round = coordinated_round(request, area, round)
    try:
        count = reminders_queue(area_round=area_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = ngettext(
            "A reminder is on its way to %(n)s person who has not submitted.",
            "Reminders are on their way to %(n)s people who have not submitted.",
            count,
        )
        messages.success(request, message % {"n": count})
    return back_to_round(area_round)
