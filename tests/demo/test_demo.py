import datetime

import pytest

from demo.profiles import seed_area_profiles
from partnerships.models import Role, Sector
from profiles.models import (
    AgreementVersion,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)
from profiles.selectors import AgreementStatus, profile_summary_get
from tests.factories import (
    AreaRoundFactory,
    CouncilAreaFactory,
    MembershipFactory,
    RoundFactory,
)


@pytest.fixture
def demo(db):
    areas = {
        slug: CouncilAreaFactory(slug=slug, name=slug.title())
        for slug in ("waltham-forest", "bassetlaw", "kent")
    }
    rounds = {
        "baseline": RoundFactory(
            slug="baseline", opens=datetime.date(2026, 3, 2), closes=datetime.date(2026, 4, 30)
        ),
        "follow-up": RoundFactory(slug="follow-up"),
    }
    for slug, area in areas.items():
        AreaRoundFactory(area=area, round=rounds["baseline"])
        if slug != "kent":
            AreaRoundFactory(area=area, round=rounds["follow-up"])
        for sector in (Sector.COUNCIL, Sector.VCS):
            MembershipFactory(
                area=area,
                role=Role.COORDINATOR,
                sector=sector,
                user__username=f"{slug}-{sector}-coordinator",
            )
    return areas, rounds


def test_it_seeds_timelines_agreements_plans_and_a_recognition(demo):
    areas, rounds = demo
    seed_area_profiles(areas=areas, rounds=rounds)

    assert all(HistoryEvent.objects.filter(area=a).count() >= 4 for a in areas.values())
    signed = profile_summary_get(area=areas["waltham-forest"], round=rounds["baseline"])
    assert signed.agreement.status == AgreementStatus.SIGNED
    assert (signed.agreement.development_done, signed.agreement.development_total) == (2, 3)
    draft = profile_summary_get(area=areas["bassetlaw"], round=rounds["baseline"])
    assert draft.agreement.status == AgreementStatus.DRAFT
    assert profile_summary_get(area=areas["kent"]).agreement.status == AgreementStatus.NONE
    # Progress on the baseline plan by the follow-up round.
    assert signed.action_progress.done == 1
    assert signed.action_progress.in_progress == 1
    assert draft.action_progress.total == 3
    # At the follow-up round, the baseline plan's actions sit next to each dimension.
    later = profile_summary_get(area=areas["bassetlaw"], round=rounds["follow-up"])
    assert "capacity" in later.previous_actions_by_dimension
    assert FundingStability.objects.filter(area=areas["kent"]).count() == 1
    assert Recognition.objects.get().area == areas["waltham-forest"]


def test_it_is_idempotent(demo):
    areas, rounds = demo
    seed_area_profiles(areas=areas, rounds=rounds)
    counts = [
        m.objects.count()
        for m in (HistoryEvent, AgreementVersion, PlanAction, FundingStability, Recognition)
    ]
    seed_area_profiles(areas=areas, rounds=rounds)
    assert counts == [
        m.objects.count()
        for m in (HistoryEvent, AgreementVersion, PlanAction, FundingStability, Recognition)
    ]
