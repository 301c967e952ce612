"""Shared fixtures: named people in two areas, as the access rules need them.

``world`` gives area A and area B in an open round, and these people:
coordinator_a / coordinator_b, respondent_a / respondent_b, sponsor, admin, outsider.
Each has the password ``tests.factories.PASSWORD``.
"""

from dataclasses import dataclass

import pytest

from partnerships.models import Role, Sector
from tests.factories import (
    AreaRoundFactory,
    CouncilAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
)


@dataclass
class World:
    area_a: object
    area_b: object
    round: object
    area_round_a: object
    area_round_b: object
    council_org_a: object
    vcs_org_a: object
    coordinator_a: object
    coordinator_b: object
    respondent_a: object
    respondent_b: object
    sponsor: object
    admin: object
    outsider: object


@pytest.fixture
def world(db):
    area_a = CouncilAreaFactory(name="Area A", slug="area-a", gss_code="E07000001")
    area_b = CouncilAreaFactory(name="Area B", slug="area-b", gss_code="E07000002")
    round_ = RoundFactory(slug="spring", name="Spring round")
    council_org_a = OrganisationFactory(area=area_a, name="Area A Council", sector=Sector.COUNCIL)
    vcs_org_a = OrganisationFactory(area=area_a, name="Area A CVS", sector=Sector.VCS)

    def person(username, role, area, sector=Sector.COUNCIL, **extra):
        user = UserFactory(username=username, **extra)
        if role is not None:
            MembershipFactory(user=user, role=role, area=area, sector=sector)
        return user

    return World(
        area_a=area_a,
        area_b=area_b,
        round=round_,
        area_round_a=AreaRoundFactory(area=area_a, round=round_),
        area_round_b=AreaRoundFactory(area=area_b, round=round_),
        council_org_a=council_org_a,
        vcs_org_a=vcs_org_a,
        coordinator_a=person("coordinator_a", Role.COORDINATOR, area_a),
        coordinator_b=person("coordinator_b", Role.COORDINATOR, area_b),
        respondent_a=person("respondent_a", Role.RESPONDENT, area_a, Sector.VCS),
        respondent_b=person("respondent_b", Role.RESPONDENT, area_b),
        sponsor=person("sponsor", Role.SPONSOR, None, sector=""),
        admin=person("admin", None, None, is_superuser=True, is_staff=True),
        outsider=person("outsider", None, None),
    )


@pytest.fixture(autouse=True)
def _celery_runs_in_process(request):
    """Tasks run in-process in tests, even when CI configures a broker.

    Tests marked ``worker`` talk to a real Celery worker through the broker instead.
    """
    from pip_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = "worker" not in request.keywords
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _framework_cache_cleared():
    """Scoring caches published frameworks per process; a test's rolled-back framework
    changes send no signal, so every test starts with an empty cache."""
    from assessments.scoring import framework_parts_clear

    framework_parts_clear()


@pytest.fixture(autouse=True)
def _cache_cleared():
    """Dashboards cache rendered figures; every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
