"""The area profile pages: history timeline, pre-partnership agreement, funding stability,
action plan and recognition.

Anyone with a role in the area (and sponsors and administrators) reads them; only the
area's coordinators change them; sponsors recognise innovation. People from other areas
get a 404. Every view checks access with ``partnerships.access``, validates a form, calls
one service and redirects.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import AreaRound, Round
from assessments.scoring import area_round_result
from partnerships import profile_selectors as selectors
from partnerships import services
from partnerships.access import (
    access_for,
    area_for_coordinator,
    area_for_viewer,
    can_see_results,
)
from partnerships.forms import (
    AgreementForm,
    DevelopmentActionForm,
    FundingForm,
    HistoryEventForm,
    PlanActionForm,
    RecognitionForm,
    SignForm,
)
from partnerships.models import (
    AgreementVersion,
    DevelopmentAction,
    HistoryEvent,
    PlanAction,
    Recognition,
    Sector,
)
from partnerships.suggestions import next_steps

CONFLICT = 409


def _posted(request):
    """Form data for a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _roles(request, area) -> dict:
    access = access_for(request.user)
    return {
        "area": area,
        "can_edit": access.is_admin or access.coordinates(area),
        "can_recognise": access.sees_programme,
    }


def _failed(form, error: ValidationError) -> int:
    """Put a service's refusal on the form; a conflict answers 409, anything else 400."""
    form.add_error(None, error)
    return CONFLICT if getattr(error, "code", None) == "conflict" else 400


def _rounds_of(area):
    return Round.objects.filter(area_rounds__area=area).order_by("opens", "pk")


# --- Overview ---------------------------------------------------------------------------------


@require_GET
@login_required
def profile(request, area):
    area = area_for_viewer(request.user, area)
    summary = selectors.area_profile_summary(area)
    return render(
        request, "partnerships/profile.html", {**_roles(request, area), "summary": summary}
    )


# --- History timeline -------------------------------------------------------------------------


@require_GET
@login_required
def timeline(request, area):
    area = area_for_viewer(request.user, area)
    events = selectors.timeline_for(area)
    return render(
        request, "partnerships/timeline.html", {**_roles(request, area), "events": events}
    )


