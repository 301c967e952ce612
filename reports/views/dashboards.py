"""Dashboards: thin views over the stored figures (``assessments.scoring``), read the way
``reports.presenters`` says."""

import hashlib
import logging
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from assessments.scoring import area_round_result
from assessments.selectors import dimension_list, publication_list, sector_rate_list
from partnerships.access import (
    area_for_viewer,
    can_see_programme,
    can_see_progress,
    can_see_results,
    require_programme_view,
    require_viewer,
)
from profiles import selectors as profile_selectors
from reports import charts, presenters
from reports.forms import ProgrammeFilterForm
from reports.selectors import (
    area_round_list_by_slug,
    area_round_list_trend,
    area_round_list_visible,
    programme_figures_version,
    programme_row_list,
    response_rate_map,
    round_current_get,
    round_list_programme,
)

# Bump when a cached dashboard template or what it is given changes, so no old HTML is served.
DASHBOARD_CACHE_VERSION = 3
DASHBOARD_CACHE_SECONDS = 60 * 60
# A heat map page: 400 areas on one page made a 0.8 MB page that was slow to read and send.
AREAS_PER_PAGE = 50

logger = logging.getLogger(__name__)


def _cached(key: str) -> str | None:
    """The cached HTML, or None; a cache that cannot be reached is a miss, not an error."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("dashboard cache unavailable: reading %s", key, exc_info=True)
        return None


def _cache(key: str, html: str) -> None:
    try:
        cache.set(key, html, DASHBOARD_CACHE_SECONDS)
    except Exception:
        logger.warning("dashboard cache unavailable: storing %s", key, exc_info=True)


def _figures_html(key: str, template: str, build) -> tuple[str, dict]:
    """The figures' HTML from the cache; on a miss, built (``build()`` gives the template's
    context), rendered and cached. Also the context built, which the page shows as well
    (empty on a hit)."""
    figures = _cached(key)
    if figures is not None:
        return figures, {}
    context = build()
    figures = render_to_string(template, context)
    _cache(key, figures)
    return figures, context


def _programme_filters(request, rounds) -> tuple[ProgrammeFilterForm, dict, object]:
    """The heat map's filter form, the filters it gives, and the round shown."""
    if request.GET:
        form = ProgrammeFilterForm(request.GET, rounds=rounds)
        filters = form.cleaned_data if form.is_valid() else {}
        return form, filters, filters.get("round") or round_current_get(rounds=rounds)
    round = round_current_get(rounds=rounds)
    initial = {"round": round.slug} if round else None
    return ProgrammeFilterForm(initial=initial, rounds=rounds), {}, round


def _programme_key(round, filters: dict, page_number: int) -> str:
    return ":".join(
        [
            "dashboard:programme",
            str(DASHBOARD_CACHE_VERSION),
            get_language() or "",
            str(round.pk),
            filters.get("region", ""),
            filters.get("council_type", ""),
            str(page_number),
            programme_figures_version(round=round),
        ]
    )


@require_GET
@login_required
def programme_dashboard(request):
    """The heat map (a page of areas at a time), improvers and recognitions are rendered once
    per version of the figures (``programme_figures_version``, one query) and served from
    the cache until it changes."""
    require_programme_view(request.user)
    form, filters, round = _programme_filters(request, list(round_list_programme()))
    context = {"form": form, "round": round}
    if round is not None:
        page_number = _page_number(request.GET.get("page"))
        figures, figures_context = _figures_html(
            _programme_key(round, filters, page_number),
            "reports/dashboard/_programme_figures.html",
            lambda: {"round": round, **_programme_figures(round, filters, page_number)},
        )
        context.update(figures_context)
        context["figures"] = mark_safe(figures)  # noqa: S308 - our own rendered template
    return render(request, "reports/dashboard/programme.html", context)


def _page_number(value: str | None) -> int:
    """The heat map page asked for; anything but a whole number from 1 is the first page
    (and a number past the last page is the last page: ``Paginator.get_page``)."""
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


def _programme_figures(round, filters, page_number: int) -> dict:
    rows = programme_row_list(
        round=round,
        region=filters.get("region", ""),
        council_type=filters.get("council_type", ""),
    )
    published = [row.result for row in rows if row.result is not None]
    if published:
        dimensions = published[0].dimensions
    else:
        dimensions = dimension_list(framework=round.framework)
    recognitions = list(
        profile_selectors.recognition_list(round=round).filter(**_area_filters(filters))
    )
    page = Paginator(rows, AREAS_PER_PAGE).get_page(page_number)
    query = {"round": round.slug}
    query.update({name: filters[name] for name in ("region", "council_type") if filters.get(name)})
    return {
        "rows": page.object_list,
        "row_count": len(rows),
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1),
        "page_query": urlencode(query),
        "dimensions": dimensions,
        "improvers": sum(1 for row in rows if row.improved),
        "recognitions": recognitions,
    }


def _area_filters(filters) -> dict:
    """The heat map's region and council type filters, applied to recognitions' areas."""
    lookups = {}
    if filters.get("region"):
        lookups["area__region"] = filters["region"]
    if filters.get("council_type"):
        lookups["area__council_type"] = filters["council_type"]
    return lookups


