"""Area-profile fixtures: a second coordinator of area A, from the voluntary sector, so
both sectors can sign an agreement (``world.coordinator_a`` is the council's lead)."""

import datetime

import pytest

from partnerships.models import Role, Sector
from profiles import services
from tests.factories import MembershipFactory, UserFactory

AGREEMENT = {
    "purpose": "Improve advice services together.",
    "council_role": "Commissions and hosts the partnership board.",
    "vcs_role": "Represents frontline organisations and delivers advice.",
    "other_roles": "",
    "decision_making": "By consensus at the quarterly board.",
    "disagreements": "Raised with both leads; an independent chair mediates.",
    "consultation_weeks": 12,
    "multi_year_funding": True,
    "notice_period_weeks": 13,
    "compact_notes": "",
}


@pytest.fixture
def vcs_lead_a(world):
    user = UserFactory(username="vcs_lead_a", first_name="Val", last_name="Voluntary")
    MembershipFactory(user=user, role=Role.COORDINATOR, area=world.area_a, sector=Sector.VCS)
    return user


@pytest.fixture
def draft_a(world):
    return services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=None,
        lock_version=None,
        content=dict(AGREEMENT),
    )


@pytest.fixture
def signed_a(world, vcs_lead_a, draft_a):
    services.agreement_sign(
        version=draft_a,
        user=world.coordinator_a,
        sector=Sector.COUNCIL,
        lock_version=draft_a.lock_version,
    )
    services.agreement_sign(
        version=draft_a, user=vcs_lead_a, sector=Sector.VCS, lock_version=draft_a.lock_version
    )
    return draft_a


def days(n: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=n)
