"""The online self-assessment: about it and the person's sector, one page a dimension, the
review before submitting, and the thanks. Each page answers for the signed-in person or
the session's invitee (``answering_required``)."""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from assessments import selectors
from assessments.forms import DimensionPageForm, StartForm
from assessments.invitees import invitee_of
from assessments.models import AreaRound, ResponseStatus
from assessments.services.responses import response_save_page, response_start, response_submit
from assessments.services.rounds import area_round_is_open
from assessments.views.common import closed_page, form_errors_add, round_kwargs
from partnerships.access import answerer_for
from partnerships.selectors import respondent_membership_get


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
        area_round = selectors.area_round_get_by_slug(area_slug=area, round_slug=round)
        user = answerer_for(request.user, area_round, invitee=invitee)
        if user is None:  # an invitee of another round: a signed-out visitor here
            return redirect_to_login(request.get_full_path())
        answering = Answering(area_round=area_round, user=user, by_invitation=invitee is not None)
        return view(request, answering=answering, **kwargs)

    return wrapped


def _response_of(answering: Answering):
    return selectors.response_get(user=answering.user, area_round=answering.area_round)


def _page_url(area_round, page: int, total: int) -> str:
    if page > total:
        return reverse("assessment_review", kwargs=round_kwargs(area_round))
    return reverse("assessment_page", kwargs={**round_kwargs(area_round), "page": max(page, 1)})


def _pages(area_round) -> list:
    return selectors.dimension_list(framework=area_round.round.framework)


# --- start ------------------------------------------------------------------------------


def _start_initial(answering: Answering, response) -> dict:
    """The sector and organisation to suggest: the response's, else the person's role's."""
    if response is not None:
        return {"sector": response.sector, "organisation": response.organisation}
    role = respondent_membership_get(user=answering.user, area=answering.area_round.area)
    return {"sector": role.get("sector") or None, "organisation": role.get("organisation")}


def _started(form, answering: Answering):
    """The response started (or confirmed) from a valid form; None, with the errors on the
    form, otherwise."""
    if not form.is_valid():
        return None
    try:
        return response_start(
            user=answering.user,
            area_round=answering.area_round,
            sector=form.cleaned_data["sector"],
            organisation=form.cleaned_data["organisation"],
        )
    except ValidationError as error:
        form_errors_add(form, error)
        return None


