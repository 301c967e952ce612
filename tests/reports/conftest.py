"""Scored areas for the dashboard, API and export tests."""

import pytest

from assessments.scoring import scores_refresh
from partnerships.models import Sector
from tests.factories import DONT_KNOW, publish_results, submitted_response


def respond(area_round, n, sector=Sector.COUNCIL, **kwargs):
    return [submitted_response(area_round=area_round, sector=sector, **kwargs) for _ in range(n)]


@pytest.fixture
def scored(scored_open):
    """``scored_open`` with both areas' results published: what sponsors, coordinators and
    respondents may see."""
    publish_results(scored_open.area_round_a)
    publish_results(scored_open.area_round_b)
    return scored_open


@pytest.fixture
def scored_open(world):
    """Area A: four council and three VCS respondents who see things differently.
    Area B: two respondents, so every figure is withheld. The round is still open: only
    administrators see its figures."""
    respond(
        world.area_round_a,
        4,
        Sector.COUNCIL,
        default=4,
        answers={"HIS1": 5, "AMB1": 2, "CAP2": DONT_KNOW},
        comments={"history": "<script>alert('x')</script> We work well together"},
    )
    respond(world.area_round_a, 3, Sector.VCS, default=2, answers={"HIS1": 3, "AMB2": 5})
    respond(world.area_round_b, 2, Sector.COUNCIL, default=3)
    scores_refresh(area_round=world.area_round_a)
    scores_refresh(area_round=world.area_round_b)
    return world
