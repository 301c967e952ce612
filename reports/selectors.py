"""Reads shared by the dashboards, the API and the exports.

Every figure comes from ``assessments.scoring`` (stored, already withheld where the
confidentiality rule says so) and is rounded with ``display_round`` when shown.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import AreaRound, Framework, Invitation, Response, ResponseStatus, Round
from assessments.scoring import (
    AreaRoundResult,
    Rating,
    display_round,
    programme_results,
)
from partnerships.access import access_for, can_see_results
from partnerships.models import CouncilArea
from profiles.models import Recognition


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    submitted: int

    @property
    def percent(self) -> float | None:
        if not self.invited:
            return None
        return display_round(self.submitted / self.invited * 100)


@dataclass(frozen=True)
class ProgrammeRow:
    area_round: AreaRound
    # None until the area's results are published: the programme's pages show everyone
    # the same published figures, and counts only for the rest.
    result: AreaRoundResult | None
    response_rate: ResponseRate

    @property
    def area(self) -> CouncilArea:
        return self.area_round.area

    @property
    def improved(self) -> bool:
        if self.result is None:
            return False
        change = display_round(self.result.overall_change)
        return change is not None and change > 0


def round_list_programme():
    """Every programme round, newest first."""
    # With the framework: the programme dashboard shows its rating thresholds.
    return Round.objects.select_related("framework").order_by("-opens", "-pk")


def round_current_get(*, today=None, rounds: list[Round] | None = None) -> Round | None:
    """The most recent round that has opened (else the earliest one planned). ``rounds``:
    ``round_list_programme()`` (newest first), when the caller has them already."""
    today = today or timezone.localdate()
    rounds = list(round_list_programme()) if rounds is None else rounds
    opened = [r for r in rounds if r.opens <= today]
    if opened:
        return opened[0]
    return rounds[-1] if rounds else None


def region_list() -> list[str]:
    """The regions of the active areas, in order."""
    return list(
        CouncilArea.objects.filter(is_active=True)
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )


def _count_per_area_round(queryset):
    """A correlated COUNT(*) of ``queryset`` rows belonging to the outer area round."""
    return Coalesce(
        Subquery(
            queryset.filter(area_round=OuterRef("pk"))
            .order_by()
            .values("area_round")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def response_rate_map(*, area_round_ids) -> dict[int, ResponseRate]:
    """People asked and submitted responses per area round, in one query.

    People asked are those invited plus those who responded without an invitation
    (members answering after signing in, imported paper forms), so the rate never
    passes 100%.
    """
    rows = (
        AreaRound.objects.filter(pk__in=area_round_ids)
        .annotate(
            invited=_count_per_area_round(Invitation.objects.all()),
            uninvited=_count_per_area_round(Response.objects.filter(invitation__isnull=True)),
            submitted=_count_per_area_round(
                Response.objects.filter(status=ResponseStatus.SUBMITTED)
            ),
        )
        .values_list("pk", "invited", "uninvited", "submitted")
    )
    return {
        pk: ResponseRate(invited + uninvited, submitted)
        for pk, invited, uninvited, submitted in rows
    }


def programme_row_list(*, round: Round, region: str = "", council_type: str = "") -> list:
    """One row per participating area of a round, in a fixed number of queries; figures
    only for areas whose results are published."""
    areas = CouncilArea.objects.filter(is_active=True)
    if region:
        areas = areas.filter(region=region)
    if council_type:
        areas = areas.filter(council_type=council_type)
    results = programme_results(round=round, areas=areas)
    rates = response_rate_map(area_round_ids=[r.area_round.pk for r in results])
    return [
        ProgrammeRow(
            area_round=r.area_round,
            result=r if r.area_round.is_published else None,
            response_rate=rates.get(r.area_round.pk, ResponseRate(0, 0)),
        )
        for r in results
    ]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def programme_figures_version(*, round: Round) -> str:
    """A fingerprint of everything the programme dashboard's figures are built from, read in
    one query over small tables; the dashboard's cache key.

    It changes with any refresh, status, publication, invitation or response started
    (``assessments.receivers`` touch their area round), with any profile change
    (``CouncilArea.profile_version``; recognitions show who made them), with the round's
    name or its framework's settings, and when an area is added or changed. Saving a draft
    page changes nothing shown there, and so does not change it.

    All area rounds of the programme count, not only this round's: the change since the
    last round reads the earlier rounds' figures. Versions only ever go up, so their sums
    change whenever any one of them does.
    """
    # Hand-written SQL: the ORM took longer to compile the ~20 scalar subqueries this was
    # (4 ms) than the database took to answer them, on every dashboard request. Identifiers
    # are the models' own, quoted; the only values are parameters.
    sql = f"""
        SELECT ar.n, ar.data, ar.scores, ar.changed, ar.published, ar.published_n,
               ca.n, ca.active, ca.last, ca.changed, ca.profiles,
               rc.n, rc.last, rc.changed,
               fw.name, fw.slug, fw.framework_id, fw.green, fw.amber, fw.min_group_size,
               fw.gap_flag
        FROM (SELECT COUNT(*) AS n, SUM(data_version) AS data, SUM(scores_version) AS scores,
                     MAX(updated_at) AS changed, MAX(results_published_at) AS published,
                     COUNT(results_published_at) AS published_n
              FROM {_table(AreaRound)}) ar,
             (SELECT COUNT(*) AS n, SUM(CASE WHEN is_active THEN 1 ELSE 0 END) AS active,
                     MAX(id) AS last, MAX(updated_at) AS changed,
                     SUM(profile_version) AS profiles
              FROM {_table(CouncilArea)}) ca,
             (SELECT COUNT(*) AS n, MAX(id) AS last, MAX(recognised_at) AS changed
              FROM {_table(Recognition)} WHERE round_id = %s) rc,
             (SELECT r.name, r.slug, r.framework_id, f.green, f.amber, f.min_group_size,
                     f.gap_flag
              FROM {_table(Round)} r JOIN {_table(Framework)} f ON f.id = r.framework_id
              WHERE r.id = %s) fw
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [round.pk, round.pk])
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()


