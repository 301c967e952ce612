"""Demo area profiles: timelines, agreements, funding stability, action plans, recognition.

``seed_area_profiles`` is called by ``seed_demo`` after the areas, people and rounds exist.
It is deterministic (fixed dates, or dates counted from the rounds' own dates) and
idempotent: running it again finds what it made and adds nothing twice.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnerships.models import CouncilArea, Membership, Role, Sector
from profiles.models import (
    ActionStatus,
    AgreementSignature,
    AgreementVersion,
    DevelopmentAction,
    EventEffect,
    EventKind,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)
from profiles.suggestions import DIMENSION_STEPS

SIGNED_AREA = "waltham-forest"
DRAFT_AREA = "bassetlaw"
RECOGNISED_AREA = "waltham-forest"

C, V, OTH = Sector.COUNCIL.value, Sector.VCS.value, Sector.OTHER.value

# Every demo area gets this shared shape of history, told in its own words below.
TIMELINE = [
    (
        datetime.date(2012, 6, 14),
        EventKind.COMPACT,
        [C, V],
        EventEffect.HELPED,
        "The first local Compact was signed by the council and the CVS.",
    ),
    (
        datetime.date(2016, 3, 1),
        EventKind.FUNDING_DISPUTE,
        [C, V],
        EventEffect.STRAINED,
        "Grants to small groups were cut with two weeks' notice; trust fell sharply.",
    ),
    (
        datetime.date(2019, 9, 20),
        EventKind.LEAD_OFFICER_CHANGE,
        [C],
        EventEffect.NEUTRAL,
        "A new head of communities took over the council's partnership work.",
    ),
    (
        datetime.date(2023, 1, 16),
        EventKind.JOINT_COMMISSION,
        [C, V, OTH],
        EventEffect.HELPED,
        "Council, health partners and a VCS consortium jointly commissioned advice services.",
    ),
]
EXTRA_EVENTS = {
    "waltham-forest": [
        (
            datetime.date(2019, 11, 4),
            EventKind.COMPACT,
            [C, V],
            EventEffect.HELPED,
            "The local Compact was refreshed with a twelve-week consultation standard.",
        ),
    ],
    "bassetlaw": [
        (
            datetime.date(2021, 5, 10),
            EventKind.INFRASTRUCTURE_CLOSED,
            [V],
            EventEffect.STRAINED,
            "The district's infrastructure body closed when its core grant ended.",
        ),
    ],
    "calderdale": [
        (
            datetime.date(2024, 2, 12),
            EventKind.INFRASTRUCTURE_FORMED,
            [V],
            EventEffect.HELPED,
            "A new VCS forum was formed to give small groups a shared voice.",
        ),
    ],
}

AGREEMENT = {
    "purpose": (
        "To improve local advice and wellbeing services by planning them together, so that "
        "residents get help earlier and closer to home."
    ),
    "council_role": (
        "Hosts the partnership board, shares commissioning plans early and funds a "
        "partnership lead post."
    ),
    "vcs_role": (
        "Represents frontline organisations through the CVS forum, brings residents' "
        "experience, and co-designs services."
    ),
    "other_roles": "Health partners attend the board and share data on demand for services.",
    "decision_making": (
        "Decisions are made by consensus at the quarterly board, with papers shared two weeks "
        "before."
    ),
    "disagreements": (
        "Either lead can call a meeting of both leads within ten working days; if unresolved, "
        "an independent chair mediates."
    ),
    "consultation_weeks": 12,
    "multi_year_funding": True,
    "notice_period_weeks": 13,
    "compact_notes": "Both sectors publish what they changed after each consultation.",
}
DEVELOPMENT_PHASE = [
    ("Map the advice providers and referral routes", "CVS development officer", 30, True),
    ("Agree a shared data-sharing protocol", "Council information governance lead", 60, True),
    ("Joint induction for new board members", "Partnership lead", 90, False),
]

FUNDING = {  # slug → (baseline share %, weeks; follow-up share %, weeks)
    "waltham-forest": ((Decimal("35.0"), 8), (Decimal("48.0"), 13)),
    "bassetlaw": ((Decimal("15.0"), 4), (Decimal("22.5"), 8)),
}
DEFAULT_FUNDING = ((Decimal("25.0"), 6), (Decimal("30.0"), 8))

# Progress reached by the follow-up round, one status per action of a plan.
PROGRESS = (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED)


def _weakest_dimensions(slug: str, count: int = 2) -> list[str]:
    try:
        from demo.programme import PROFILES
    except ImportError:  # pragma: no cover - the demo data module ships with seed_demo
        PROFILES = {}
    profile = PROFILES.get(slug)
    if not profile:
        return ["capacity", "governance"][:count]
    mean = {k: (profile["council"][k] + profile["vcs"][k]) / 2 for k in profile["council"]}
    return sorted((k for k in mean if k in DIMENSION_STEPS), key=lambda k: (mean[k], k))[:count]


def _lead(area: CouncilArea, sector: str):
    membership = (
        Membership.objects.filter(area=area, role=Role.COORDINATOR, sector=sector)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if membership is None:
        return None, f"{area.name} {Sector(sector).label} lead"
    user = membership.user
    return user, (user.get_full_name() or user.get_username())


def _at(date: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


def _timeline(area: CouncilArea) -> None:
    for date, kind, sectors, effect, description in TIMELINE + EXTRA_EVENTS.get(area.slug, []):
        HistoryEvent.objects.get_or_create(
            area=area,
            date=date,
            kind=kind,
            defaults={"sectors": sectors, "effect": effect, "description": description},
        )


def _agreement(area: CouncilArea, *, start: datetime.date, signed: bool) -> None:
    version, created = AgreementVersion.objects.get_or_create(
        area=area, number=1, defaults=AGREEMENT
    )
    if created:
        for title, owner, offset, done in DEVELOPMENT_PHASE:
            DevelopmentAction.objects.create(
                version=version,
                title=title,
                owner_name=owner,
                due_date=start + datetime.timedelta(days=offset),
                done=done and signed,
            )
    if not signed:
        return
    for sector in (Sector.COUNCIL, Sector.VCS):
        user, name = _lead(area, sector)
        AgreementSignature.objects.get_or_create(
            version=version,
            sector=sector,
            defaults={"user": user, "signer_name": name, "signed_at": _at(start, 11)},
        )


def _action_plan(area: CouncilArea, baseline, follow_up) -> None:
    weak = _weakest_dimensions(area.slug)
    if "governance" not in weak:
        weak.append("governance")
    closes = baseline.closes
    due = [closes + datetime.timedelta(days=60), closes + datetime.timedelta(days=120)]
    due.append((follow_up.closes if follow_up else closes) + datetime.timedelta(days=60))
    council_lead = _lead(area, Sector.COUNCIL)[1]
    vcs_lead = _lead(area, Sector.VCS)[1]
    for index, dimension_key in enumerate(weak[:3]):
        key, title, detail = DIMENSION_STEPS[dimension_key]
        PlanAction.objects.get_or_create(
            area=area,
            round=baseline,
            suggestion_key=key,
            defaults={
                "dimension_key": dimension_key,
                "title": str(title),
                "detail": str(detail),
                "owner_name": council_lead if index % 2 == 0 else vcs_lead,
                "sector": Sector.COUNCIL if index % 2 == 0 else Sector.VCS,
                "due_date": due[index],
                # Areas that ran the follow-up made progress; others are still starting.
                "status": PROGRESS[index] if follow_up else ActionStatus.NOT_STARTED,
            },
        )


def _funding(area: CouncilArea, rounds: list) -> None:
    figures = FUNDING.get(area.slug, DEFAULT_FUNDING)
    for round, (share, weeks) in zip(rounds, figures, strict=False):
        if round is None:
            continue
        FundingStability.objects.get_or_create(
            area=area,
            round=round,
            defaults={"long_term_share": share, "notice_period_weeks": weeks},
        )


def _takes_part(area: CouncilArea, round) -> bool:
    return round is not None and round.area_rounds.filter(area=area).exists()


@transaction.atomic
def seed_area_profiles(*, areas: dict[str, CouncilArea], rounds: dict) -> None:
    """Demo profiles for ``areas`` (keyed by slug) over ``rounds`` ("baseline", "follow-up")."""
    baseline = rounds.get("baseline")
    follow_up = rounds.get("follow-up")
    for slug, area in sorted(areas.items()):
        _timeline(area)
        in_baseline = _takes_part(area, baseline)
        in_follow_up = _takes_part(area, follow_up)
        if in_baseline:
            _action_plan(area, baseline, follow_up if in_follow_up else None)
        _funding(area, [baseline if in_baseline else None, follow_up if in_follow_up else None])
        start = baseline.closes if baseline else datetime.date(2026, 5, 1)
        if slug == SIGNED_AREA:
            _agreement(area, start=start, signed=True)
        elif slug == DRAFT_AREA:
            _agreement(area, start=start, signed=False)
    recognised = areas.get(RECOGNISED_AREA)
    if recognised is not None:
        sponsor = (
            Membership.objects.filter(role=Role.SPONSOR)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        user = sponsor.user if sponsor else None
        Recognition.objects.get_or_create(
            area=recognised,
            title="A pre-partnership agreement with a real development phase",
            defaults={
                "round": follow_up or baseline,
                "note": (
                    "Before the advice partnership started, both sectors signed an agreement "
                    "on purpose, roles and how disagreements are handled, then spent three "
                    "months on preparatory actions. Trust and capacity scores rose at the "
                    "follow-up round."
                ),
                "recognised_by": user,
                "recognised_by_name": (
                    (user.get_full_name() or user.get_username()) if user else "PIP sponsor"
                ),
                "recognised_at": _at(
                    (follow_up or baseline).opens
                    if (follow_up or baseline)
                    else datetime.date(2026, 6, 1)
                ),
            },
        )
