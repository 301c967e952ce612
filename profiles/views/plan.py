"""The action plan: actions built from one round's results, and the suggested next steps
a coordinator may adopt."""

from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.selectors import area_round_get, dimension_list, round_list
from partnerships.access import can_see_results
from profiles import selectors, services
from profiles.forms import PlanActionForm
from profiles.models import PlanAction
from profiles.views.pages import (
    confirm_delete,
    coordinator_page,
    fields,
    form_page,
    lock_version_of,
    posted,
    section_context,
    viewer_page,
)

ACTION_FIELDS = ["title", "detail", "owner_name", "sector", "due_date", "status", "dimension_key"]
TEMPLATE = "profiles/plan_action_form.html"


def _plan_round(request, area):
    """The round whose plan is shown (``?round=``, else the latest), and all the area's."""
    rounds = list(round_list(area=area))
    if not rounds:
        raise Http404
    wanted = request.GET.get("round") or request.POST.get("round")
    if not wanted:
        return rounds[-1], rounds
    round = next((round for round in rounds if round.slug == wanted), None)
    if round is None:
        raise Http404
    return round, rounds


def _plan_url(area, round) -> str:
    return f"{reverse('area_action_plan', kwargs={'area': area.slug})}?round={round.slug}"


def _suggestions(user, area, round, *, adopted=None) -> list:
    """The round's suggested next steps not yet adopted (``adopted``: the plan's actions),
    if the person may see its results: they come from the figures, so none before
    publication (suggestions offered before and after one submission would tell what it
    said)."""
    area_round = area_round_get(area=area, round_slug=round.slug)
    if not can_see_results(user, area_round):
        return []
    keys = set()
    if adopted is not None:
        keys = set(adopted.exclude(suggestion_key="").values_list("suggestion_key", flat=True))
    return [s for s in selectors.suggestion_list(area_round=area_round) if s.key not in keys]


@viewer_page
def action_plan(request, area):
    round, rounds = _plan_round(request, area)
    actions = selectors.plan_action_list(area=area, round=round)
    context = {
        **section_context(request, area),
        "round": round,
        "rounds": rounds,
        "actions": actions,
        "progress": selectors.plan_action_progress(actions=actions),
        "suggestions": _suggestions(request.user, area, round, adopted=actions),
        "dimension_names": {d.key: d.name for d in dimension_list(framework=round.framework)},
    }
    return render(request, "profiles/action_plan.html", context)


def _suggested_initial(request, area, round) -> dict:
    """The form filled from the suggestion named by ``?suggestion=``, if it is offered."""
    wanted = request.GET.get("suggestion")
    if not wanted:
        return {}
    for suggestion in _suggestions(request.user, area, round):
        if suggestion.key == wanted:
            return {
                "suggestion_key": suggestion.key,
                "dimension_key": suggestion.dimension_key or "",
                "title": str(suggestion.title),
                "detail": str(suggestion.detail),
            }
    return {}


@coordinator_page
def plan_action_add(request, area):
    round, _rounds = _plan_round(request, area)
    dimensions = dimension_list(framework=round.framework)
    initial = _suggested_initial(request, area, round)
    return form_page(
        request,
        area=area,
        form=PlanActionForm(posted(request), initial=initial, dimensions=dimensions),
        template=TEMPLATE,
        context={"round": round, "action": None},
        save=lambda data: services.plan_action_create(
            area=area,
            round=round,
            user=request.user,
            **fields(data, [*ACTION_FIELDS, "suggestion_key"]),
        ),
        success=_("The action was added to the plan."),
        done=_plan_url(area, round),
    )


@coordinator_page
def plan_action_edit(request, area, pk):
    queryset = PlanAction.objects.select_related("round__framework")
    action = get_object_or_404(queryset, pk=pk, area=area)
    initial = {**model_to_dict(action, fields=ACTION_FIELDS), "lock_version": action.lock_version}
    dimensions = dimension_list(framework=action.round.framework)
    return form_page(
        request,
        area=area,
        form=PlanActionForm(posted(request), initial=initial, dimensions=dimensions),
        template=TEMPLATE,
        context={"round": action.round, "action": action},
        save=lambda data: services.plan_action_update(
            action=action,
            lock_version=lock_version_of(data["lock_version"]),
            **fields(data, ACTION_FIELDS),
        ),
        success=_("The action was changed."),
        done=_plan_url(area, action.round),
    )


@coordinator_page
def plan_action_delete(request, area, pk):
    action = get_object_or_404(PlanAction.objects.select_related("round"), pk=pk, area=area)
    return confirm_delete(
        request,
        area=area,
        thing=action,
        delete=lambda lock_version: services.plan_action_delete(
            action=action, lock_version=lock_version
        ),
        success=_("The action was removed from the plan."),
        back=_plan_url(area, action.round),
    )