def _actions_next_to_dimensions(profile, dimensions):
    """Earlier rounds' actions, by dimension of this round; the rest (actions about the whole
    partnership, or about a dimension this round's framework no longer has) apart."""
    earlier = profile.previous_actions_by_dimension
    keys = {d.key for d in dimensions}
    by_dimension = {key: earlier.get(key, []) for key in keys}
    elsewhere = [a for key, actions in earlier.items() if key not in keys for a in actions]
    return by_dimension, elsewhere


@require_GET
@login_required
def area_dashboard(request, area):
    """The latest round of the area whose results the person may see; else, for its
    coordinators and the sponsors, the progress of its latest round."""
    area = area_for_viewer(request.user, area)
    visible = area_round_list_visible(user=request.user, area=area)
    if visible:
        return redirect("area_round_dashboard", area=area.slug, round=visible[-1].round.slug)
    in_progress = [
        ar
        for ar in area_round_list_by_slug(area_slug=area.slug)
        if can_see_progress(request.user, ar)
    ]
    if in_progress:
        return redirect("area_round_dashboard", area=area.slug, round=in_progress[-1].round.slug)
    return render(request, "reports/dashboard/area_waiting.html", {"area": area})


def _area_key(area_round, trend_rounds) -> str:
    """Everything the area's figures are built from: its visible rounds' versions, the
    programme's figures (the medians), the profile, and the date (actions fall overdue by
    the date alone)."""
    versions = [
        (ar.pk, ar.data_version, ar.scores_version, ar.status, str(ar.updated_at))
        for ar in trend_rounds
    ]
    return ":".join(
        [
            "dashboard:area",
            str(DASHBOARD_CACHE_VERSION),
            get_language() or "",
            str(area_round.pk),
            hashlib.sha256(repr(versions).encode()).hexdigest(),
            programme_figures_version(round=area_round.round),
            str(area_round.area.profile_version),
            str(timezone.localdate()),
        ]
    )


def _rounds_in_progress(user, area_rounds) -> list:
    """The area's rounds whose counts, not figures, the person may see."""
    return [
        ar for ar in area_rounds if not can_see_results(user, ar) and can_see_progress(user, ar)
    ]


@require_GET
@login_required
def area_round_dashboard(request, area, round):
    """Access is checked first; the page body is then served from the cache while the
    area's rounds, the programme's figures (the medians) and the profile are unchanged.
    The rounds the person may see are part of the key; nothing else in it is personal."""
    area_rounds = area_round_list_by_slug(area_slug=area)
    area_round = next((ar for ar in area_rounds if ar.round.slug == round), None)
    if area_round is None:
        raise Http404
    require_viewer(request.user, area_round.area)
    if not can_see_results(request.user, area_round):
        return _round_in_progress(request, area_round, area_rounds)
    trend_rounds = area_round_list_trend(
        user=request.user, area_round=area_round, area_rounds=area_rounds
    )
    context = {
        "area": area_round.area,
        "area_round": area_round,
        "may_see_programme": can_see_programme(request.user),
        "rounds_in_progress": _rounds_in_progress(request.user, area_rounds),
    }
    figures, figures_context = _figures_html(
        _area_key(area_round, trend_rounds),
        "reports/dashboard/_area_figures.html",
        lambda: _area_figures(area_round.area, area_round, trend_rounds),
    )
    context.update(figures_context)
    context["figures"] = mark_safe(figures)  # noqa: S308 - our own rendered template
    return render(request, "reports/dashboard/area.html", context)


def _round_in_progress(request, area_round, area_rounds):
    """A round whose results are not published: counts by sector for its coordinators and
    the sponsors, and for everyone the words saying when results appear. Respondents get
    403 (they may see nothing of it), with the same words."""
    may_see_progress = can_see_progress(request.user, area_round)
    context = {
        "area": area_round.area,
        "area_round": area_round,
        "rates": sector_rate_list(area_round=area_round) if may_see_progress else [],
        "may_see_progress": may_see_progress,
        "published_rounds": [
            ar
            for ar in area_rounds
            if ar.pk != area_round.pk and can_see_results(request.user, ar)
        ],
    }
    return render(
        request,
        "reports/dashboard/area_progress.html",
        context,
        status=200 if may_see_progress else 403,
    )


def _area_figures(area, area_round, trend_rounds) -> dict:
    trend = [area_round_result(area_round=ar) for ar in trend_rounds]
    result = next(r for r in trend if r.area_round.pk == area_round.pk)
    profile = profile_selectors.profile_summary_get(area=area, round=area_round.round)
    earlier_actions, earlier_partnership_actions = _actions_next_to_dimensions(
        profile, result.dimensions
    )
    return {
        "area": area,
        "area_round": area_round,
        "publications": publication_list(area_round=area_round),
        "result": result,
        "presented": presenters.area_figures(result),
        "trend": trend,
        "rounds": [r.area_round for r in trend],
        "rate": response_rate_map(area_round_ids=[area_round.pk])[area_round.pk],
        "framework": area_round.round.framework,
        "radar_svg": charts.radar_svg(result),
        "sector_bars_svg": charts.sector_bars_svg(result),
        "trend_svg": charts.trend_svg(trend),
        "barriers_svg": charts.barriers_svg(result),
        "profile": profile,
        "earlier_actions": earlier_actions,
        "earlier_partnership_actions": earlier_partnership_actions,
    }
