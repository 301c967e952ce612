"""The read-only JSON API (django-ninja): areas, and an area's scores for a round.

Session authentication: a signed-out caller gets 401; an area the person has no role in is
404, and a round whose results they may not see yet is 403 (``partnerships.access``): until
an area's results are published only administrators see its figures, and its coordinators
and the sponsors see counts by sector (``progress``).
Figures are rounded with ``display_round`` and ``null`` where withheld or unknown; what is
withheld is listed explicitly (``withheld``), so a ``null`` is never left to guesswork, and
no flag has a default: ``seen_differently`` is ``null`` without a gap to judge.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from assessments.scoring import area_round_result, display_round
from assessments.selectors import area_round_get, sector_rate_list
from partnerships.access import (
    area_for_viewer,
    can_see_progress,
    can_see_results,
    require_results_view,
)
from partnerships.selectors import area_list_visible
from reports.selectors import area_round_list_by_slug

NOT_PUBLISHED = "Results appear when the round closes and is published."

api = NinjaAPI(
    title="PIP Portal API",
    version="1",
    description=str(
        _("Partnership health check scores, with the published method's withholding applied.")
    ),
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


class RoundOut(Schema):
    slug: str
    name: str
    opens: date
    closes: date
    status: str
    published: bool


class AreaOut(Schema):
    slug: str
    name: str
    gss_code: str
    region: str
    nation: str
    council_type: str
    rounds: list[RoundOut]


class Respondents(Schema):
    total: int
    council: int
    vcs: int
    other: int


class Overall(Schema):
    score: float | None
    rating: str | None


class BySector(Schema):
    council: float | None
    vcs: float | None
    other: float | None


class DimensionOut(Schema):
    key: str
    name: str
    core: bool
    score: float | None
    rating: str | None
    by_sector: BySector
    withheld: list[str]
    gap: float | None
    seen_differently: bool | None
    programme_median: float | None
    previous: float | None
    change: float | None


class BarrierOut(Schema):
    key: str
    name: str
    share: float | None


class StatementOut(Schema):
    code: str
    dimension: str
    text: str
    reading: str | None
    reverse: bool
    score: float


class ScoresOut(Schema):
    area: str
    round: str
    respondents: Respondents
    overall: Overall
    dimensions: list[DimensionOut]
    barriers: list[BarrierOut]
    strengths: list[StatementOut]
    priorities: list[StatementOut]
    withheld: list[str]


class Error(Schema):
    detail: str


class SectorCounts(Schema):
    sector: str
    invited: int
    started: int
    submitted: int


class ProgressOut(Schema):
    area: str
    round: str
    status: str
    published: bool
    sectors: list[SectorCounts]


@api.get("/areas/", response={200: list[AreaOut], 401: Error}, url_name="api_areas")
def list_areas(request):
    """The areas the signed-in person may see, with the rounds whose results or progress
    they may see (``published`` says which)."""
    return [
        _area_out(area, _rounds_out(request.user, area))
        for area in area_list_visible(user=request.user).order_by("name")
    ]


def _rounds_out(user, area) -> list[RoundOut]:
    """The area's rounds whose results or progress the person may see."""
    return [
        RoundOut(
            slug=ar.round.slug,
            name=ar.round.name,
            opens=ar.opens,
            closes=ar.closes,
            status=ar.status,
            published=ar.is_published,
        )
        for ar in area_round_list_by_slug(area_slug=area.slug)
        if can_see_results(user, ar) or can_see_progress(user, ar)
    ]


def _area_out(area, rounds: list[RoundOut]) -> AreaOut:
    return AreaOut(
        slug=area.slug,
        name=area.name,
        gss_code=area.gss_code,
        region=area.region,
        nation=area.nation,
        council_type=area.council_type,
        rounds=rounds,
    )


def _statement(statement) -> dict:
    """A statement: ``text`` as asked; ``reading`` in the scored direction (the text itself
    unless reverse-worded; ``null`` for a reverse-worded one its framework gives no reading)."""
    return {
        "code": statement.code,
        "dimension": statement.dimension_key,
        "text": statement.text,
        "reading": statement.in_scored_direction,
        "reverse": statement.reverse,
        "score": display_round(statement.score),
    }


def scores_payload(result) -> dict:
    """An ``AreaRoundResult`` in the API's shape (raw figures, rounded as shown). ``withheld``
    lists every withheld figure: ``overall``, ``<dimension>:<group>``, ``barrier:<key>``."""
    return {
        "area": result.area_round.area.slug,
        "round": result.area_round.round.slug,
        "respondents": result.respondents,
        "overall": {
            "score": display_round(result.overall),
            "rating": result.overall_rating.value if result.overall_rating else None,
        },
        "dimensions": [
            {
                "key": d.key,
                "name": d.name,
                "core": d.core,
                "score": display_round(d.score),
                "rating": d.rating.value if d.rating else None,
                "by_sector": {s: display_round(v) for s, v in d.by_sector.items()},
                "withheld": d.withheld,
                "gap": display_round(d.gap),
                "seen_differently": d.seen_differently,
                "programme_median": display_round(d.programme_median),
                "previous": display_round(d.previous),
                "change": display_round(d.change),
            }
            for d in result.dimensions
        ],
        "barriers": [
            {"key": b.key, "name": b.name, "share": display_round(b.share)}
            for b in result.barriers
        ],
        "strengths": [_statement(s) for s in result.strongest],
        "priorities": [_statement(s) for s in result.weakest],
        "withheld": list(result.withheld),
    }


@api.get(
    "/areas/{area}/rounds/{round}/scores/",
    response={200: ScoresOut, 401: Error, 403: Error, 404: Error},
    url_name="api_area_round_scores",
)
def area_round_scores(request, area: str, round: str):
    """One area's scores for a round: withheld figures are ``null``. 403 until the area's
    results are published (administrators excepted)."""
    area_obj = area_for_viewer(request.user, area)
    area_round = area_round_get(area=area_obj, round_slug=round)
    if not can_see_results(request.user, area_round) and can_see_progress(
        request.user, area_round
    ):
        raise PermissionDenied(NOT_PUBLISHED)
    require_results_view(request.user, area_round)
    return scores_payload(area_round_result(area_round=area_round))


@api.get(
    "/areas/{area}/rounds/{round}/progress/",
    response={200: ProgressOut, 401: Error, 403: Error, 404: Error},
    url_name="api_area_round_progress",
)
def area_round_progress(request, area: str, round: str):
    """People invited, started and submitted by sector: counts only, for the area's
    coordinators, the sponsors and administrators, at any stage of the round."""
    area_obj = area_for_viewer(request.user, area)
    area_round = area_round_get(area=area_obj, round_slug=round)
    if not can_see_progress(request.user, area_round):
        raise PermissionDenied
    return {
        "area": area_obj.slug,
        "round": area_round.round.slug,
        "status": area_round.status,
        "published": area_round.is_published,
        "sectors": [
            {
                "sector": rate.sector,
                "invited": rate.invited,
                "started": rate.started,
                "submitted": rate.submitted,
            }
            for rate in sector_rate_list(area_round=area_round)
        ],
    }
