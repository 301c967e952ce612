"""``next_steps`` is pure: these tests build results by hand, without the database."""

from dataclasses import replace

from assessments.scoring import (
    AreaRoundResult,
    BarrierResult,
    DimensionResult,
    Rating,
    StatementResult,
)
from profiles.suggestions import next_steps

NAMES = {
    "history": "History of cross-sector relationships",
    "attitudes": "Council attitudes",
    "vcs_relationships": "Relationships within the VCS",
    "capacity": "Capacity to work together",
    "ambition": "Ambition and local reality",
    "governance": "Governance and agreements",
}


def dimension(key, score, rating, *, seen_differently=False, order=None):
    return DimensionResult(
        key=key,
        name=NAMES.get(key, key),
        core=True,
        order=order or list(NAMES).index(key),
        score=score,
        rating=rating,
        counted=6,
        by_sector={},
        withheld=[],
        gap=None,
        seen_differently=seen_differently,
        programme_median=None,
        previous=None,
        change=None,
    )


def result(dimensions=(), barriers=(), weakest=()):
    return AreaRoundResult(
        area_round=None,
        respondents={"total": 6},
        overall=None,
        overall_rating=None,
        dimensions=list(dimensions),
        barriers=list(barriers),
        weakest=list(weakest),
    )


def keys(steps):
    return [s.key for s in steps]


def test_a_healthy_area_gets_no_suggestions():
    steps = next_steps(result([dimension(k, 80.0, Rating.GREEN) for k in NAMES]))
    assert steps == []


def test_weak_governance_suggests_a_pre_partnership_agreement():
    (step,) = next_steps(result([dimension("governance", 40.0, Rating.RED)]))
    assert step.key == "pre-partnership-agreement"
    assert step.dimension_key == "governance"
    assert "pre-partnership agreement with a development phase" in str(step.title)


def test_thin_capacity_suggests_named_leads_and_skills_support():
    (step,) = next_steps(result([dimension("capacity", 55.0, Rating.AMBER)]))
    assert str(step.title) == "Name leads in each sector and fund skills support"


def test_weak_history_suggests_a_facilitated_review_and_a_refreshed_compact():
    (step,) = next_steps(result([dimension("history", 30.0, Rating.RED)]))
    assert "review past disputes" in str(step.title)
    assert "Compact" in str(step.title)


def test_red_dimensions_come_before_amber_ones():
    steps = next_steps(
        result(
            [
                dimension("history", 60.0, Rating.AMBER),
                dimension("capacity", 40.0, Rating.RED),
            ]
        )
    )
    assert keys(steps) == ["name-leads-skills", "review-history"]


def test_a_withheld_dimension_suggests_nothing():
    assert next_steps(result([dimension("history", None, None)])) == []


def test_a_weak_statement_on_agreed_purpose_suggests_an_agreement():
    steps = next_steps(
        result(
            [dimension("governance", 72.0, Rating.GREEN)],
            weakest=[
                StatementResult("GOV1", "Partnerships start with an agreement", "governance", 35.0)
            ],
        )
    )
    assert keys(steps) == ["pre-partnership-agreement"]


def test_a_perception_gap_suggests_a_joint_workshop_on_that_dimension():
    (step,) = next_steps(
        result([dimension("attitudes", 75.0, Rating.GREEN, seen_differently=True)])
    )
    assert step.key == "compare-views"
    assert step.dimension_key == "attitudes"
    assert str(step.title) == (
        "Hold a joint workshop to compare council and VCS views of Council attitudes"
    )


def test_several_perception_gaps_make_one_workshop_led_by_the_widest_gap():
    narrow = dimension("history", 75.0, Rating.GREEN, seen_differently=True)
    wide = dimension("capacity", 75.0, Rating.GREEN, seen_differently=True)
    steps = next_steps(
        result(
            [
                replace(narrow, gap=16.0),
                replace(wide, gap=-40.0),
                dimension("attitudes", 80.0, Rating.GREEN),
            ]
        )
    )
    (step,) = steps
    assert step.dimension_key == "capacity"
    assert str(step.title) == (
        "Hold a joint workshop to compare council and VCS views of "
        f"{NAMES['capacity']} and {NAMES['history']}"
    )


def test_barriers_named_by_half_or_more_suggest_their_steps():
    steps = next_steps(
        result(
            barriers=[
                BarrierResult("timescales", "Unrealistic timescales", 50.0),
                BarrierResult("resources", "Insufficient resources", 80.0),
                BarrierResult("agendas", "Unrealistic agendas", 49.9),
                BarrierResult("skills", "Lack of skills", None),
            ]
        )
    )
    assert keys(steps) == ["multi-year-funding", "realistic-timescales"]
    assert "multi-year funding" in str(steps[0].title)
    assert "development phase" in str(steps[1].title)


def test_a_step_suggested_twice_is_listed_once():
    steps = next_steps(
        result(
            [dimension("capacity", 40.0, Rating.RED)],
            barriers=[BarrierResult("skills", "Lack of skills or personnel", 70.0)],
        )
    )
    assert keys(steps) == ["name-leads-skills"]


def test_an_unknown_weak_dimension_gets_a_general_step():
    (step,) = next_steps(result([dimension("place", 45.0, Rating.RED, order=9)]))
    assert step.key == "improve-place"
    assert "place" in str(step.title)


def test_every_suggestion_has_a_title_and_detail():
    steps = next_steps(
        result(
            [dimension(k, 30.0, Rating.RED, seen_differently=True) for k in NAMES],
            barriers=[
                BarrierResult(k, k, 90.0) for k in ("resources", "skills", "agendas", "timescales")
            ],
        )
    )
    assert len(keys(steps)) == len(set(keys(steps)))
    assert all(str(s.title) and str(s.detail) for s in steps)
