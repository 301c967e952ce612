"""Reads about an area's profile, shared by the profile pages, the area dashboard and the
area PDF report."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.scoring import area_round_result
from partnerships.access import SIGNING_SECTORS
from partnerships.models import CouncilArea
from profiles.models import (
    ActionStatus,
    AgreementVersion,
    EventEffect,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)
from profiles.suggestions import Suggestion, next_steps

HIGHLIGHTS = 5


class AgreementStatus(models.TextChoices):
    NONE = "none", _("No agreement yet")
    DRAFT = "draft", _("Draft, not yet signed by both sectors")
    SIGNED = "signed", _("Signed by both sectors")


@dataclass(frozen=True)
class AgreementSummary:
    status: AgreementStatus
    version: AgreementVersion | None  # the current (latest) version
    number: int | None
    signed_sectors: list[str]  # sectors that signed the current version
    awaiting_sectors: list[str]  # sectors still to sign the current version
    last_signed_number: int | None  # latest version signed by both, if any
    development_done: int
    development_total: int


@dataclass(frozen=True)
class ActionProgress:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class ProfileSummary:
    area: CouncilArea
    round: object | None  # the round whose action plan is summarised
    history_highlights: list[HistoryEvent]
    history_helped: int
    history_strained: int
    agreement: AgreementSummary
    action_progress: ActionProgress
    # The plan built from ``round``'s results, by dimension key ("" = whole partnership).
    actions_by_dimension: dict[str, list[PlanAction]] = field(default_factory=dict)
    # Actions built from earlier rounds' results: what was done before ``round``, to show
    # next to each dimension's change at this round.
    previous_actions_by_dimension: dict[str, list[PlanAction]] = field(default_factory=dict)
    # Progress of those earlier plans (what an area did between the last round and this one).
    previous_action_progress: ActionProgress = field(default_factory=ActionProgress)
    funding: list[FundingStability] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)


def history_event_list(*, area: CouncilArea):
    return HistoryEvent.objects.filter(area=area).order_by("-date", "-pk")


def agreement_version_list(*, area: CouncilArea):
    """Every version, newest first, with its sign-offs and development phase."""
    return (
        AgreementVersion.objects.filter(area=area)
        .order_by("-number")
        .prefetch_related("signatures", "development_actions")
        .annotate(
            signed_count=Count("signatures", filter=Q(signatures__sector__in=SIGNING_SECTORS))
        )
    )


def agreement_version_get(*, area: CouncilArea, number: int) -> AgreementVersion | None:
    return agreement_version_list(area=area).filter(number=number).first()


def agreement_summary_get(*, area: CouncilArea) -> AgreementSummary:
    versions = agreement_version_list(area=area)
    current = versions.first()
    if current is None:
        return AgreementSummary(
            AgreementStatus.NONE, None, None, [], list(SIGNING_SECTORS), None, 0, 0
        )
    signed = [s.sector for s in current.signatures.all()]
    last_signed = (
        versions.filter(signed_count=len(SIGNING_SECTORS)).values_list("number", flat=True).first()
    )
    progress = current.development_actions.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done=True))
    )
    both = all(sector in signed for sector in SIGNING_SECTORS)
    return AgreementSummary(
        status=AgreementStatus.SIGNED if both else AgreementStatus.DRAFT,
        version=current,
        number=current.number,
        signed_sectors=signed,
        awaiting_sectors=[s for s in SIGNING_SECTORS if s not in signed],
        last_signed_number=last_signed,
        development_done=progress["done"],
        development_total=progress["total"],
    )


def plan_action_list(*, area: CouncilArea, round=None):
    actions = PlanAction.objects.filter(area=area).select_related("round")
    if round is not None:
        actions = actions.filter(round=round)
    return actions.order_by("due_date", "pk")


def plan_action_progress(*, actions) -> ActionProgress:
    """Counts by status, aggregated in the database; overdue = due before today, not done."""
    today = timezone.localdate()
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        in_progress=Count("pk", filter=Q(status=ActionStatus.IN_PROGRESS)),
        not_started=Count("pk", filter=Q(status=ActionStatus.NOT_STARTED)),
        overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(status=ActionStatus.DONE)),
    )
    return ActionProgress(**counts)


def _by_dimension(actions) -> dict[str, list[PlanAction]]:
    grouped: dict[str, list[PlanAction]] = defaultdict(list)
    for action in actions:
        grouped[action.dimension_key].append(action)
    return dict(grouped)


def plan_round_latest(*, area: CouncilArea):
    """The latest round (by its start) with an action plan in the area; None without one."""
    action = (
        PlanAction.objects.filter(area=area)
        .select_related("round")
        .order_by("-round__opens", "-round__pk")
        .first()
    )
    return action.round if action else None


def funding_record_list(*, area: CouncilArea):
    return (
        FundingStability.objects.filter(area=area)
        .select_related("round")
        .order_by("round__opens", "round__pk")
    )


def recognition_list(*, area: CouncilArea | None = None, round=None):
    """Practice sponsors recognised as innovation worth sharing, newest first: an area's
    (with ``area``), or the whole programme's; with ``round``, only those made for it."""
    recognitions = Recognition.objects.select_related("area", "round")
    if area is not None:
        recognitions = recognitions.filter(area=area)
    if round is not None:
        recognitions = recognitions.filter(round=round)
    return recognitions.order_by("-recognised_at", "-pk")


def profile_summary_get(*, area: CouncilArea, round=None) -> ProfileSummary:
    """What the area dashboard and the area PDF report show about the profile.

    ``round`` is the round being looked at: its action plan is summarised, and the actions
    from earlier rounds' plans are grouped by dimension to sit next to this round's change.
    Without ``round``, the latest round with an action plan is used.
    """
    plan_round = round if round is not None else plan_round_latest(area=area)
    timeline = history_event_list(area=area)
    effects = timeline.aggregate(
        helped=Count("pk", filter=Q(effect=EventEffect.HELPED)),
        strained=Count("pk", filter=Q(effect=EventEffect.STRAINED)),
    )
    if plan_round is not None:
        plan = plan_action_list(area=area, round=plan_round)
        previous = (
            plan_action_list(area=area)
            .filter(round__opens__lt=plan_round.opens)
            .order_by("round__opens", "due_date", "pk")
        )
        progress = plan_action_progress(actions=plan)
        previous_progress = plan_action_progress(actions=previous)
        by_dimension = _by_dimension(plan)
        previous_by_dimension = _by_dimension(previous)
    else:
        progress, previous_progress = ActionProgress(), ActionProgress()
        by_dimension, previous_by_dimension = {}, {}
    return ProfileSummary(
        area=area,
        round=plan_round,
        history_highlights=list(timeline[:HIGHLIGHTS]),
        history_helped=effects["helped"],
        history_strained=effects["strained"],
        agreement=agreement_summary_get(area=area),
        action_progress=progress,
        actions_by_dimension=by_dimension,
        previous_actions_by_dimension=previous_by_dimension,
        previous_action_progress=previous_progress,
        funding=list(funding_record_list(area=area)),
        recognitions=list(recognition_list(area=area)),
    )


def suggestion_list(*, area_round) -> list[Suggestion]:
    """Suggested next steps from an area round's results (``profiles.suggestions``). The
    caller checks that the person may see those results."""
    return next_steps(area_round_result(area_round=area_round))
