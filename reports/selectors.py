"""Reads shared by the dashboards, the API and the exports.

Every figure comes from ``assessments.scoring`` (stored, already withheld where the
confidentiality rule says so) and is rounded with ``display_round`` when shown.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import AreaRound, Invitation, Response, ResponseStatus, Round
from assessments.scoring import (
    AreaRoundResult,
    Rating,
    area_round_result,
    display_round,
    programme_results,
)
from partnerships.access import access_for, can_see_results
from partnerships.models import (
    AgreementSignature,
    AgreementVersion,
    CouncilArea,
    DevelopmentAction,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)


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
    result: AreaRoundResult
    response_rate: ResponseRate

    @property
    def area(self) -> CouncilArea:
        return self.result.area_round.area

    @property
    def improved(self) -> bool:
        change = display_round(self.result.overall_change)
        return change is not None and change > 0


def programme_rounds():
    # With the framework: the programme dashboard shows its rating thresholds.
    return Round.objects.select_related("framework").order_by("-opens", "-pk")


def current_round(today=None) -> Round | None:
    """The most recent round that has opened (else the earliest one planned)."""
    today = today or timezone.localdate()
    rounds = Round.objects.select_related("framework")
    return (
        rounds.filter(opens__lte=today).order_by("-opens", "-pk").first()
        or rounds.order_by("opens", "pk").first()
    )


def programme_regions() -> list[str]:
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


def response_rates(area_round_ids) -> dict[int, ResponseRate]:
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


def programme_rows(*, round: Round, region: str = "", council_type: str = "") -> list:
    """One row per participating area of a round, in a fixed number of queries."""
    areas = CouncilArea.objects.filter(is_active=True)
    if region:
        areas = areas.filter(region=region)
    if council_type:
        areas = areas.filter(council_type=council_type)
    results = programme_results(round=round, areas=areas)
    rates = response_rates([r.area_round.pk for r in results])
    return [
        ProgrammeRow(result=r, response_rate=rates.get(r.area_round.pk, ResponseRate(0, 0)))
        for r in results
    ]


def _scalar(queryset, aggregate):
    """``aggregate`` over all of ``queryset`` as a scalar subquery (no GROUP BY: grouping
    by a constant leaves the GROUP BY clause out)."""
    return Subquery(
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(v=aggregate)
        .values("v")
    )


def programme_figures_version(*, round: Round) -> str:
    """A fingerprint of everything the programme dashboard's figures are built from, read in
    one query: any change to it (an answer, a refresh, a status, a publication, an
    invitation, a recognition, the framework's settings, an area added) gives a new value.

    All area rounds of the programme count, not only this round's: the change since the
    last round reads the earlier rounds' figures. Versions only ever go up, so their sums
    change whenever any one of them does.
    """
    area_rounds = AreaRound.objects.all()
    in_round = {"area_round__round": round.pk}
    row = (
        Round.objects.filter(pk=round.pk)
        .annotate(
            ar_n=_scalar(area_rounds, Count("pk")),
            ar_data=_scalar(area_rounds, Sum("data_version")),
            ar_scores=_scalar(area_rounds, Sum("scores_version")),
            ar_updated=_scalar(area_rounds, Max("updated_at")),
            ar_published=_scalar(area_rounds, Max("results_published_at")),
            ar_published_n=_scalar(
                area_rounds, Count("pk", filter=Q(results_published_at__isnull=False))
            ),
            invitations_n=_scalar(Invitation.objects.filter(**in_round), Count("pk")),
            invitations_last=_scalar(Invitation.objects.filter(**in_round), Max("pk")),
            responses_n=_scalar(Response.objects.filter(**in_round), Count("pk")),
            responses_updated=_scalar(Response.objects.filter(**in_round), Max("updated_at")),
            recognitions_n=_scalar(Recognition.objects.filter(round=round.pk), Count("pk")),
            recognitions_last=_scalar(Recognition.objects.filter(round=round.pk), Max("pk")),
            recognised_last=_scalar(
                Recognition.objects.filter(round=round.pk), Max("recognised_at")
            ),
            areas_n=_scalar(CouncilArea.objects.all(), Count("pk")),
            areas_active=_scalar(CouncilArea.objects.filter(is_active=True), Count("pk")),
            areas_last=_scalar(CouncilArea.objects.all(), Max("pk")),
            areas_updated=_scalar(CouncilArea.objects.all(), Max("updated_at")),
        )
        .values_list(
            "pk",
            "framework_id",
            "framework__green",
            "framework__amber",
            "framework__min_group_size",
            "framework__gap_flag",
            "ar_n",
            "ar_data",
            "ar_scores",
            "ar_updated",
            "ar_published",
            "ar_published_n",
            "invitations_n",
            "invitations_last",
            "responses_n",
            "responses_updated",
            "recognitions_n",
            "recognitions_last",
            "recognised_last",
            "areas_n",
            "areas_active",
            "areas_last",
            "areas_updated",
        )
        .first()
    )
    return hashlib.sha256(repr(row).encode()).hexdigest()


def area_profile_version(*, area: CouncilArea) -> str:
    """A fingerprint of the area's profile (timeline, agreement, plan, funding,
    recognitions), read in one query: adding, editing or removing any of it changes it.
    Today's date is part of it, as actions fall overdue by the date alone."""
    parts = {
        "events": (HistoryEvent.objects.filter(area=area.pk), "updated_at"),
        "agreements": (AgreementVersion.objects.filter(area=area.pk), "updated_at"),
        "signatures": (AgreementSignature.objects.filter(version__area=area.pk), "signed_at"),
        "development": (DevelopmentAction.objects.filter(version__area=area.pk), "updated_at"),
        "funding": (FundingStability.objects.filter(area=area.pk), "updated_at"),
        "actions": (PlanAction.objects.filter(area=area.pk), "updated_at"),
        "recognitions": (Recognition.objects.filter(area=area.pk), "recognised_at"),
    }
    annotations = {}
    for name, (queryset, changed) in parts.items():
        annotations[f"{name}_n"] = _scalar(queryset, Count("pk"))
        annotations[f"{name}_last"] = _scalar(queryset, Max("pk"))
        annotations[f"{name}_changed"] = _scalar(queryset, Max(changed))
    row = (
        CouncilArea.objects.filter(pk=area.pk)
        .annotate(**annotations)
        .values_list("pk", "name", "region", "council_type", *annotations)
        .first()
    )
    return hashlib.sha256(repr((row, timezone.localdate())).encode()).hexdigest()