def _area_rounds(**filters) -> list[AreaRound]:
    """An area's rounds, oldest first, with the area, round and framework, in one query."""
    return list(
        AreaRound.objects.filter(**filters)
        .select_related("area", "round__framework")
        .order_by("round__opens", "round__pk")
    )


def area_round_list_by_slug(*, area_slug: str) -> list[AreaRound]:
    """Every round of the area with this slug (none if there is no such area). The caller
    checks access."""
    return _area_rounds(area__slug=area_slug)


def area_round_list_visible(*, user, area) -> list[AreaRound]:
    """An area's rounds whose results the person may see, oldest first."""
    return [ar for ar in _area_rounds(area=area) if can_see_results(user, ar)]


def area_round_list_trend(
    *, user, area_round: AreaRound, area_rounds: list[AreaRound] | None = None
) -> list[AreaRound]:
    """The area's rounds whose results the person may see, up to and including this one.
    ``area_rounds``: all the area's rounds, oldest first, when the caller has them."""
    if area_rounds is None:
        area_rounds = _area_rounds(area=area_round.area)
    return [
        ar
        for ar in area_rounds
        if can_see_results(user, ar) and ar.round.opens <= area_round.round.opens
    ]


def area_round_list_of_round(*, user, round: Round) -> list[AreaRound]:
    """The round's area rounds among the areas the person has any role in (all of them
    for sponsors and administrators), with their areas."""
    access = access_for(user)
    area_rounds = AreaRound.objects.filter(round=round).select_related("area")
    if not access.sees_programme:
        area_rounds = area_rounds.filter(area_id__in=access.area_ids)
    return list(area_rounds)


def result_list_visible(*, user, round: Round) -> list[AreaRoundResult]:
    """Results for every area of a round whose figures the person may see."""
    access = access_for(user)
    areas = None if access.sees_programme else CouncilArea.objects.filter(pk__in=access.area_ids)
    results = programme_results(round=round, areas=areas)
    return [r for r in results if can_see_results(user, r.area_round)]


# --- one flat shape for tables, exports and the API ----------------------------------------

SCORE_COLUMNS = (
    "area",
    "area_name",
    "gss_code",
    "region",
    "council_type",
    "round",
    "dimension",
    "dimension_name",
    "core",
    "respondents_counted",
    "score",
    "rating",
    "council",
    "vcs",
    "other",
    "gap",
    "seen_differently",
    "programme_median",
    "previous",
    "change",
    "withheld",
)
OVERALL_KEY = "overall"


def _rating(rating: Rating | None) -> str | None:
    return rating.value if rating else None


def score_row_list(*, result: AreaRoundResult) -> list[dict]:
    """A result as rows (one per dimension, then the overall index): raw figures rounded as
    shown, ``None`` where withheld or unknown (never a default such as "not seen
    differently"), and in ``withheld`` the groups whose figure is withheld."""
    area_round = result.area_round
    area = area_round.area
    base = {
        "area": area.slug,
        "area_name": area.name,
        "gss_code": area.gss_code,
        "region": area.region,
        "council_type": area.get_council_type_display(),
        "round": area_round.round.slug,
    }
    rows = []
    for d in result.dimensions:
        rows.append(
            {
                **base,
                "dimension": d.key,
                "dimension_name": d.name,
                "core": d.core,
                "respondents_counted": d.counted,
                "score": display_round(d.score),
                "rating": _rating(d.rating),
                "council": display_round(d.by_sector.get("council")),
                "vcs": display_round(d.by_sector.get("vcs")),
                "other": display_round(d.by_sector.get("other")),
                "gap": display_round(d.gap),
                "seen_differently": d.seen_differently,
                "programme_median": display_round(d.programme_median),
                "previous": display_round(d.previous),
                "change": display_round(d.change),
                "withheld": " ".join(d.withheld),
            }
        )
    rows.append(
        {
            **base,
            "dimension": OVERALL_KEY,
            "dimension_name": "Overall health index",
            "core": True,
            "respondents_counted": result.respondents["total"],
            "score": display_round(result.overall),
            "rating": _rating(result.overall_rating),
            "council": None,
            "vcs": None,
            "other": None,
            "gap": None,
            "seen_differently": None,
            "programme_median": None,
            "previous": display_round(result.overall_previous),
            "change": display_round(result.overall_change),
            "withheld": "all" if OVERALL_KEY in result.withheld else "",
        }
    )
    return rows