@require_http_methods(["GET", "POST"])
@login_required
def timeline_event_add(request, area):
    area = area_for_coordinator(request.user, area)
    form = HistoryEventForm(_posted(request), new=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.history_event_create(
                area=area,
                user=request.user,
                date=data["date"],
                kind=data["kind"],
                sectors=data["sectors"],
                effect=data["effect"],
                description=data["description"],
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("The event was added to the timeline."))
            return redirect("area_timeline", area=area.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/timeline_event_form.html",
        {**_roles(request, area), "form": form, "event": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def timeline_event_edit(request, area, pk):
    area = area_for_coordinator(request.user, area)
    event = get_object_or_404(HistoryEvent, pk=pk, area=area)
    initial = model_to_dict(event, fields=["date", "kind", "sectors", "effect", "description"])
    form = HistoryEventForm(
        _posted(request), initial={**initial, "lock_version": event.lock_version}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.history_event_update(
                event=event,
                lock_version=data["lock_version"],
                date=data["date"],
                kind=data["kind"],
                sectors=data["sectors"],
                effect=data["effect"],
                description=data["description"],
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("The event was changed."))
            return redirect("area_timeline", area=area.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/timeline_event_form.html",
        {**_roles(request, area), "form": form, "event": event},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def timeline_event_delete(request, area, pk):
    area = area_for_coordinator(request.user, area)
    event = get_object_or_404(HistoryEvent, pk=pk, area=area)
    error = None
    if request.method == "POST":
        try:
            services.history_event_delete(
                event=event, lock_version=_int(request.POST.get("lock_version"))
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The event was removed from the timeline."))
            return redirect("area_timeline", area=area.slug)
    return render(
        request,
        "partnerships/confirm_delete.html",
        {
            **_roles(request, area),
            "thing": event,
            "lock_version": event.lock_version,
            "error": error,
            "back": reverse("area_timeline", kwargs={"area": area.slug}),
        },
        status=CONFLICT if error else 200,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


# --- Pre-partnership agreement ----------------------------------------------------------------


@require_GET
@login_required
def agreement(request, area):
    area = area_for_viewer(request.user, area)
    summary = selectors.agreement_summary(area)
    sign_form = None
    signer_sector = services.signing_sector_for(user=request.user, area=area)
    version = summary.version
    if version is not None and signer_sector in summary.awaiting_sectors:
        sign_form = SignForm(
            initial={
                "number": version.number,
                "lock_version": version.lock_version,
                "sector": signer_sector,
            }
        )
    return render(
        request,
        "partnerships/agreement.html",
        {
            **_roles(request, area),
            "summary": summary,
            "version": version,
            "sign_form": sign_form,
            "signer_sector_label": Sector(signer_sector).label if signer_sector else "",
            "is_current": True,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request, area):
    area = area_for_coordinator(request.user, area)
    current = selectors.agreement_summary(area).version
    initial = {"number": None, "lock_version": None}
    if current is not None:
        initial = {
            **model_to_dict(current, fields=AgreementVersion.CONTENT_FIELDS),
            "number": current.number,
            "lock_version": current.lock_version,
        }
    form = AgreementForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = services.agreement_save(
                area=area,
                user=request.user,
                number=form.cleaned_data["number"],
                lock_version=form.cleaned_data["lock_version"],
                content=form.content(),
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            if current is not None and version.number != current.number:
                messages.success(
                    request,
                    _("Version %(number)s was created. It needs both sectors to sign it again.")
                    % {"number": version.number},
                )
            else:
                messages.success(request, _("The agreement was saved."))
            return redirect("area_agreement", area=area.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/agreement_form.html",
        {
            **_roles(request, area),
            "form": form,
            "current": current,
            "signed": current is not None and current.signatures.exists(),
        },
        status=status,
    )


@require_GET
@login_required
def agreement_versions(request, area):
    area = area_for_viewer(request.user, area)
    versions = selectors.agreement_versions_for(area)
    return render(
        request,
        "partnerships/agreement_versions.html",
        {**_roles(request, area), "versions": versions},
    )


@require_GET
@login_required
def agreement_version(request, area, number):
    area = area_for_viewer(request.user, area)
    version = selectors.agreement_version(area, number)
    if version is None:
        raise Http404
    summary = selectors.agreement_summary(area)
    return render(
        request,
        "partnerships/agreement.html",
        {
            **_roles(request, area),
            "summary": summary,
            "version": version,
            "sign_form": None,
            "is_current": version.number == summary.number,
        },
    )


@require_POST
@login_required
def agreement_sign(request, area):
    area = area_for_viewer(request.user, area)
    if services.signing_sector_for(user=request.user, area=area) is None:
        raise PermissionDenied
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm you have read this version."))
        return redirect("area_agreement", area=area.slug)
    version = get_object_or_404(AgreementVersion, area=area, number=form.cleaned_data["number"])
    try:
        services.agreement_sign(
            version=version,
            user=request.user,
            sector=form.cleaned_data["sector"],
            lock_version=form.cleaned_data["lock_version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You signed version %(number)s.") % {"number": version.number})
    return redirect("area_agreement", area=area.slug)


def _current_number(area) -> int:
    number = selectors.agreement_summary(area).number
    if number is None:
        raise Http404
    return number


@require_http_methods(["GET", "POST"])
@login_required
def development_action_add(request, area):
    area = area_for_coordinator(request.user, area)
    number = _current_number(area)
    form = DevelopmentActionForm(_posted(request), initial={"number": number})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.development_action_add(
                area=area,
                user=request.user,
                number=data["number"],
                title=data["title"],
                owner_name=data["owner_name"],
                due_date=data["due_date"],
                done=data["done"],
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("The action was added to the development phase."))
            return redirect("area_agreement", area=area.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/development_action_form.html",
        {**_roles(request, area), "form": form, "action": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def development_action_edit(request, area, pk):
    area = area_for_coordinator(request.user, area)
    action = get_object_or_404(
        DevelopmentAction.objects.select_related("version"), pk=pk, version__area=area
    )
    initial = {
        **model_to_dict(action, fields=["title", "owner_name", "due_date", "done"]),
        "number": action.version.number,
        "lock_version": action.lock_version,
    }
    form = DevelopmentActionForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.development_action_update(
                action=action,
                user=request.user,
                lock_version=_int(data["lock_version"]),
                title=data["title"],
                owner_name=data["owner_name"],
                due_date=data["due_date"],
                done=data["done"],
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("The action was changed."))
            return redirect("area_agreement", area=area.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/development_action_form.html",
        {**_roles(request, area), "form": form, "action": action},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def development_action_delete(request, area, pk):
    area = area_for_coordinator(request.user, area)
    action = get_object_or_404(DevelopmentAction, pk=pk, version__area=area)
    error = None
    if request.method == "POST":
        try:
            services.development_action_delete(
                action=action,
                user=request.user,
                lock_version=_int(request.POST.get("lock_version")),
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The action was removed from the development phase."))
            return redirect("area_agreement", area=area.slug)
    return render(
        request,
        "partnerships/confirm_delete.html",
        {
            **_roles(request, area),
            "thing": action,
            "lock_version": action.lock_version,
            "error": error,
            "back": reverse("area_agreement", kwargs={"area": area.slug}),
        },
        status=CONFLICT if error else 200,
    )


# --- Funding stability ------------------------------------------------------------------------


@require_GET
@login_required
def funding(request, area):
    area = area_for_viewer(request.user, area)
    records = {record.round_id: record for record in selectors.funding_for(area)}
    rows = [(round_, records.get(round_.pk)) for round_ in _rounds_of(area)]
    return render(request, "partnerships/funding.html", {**_roles(request, area), "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def funding_edit(request, area, round):
    area = area_for_coordinator(request.user, area)
    round_ = get_object_or_404(_rounds_of(area), slug=round)
    record = selectors.funding_for(area).filter(round=round_).first()
    initial = {}
    if record is not None:
        initial = {
            **model_to_dict(record, fields=["long_term_share", "notice_period_weeks", "notes"]),
            "lock_version": record.lock_version,
        }
    form = FundingForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.funding_record_save(
                area=area,
                round=round_,
                lock_version=data["lock_version"],
                long_term_share=data["long_term_share"],
                notice_period_weeks=data["notice_period_weeks"],
                notes=data["notes"],
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("Funding stability was recorded."))
            return redirect("area_funding", area=area.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/funding_form.html",
        {**_roles(request, area), "form": form, "round": round_},
        status=status,
    )


# --- Action plan ------------------------------------------------------------------------------


def round_suggestions(area_round) -> list:
    """Suggested next steps from an area's results for a round."""
    return next_steps(area_round_result(area_round=area_round))


def _plan_round(request, area):
    rounds = list(_rounds_of(area))
    if not rounds:
        raise Http404
    wanted = request.GET.get("round") or request.POST.get("round")
    if wanted:
        for round_ in rounds:
            if round_.slug == wanted:
                return round_, rounds
        raise Http404
    return rounds[-1], rounds


@require_GET
@login_required
def action_plan(request, area):
    area = area_for_viewer(request.user, area)
    round_, rounds = _plan_round(request, area)
    actions = selectors.plan_actions_for(area, round_)
    area_round = AreaRound.objects.select_related("area", "round__framework").get(
        area=area, round=round_
    )
    suggestions = []
    if can_see_results(request.user, area_round):
        adopted = set(actions.exclude(suggestion_key="").values_list("suggestion_key", flat=True))
        suggestions = [s for s in round_suggestions(area_round) if s.key not in adopted]
    names = dict(round_.framework.dimensions.values_list("key", "name"))
    return render(
        request,
        "partnerships/action_plan.html",
        {
            **_roles(request, area),
            "round": round_,
            "rounds": rounds,
            "actions": actions,
            "progress": selectors.action_progress(actions),
            "suggestions": suggestions,
            "dimension_names": names,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_action_add(request, area):
    area = area_for_coordinator(request.user, area)
    round_, _rounds = _plan_round(request, area)
    dimensions = list(round_.framework.dimensions.order_by("order"))
    initial = {}
    wanted = request.GET.get("suggestion")
    area_round = None
    if wanted:
        area_round = AreaRound.objects.select_related("area", "round__framework").get(
            area=area, round=round_
        )
    # Suggestions come from the figures: none before the results are published, or the
    # suggestions offered before and after one submission would tell what it said.
    if area_round is not None and can_see_results(request.user, area_round):
        for suggestion in round_suggestions(area_round):
            if suggestion.key == wanted:
                initial = {
                    "suggestion_key": suggestion.key,
                    "dimension_key": suggestion.dimension_key or "",
                    "title": str(suggestion.title),
                    "detail": str(suggestion.detail),
                }
    form = PlanActionForm(_posted(request), initial=initial, dimensions=dimensions)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_action_create(
                area=area,
                round=round_,
                user=request.user,
                title=data["title"],
                detail=data["detail"],
                owner_name=data["owner_name"],
                sector=data["sector"],
                due_date=data["due_date"],
                status=data["status"],
                dimension_key=data["dimension_key"],
                suggestion_key=data["suggestion_key"],
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("The action was added to the plan."))
            return redirect(_plan_url(area, round_))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/plan_action_form.html",
        {**_roles(request, area), "form": form, "round": round_, "action": None},
        status=status,
    )


def _plan_url(area, round_) -> str:
    return f"{reverse('area_action_plan', kwargs={'area': area.slug})}?round={round_.slug}"


@require_http_methods(["GET", "POST"])
@login_required
def plan_action_edit(request, area, pk):
    area = area_for_coordinator(request.user, area)
    action = get_object_or_404(
        PlanAction.objects.select_related("round__framework"), pk=pk, area=area
    )
    dimensions = list(action.round.framework.dimensions.order_by("order"))
    fields = ["title", "detail", "owner_name", "sector", "due_date", "status", "dimension_key"]
    initial = {**model_to_dict(action, fields=fields), "lock_version": action.lock_version}
    form = PlanActionForm(_posted(request), initial=initial, dimensions=dimensions)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_action_update(
                action=action,
                lock_version=_int(data["lock_version"]),
                **{name: data[name] for name in fields},
            )
        except ValidationError as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("The action was changed."))
            return redirect(_plan_url(area, action.round))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "partnerships/plan_action_form.html",
        {**_roles(request, area), "form": form, "round": action.round, "action": action},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_action_delete(request, area, pk):
    area = area_for_coordinator(request.user, area)
    action = get_object_or_404(PlanAction.objects.select_related("round"), pk=pk, area=area)
    error = None
    if request.method == "POST":
        try:
            services.plan_action_delete(
                action=action, lock_version=_int(request.POST.get("lock_version"))
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("The action was removed from the plan."))
            return redirect(_plan_url(area, action.round))
    return render(
        request,
        "partnerships/confirm_delete.html",
        {
            **_roles(request, area),
            "thing": action,
            "lock_version": action.lock_version,
            "error": error,
            "back": _plan_url(area, action.round),
        },
        status=CONFLICT if error else 200,
    )


# --- Recognition ------------------------------------------------------------------------------


def _area_for_sponsor(user, slug):
    area = area_for_viewer(user, slug)
    if not access_for(user).sees_programme:
        raise PermissionDenied
    return area


@require_http_methods(["GET", "POST"])
@login_required
def recognition(request, area):
    area = area_for_viewer(request.user, area)
    roles = _roles(request, area)
    form = None
    status = 200
    if roles["can_recognise"]:
        form = RecognitionForm(_posted(request), rounds=_rounds_of(area))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.recognition_create(
                    area=area,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    note=form.cleaned_data["note"],
                    round=form.cleaned_data["round"],
                )
            except ValidationError as error:
                status = _failed(form, error)
            else:
                messages.success(request, _("The practice was recognised as worth sharing."))
                return redirect("area_recognition", area=area.slug)
        else:
            status = 400
    return render(
        request,
        "partnerships/recognition.html",
        {**roles, "form": form, "recognitions": selectors.recognitions_for_area(area)},
        status=status,
    )


@require_POST
@login_required
def recognition_withdraw(request, area, pk):
    area = _area_for_sponsor(request.user, area)
    recognition = get_object_or_404(Recognition, pk=pk, area=area)
    services.recognition_withdraw(recognition=recognition)
    messages.success(request, _("The recognition was withdrawn."))
    return redirect("area_recognition", area=area.slug)