def area_rounds_visible_to(user, area) -> list[AreaRound]:
    """An area's rounds whose results the person may see, oldest first."""
    area_rounds = AreaRound.objects.filter(area=area).select_related("area", "round__framework")
    return [
        ar for ar in area_rounds.order_by("round__opens", "round__pk") if can_see_results(user, ar)
    ]


def area_trend_rounds(user, area_round: AreaRound) -> list[AreaRound]:
    """The area's rounds whose results the person may see, up to and including this one."""
    return [
        ar
        for ar in area_rounds_visible_to(user, area_round.area)
        if ar.round.opens <= area_round.round.opens
    ]


def area_trend(user, area_round: AreaRound) -> list[AreaRoundResult]:
    """Results of the area's visible rounds up to and including this one."""
    return [area_round_result(area_round=ar) for ar in area_trend_rounds(user, area_round)]


def visible_results(user, round: Round) -> list[AreaRoundResult]:
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


def score_rows(result: AreaRoundResult) -> list[dict]:
    """A result as rows (one per dimension, then the overall index), figures as shown."""
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
            "seen_differently": False,
            "programme_median": None,
            "previous": display_round(result.overall_previous),
            "change": display_round(result.overall_change),
            "withheld": "all" if OVERALL_KEY in result.withheld else "",
        }
    )
    return rows