def _start_context(answering: Answering, response, form, pages, is_open) -> dict:
    area_round = answering.area_round
    resume = _page_url(area_round, response.current_page or 1, len(pages)) if response else None
    return {
        "area_round": area_round,
        "by_invitation": answering.by_invitation,
        "framework": area_round.round.framework,
        "response": response,
        "is_submitted": response is not None and response.status == ResponseStatus.SUBMITTED,
        "page_count": len(pages),
        "is_open": is_open,
        "form": form,
        "resume_url": resume,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@answering_required
def assessment_start(request, answering: Answering):
    """About the assessment, and the person's sector and organisation; then on to the pages."""
    area_round, response = answering.area_round, _response_of(answering)
    pages = _pages(area_round)
    is_open = area_round_is_open(area_round)
    if request.method == "GET":
        form = StartForm(initial=_start_initial(answering, response), area=area_round.area)
    elif not is_open:
        return closed_page(request, area_round)
    else:
        form = StartForm(request.POST, area=area_round.area)
        started = _started(form, answering)
        if started is not None:
            return redirect(_page_url(area_round, started.current_page or 1, len(pages)))
    context = _start_context(answering, response, form, pages, is_open)
    return render(request, "assessments/start.html", context)


# --- one page a dimension ---------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    """One page of the assessment: its number, dimension and statements."""

    number: int
    pages: list
    dimension: object
    questions: list


def _page_of(area_round, number: int) -> _Page:
    pages = _pages(area_round)
    if not 1 <= number <= len(pages):
        raise Http404
    dimension = pages[number - 1]
    return _Page(number, pages, dimension, selectors.question_list(dimension=dimension))


def _page_form(page: _Page, area_round, data=None, **kwargs) -> DimensionPageForm:
    return DimensionPageForm(
        data,
        framework=area_round.round.framework,
        questions=page.questions,
        dimension=page.dimension,
        **kwargs,
    )


def _saved_page_form(page: _Page, area_round, response, is_open: bool) -> DimensionPageForm:
    answers, comment = selectors.page_answers_get(response=response, dimension=page.dimension)
    initial = DimensionPageForm.initial_for(
        questions=page.questions, answers=answers, comment=comment
    )
    return _page_form(page, area_round, initial=initial, read_only=not is_open)


def _page_saved(request, form, page: _Page, answering: Answering, response):
    """Save a valid page and go where the button asked (previous, save and leave, next);
    None, with the errors on the form, otherwise."""
    if not form.is_valid():
        return None
    area_round = answering.area_round
    action = request.POST.get("action", "next")
    target = {"previous": page.number - 1, "save": page.number}.get(action, page.number + 1)
    try:
        response_save_page(
            response=response,
            dimension=page.dimension,
            answers=form.answers(),
            comment=form.cleaned_data["comment"],
            resume_page=max(target, 1),
            questions=page.questions,
            area_round=area_round,
        )
    except ValidationError as error:
        form_errors_add(form, error)
        return None
    if action == "save":
        messages.success(
            request,
            _("Your answers are saved. You can come back before %(date)s.")
            % {"date": area_round.closes.strftime("%d %B %Y")},
        )
        return redirect("assessment_start", **round_kwargs(area_round))
    return redirect(_page_url(area_round, max(target, 1), len(page.pages)))


def _page_context(answering: Answering, response, form, page: _Page, is_open: bool) -> dict:
    area_round, total = answering.area_round, len(page.pages)
    return {
        "area_round": area_round,
        "by_invitation": answering.by_invitation,
        "response": response,
        "is_submitted": response.status == ResponseStatus.SUBMITTED,
        "dimension": page.dimension,
        "form": form,
        "page": page.number,
        "page_count": total,
        "pages": page.pages,
        "is_open": is_open,
        "previous_url": _page_url(area_round, page.number - 1, total) if page.number > 1 else None,
    }


@never_cache
@require_http_methods(["GET", "POST"])
@answering_required
def assessment_page(request, answering: Answering, page: int):
    """One dimension a page. Every save is stored on the server as a draft."""
    area_round, response = answering.area_round, _response_of(answering)
    if response is None:
        return redirect("assessment_start", **round_kwargs(area_round))
    page = _page_of(area_round, page)
    is_open = area_round_is_open(area_round)
    if request.method == "GET":
        form = _saved_page_form(page, area_round, response, is_open)
    elif not is_open:
        return closed_page(request, area_round)
    else:
        form = _page_form(page, area_round, request.POST)
        saved = _page_saved(request, form, page, answering, response)
        if saved is not None:
            return saved
    context = _page_context(answering, response, form, page, is_open)
    return render(request, "assessments/page.html", context, status=400 if form.errors else 200)


# --- review and done --------------------------------------------------------------------


def _review_context(answering: Answering, response, is_open: bool, error) -> dict:
    area_round = answering.area_round
    pages = _pages(area_round)
    page_of = {dimension.pk: number for number, dimension in enumerate(pages, start=1)}
    unanswered = selectors.question_list_unanswered(response=response)
    return {
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
            {"number": n, "dimension": d, "url": _page_url(area_round, n, len(pages))}
            for n, d in enumerate(pages, start=1)
        ],
    }


@never_cache
@require_http_methods(["GET", "POST"])
@answering_required
def assessment_review(request, answering: Answering):
    """Unanswered statements before submission; submitting."""
    area_round, response = answering.area_round, _response_of(answering)
    if response is None:
        return redirect("assessment_start", **round_kwargs(area_round))
    is_open = area_round_is_open(area_round)
    error = None
    if request.method == "POST":
        if not is_open:
            return closed_page(request, area_round)
        try:
            response_submit(response=response, area_round=area_round)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect("assessment_done", **round_kwargs(area_round))
    context = _review_context(answering, response, is_open, error)
    return render(request, "assessments/review.html", context, status=400 if error else 200)


@never_cache
@require_GET
@answering_required
def assessment_done(request, answering: Answering):
    area_round, response = answering.area_round, _response_of(answering)
    if response is None or response.status != ResponseStatus.SUBMITTED:
        return redirect("assessment_review", **round_kwargs(area_round))
    context = {
        "area_round": area_round,
        "by_invitation": answering.by_invitation,
        "response": response,
        "is_open": area_round_is_open(area_round),
    }
    return render(request, "assessments/done.html", context)
