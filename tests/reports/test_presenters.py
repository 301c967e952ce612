"""The presenter decides how every figure reads: numbers, ratings, withheld (with the
framework's minimum), no responses, not available, signed changes and gaps, statements."""

from dataclasses import replace

import pytest
from django.template import Context, Template
from django.urls import reverse

from assessments.models import Framework
from assessments.scoring import (
    AreaRoundResult,
    DimensionResult,
    Rating,
    StatementResult,
    area_round_result,
    scores_refresh,
)
from partnerships.models import Sector
from reports import presenters
from reports.presenters import FigureState
from tests.factories import default_framework, publish_results, submitted_response
from tests.reports.conftest import respond


def dimension(**changes) -> DimensionResult:
    figures = {
        "key": "history",
        "name": "History",
        "core": True,
        "order": 1,
        "score": 62.25,
        "rating": Rating.AMBER,
        "counted": 9,
        "by_sector": {"council": 70.0, "vcs": 55.0, "other": None},
        "withheld": [],
        "gap": 15.0,
        "seen_differently": True,
        "programme_median": 58.8,
        "previous": None,
        "change": None,
        "counted_by_sector": {"council": 4, "vcs": 5, "other": 0},
    }
    return DimensionResult(**{**figures, **changes})


@pytest.fixture
def result(world) -> AreaRoundResult:
    return AreaRoundResult(
        area_round=world.area_round_a,
        respondents={"total": 9, "council": 4, "vcs": 5, "other": 0},
        overall=62.25,
        overall_rating=Rating.AMBER,
        dimensions=[dimension()],
    )


def test_a_shown_score_reads_to_one_decimal_with_its_rating_in_words_and_colour(result):
    [history] = presenters.area_figures(result).dimensions
    assert (history.score.text, history.score.state) == ("62.3", FigureState.SHOWN)
    assert (history.rating.text, history.rating.css) == ("Needs attention", "amber")


def test_a_withheld_figure_names_the_frameworks_minimum(result):
    framework = result.area_round.round.framework
    Framework.objects.filter(pk=framework.pk).update(min_group_size=4)
    framework.refresh_from_db()
    small = dimension(
        score=None,
        rating=None,
        counted=2,
        withheld=["all", "council", "vcs"],
        by_sector={"council": None, "vcs": None, "other": None},
        counted_by_sector={"council": 1, "vcs": 1, "other": 0},
        gap=None,
        seen_differently=None,
    )
    figures = presenters.area_figures(replace(result, dimensions=[small]))
    [history] = figures.dimensions
    assert figures.minimum == 4
    assert history.score.text == "withheld (fewer than 4 people)"
    assert history.score.state == FigureState.WITHHELD
    assert (history.rating.text, history.rating.css) == ("no rating", "none")
    assert history.sector("council").figure.text == "withheld (fewer than 4 people)"
    # Without a gap, "seen differently" is withheld too: never a "No" nobody could know.
    assert history.gap.text == history.seen_differently.text == "withheld (fewer than 4 people)"
    assert not history.flagged


def test_a_group_withheld_against_subtraction_says_it_protects_a_smaller_one(result):
    protected = dimension(
        withheld=["council", "vcs"],
        by_sector={"council": None, "vcs": None, "other": None},
        counted_by_sector={"council": 7, "vcs": 2, "other": 0},
        gap=None,
        seen_differently=None,
    )
    [history] = presenters.area_figures(replace(result, dimensions=[protected])).dimensions
    assert history.sector("council").figure.text == (
        "withheld (protects a group of fewer than 3 people)"
    )
    assert history.sector("vcs").figure.text == "withheld (fewer than 3 people)"
    assert history.gap.text == "withheld (fewer than 3 people)"


def test_nobody_counted_reads_no_responses_and_nothing_to_compare_reads_not_available(result):
    nobody = dimension(
        score=None,
        rating=None,
        counted=0,
        by_sector={"council": None, "vcs": None, "other": None},
        counted_by_sector={"council": 0, "vcs": 0, "other": 0},
        gap=None,
        seen_differently=None,
        programme_median=None,
    )
    figures = presenters.area_figures(
        replace(
            result,
            dimensions=[nobody],
            overall=None,
            overall_rating=None,
            respondents={"total": 0, "council": 0, "vcs": 0, "other": 0},
        )
    )
    [history] = figures.dimensions
    assert history.score.text == "no responses"
    assert history.sector("vcs").figure.text == "no responses"
    assert history.gap.text == history.seen_differently.text == "not available"
    assert history.median.text == history.previous.text == history.change.text == "not available"
    assert figures.overall.text == "no responses"
    assert not figures.has_previous


@pytest.mark.parametrize(
    ("value", "text"),
    [(3.25, "+3.3"), (-1.0, "\u22121.0"), (-0.04, "0.0"), (0.0, "0.0"), (None, "not available")],
)
def test_changes_and_gaps_carry_their_sign_with_a_true_minus(value, text):
    assert presenters.change(value).text == text


def test_seen_differently_reads_yes_or_no_beside_a_signed_gap(result):
    [flagged] = presenters.area_figures(result).dimensions
    assert (flagged.gap.text, flagged.seen_differently.text, flagged.flagged) == (
        "+15.0",
        "Yes",
        True,
    )
    close = dimension(by_sector={"council": 60.0, "vcs": 65.0, "other": None}, gap=-5.0)
    close = replace(close, seen_differently=False)
    [history] = presenters.area_figures(replace(result, dimensions=[close])).dimensions
    assert (history.gap.text, history.seen_differently.text) == ("\u22125.0", "No")


def test_other_public_bodies_are_a_column_only_where_any_responded(result):
    assert presenters.area_figures(result).sector_keys == ["council", "vcs"]
    with_other = replace(result, respondents={**result.respondents, "other": 3})
    assert presenters.area_figures(with_other).sector_keys == ["council", "vcs", "other"]


def test_a_reverse_worded_statement_reads_in_its_scored_direction(result):
    disputes = StatementResult(
        code="HIS3",
        text="Past disputes still get in the way.",
        dimension_key="history",
        score=86.5,
        reading="Past disputes no longer get in the way.",
        reverse=True,
    )
    plain = StatementResult("HIS1", "We have a long record.", "history", 70.0)
    figures = presenters.area_figures(replace(result, strongest=[disputes, plain]))
    first, second = figures.strengths
    assert (first.reading, first.asked, first.score.text) == (
        "Past disputes no longer get in the way.",
        "Past disputes still get in the way.",
        "86.5",
    )
    assert first.dimension == "History"
    assert second.reading == second.asked == "We have a long record."
    assert figures.reverse_statements == [first]


def test_a_reverse_worded_statement_without_a_reading_is_marked_not_passed_off(result):
    unread = StatementResult("X1", "Things are bad.", "history", 80.0, reverse=True)
    [statement] = presenters.area_figures(replace(result, weakest=[unread])).priorities
    assert statement.reading == (
        "“Things are bad.” (reverse-scored: a high score means people disagreed)"
    )


def test_barriers_read_as_shares_withheld_or_no_responses(world):
    respond(world.area_round_a, 3, Sector.COUNCIL, default=4, answers={"AMB1": 2})
    respond(world.area_round_b, 2, Sector.COUNCIL, default=4)
    scores_refresh(area_round=world.area_round_a)
    scores_refresh(area_round=world.area_round_b)
    shown = presenters.area_figures(area_round_result(area_round=world.area_round_a))
    assert {b.key: b.share.text for b in shown.barriers}["resources"] == "100.0%"
    withheld = presenters.area_figures(area_round_result(area_round=world.area_round_b))
    assert {b.share.text for b in withheld.barriers} == {"withheld (fewer than 3 people)"}


def test_the_filters_ask_the_presenter_and_never_print_a_dash():
    rendered = Template(
        "{% load scores %}{{ a|score }}|{{ b|score }}|{{ c|change }}|{{ d|percent }}"
    ).render(Context({"a": 70.25, "b": None, "c": -2.0, "d": None}))
    assert rendered == "70.3|not available|\u22122.0|not available"


def test_the_minimum_people_are_told_about_is_the_smallest_published(db):
    framework = default_framework()
    assert presenters.group_minimum() == framework.min_group_size == 3
    Framework.objects.filter(pk=framework.pk).update(min_group_size=5)
    assert presenters.group_minimum() == 5
    assert presenters.group_minimum(Framework.objects.get(pk=framework.pk)) == 5


def test_the_privacy_page_states_the_frameworks_minimum(client, db):
    framework = default_framework()
    Framework.objects.filter(pk=framework.pk).update(min_group_size=4)
    body = client.get("/privacy/").content.decode()
    assert "at least 4 people who answered enough questions" in body
    assert "only for groups of at least 4 people" in body
    assert "at least 3 people" not in body


def test_the_dashboards_figures_come_from_the_presenter(client, world):
    for value in (5, 4, 4):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=value)
    submitted_response(area_round=world.area_round_a, sector=Sector.VCS, default=2)
    publish_results(world.area_round_a)
    client.force_login(world.sponsor)
    response = client.get(reverse("area_round_dashboard", args=[world.area_a.slug, "spring"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "withheld (fewer than 3 people)" in body
    assert "withheld (protects a group of fewer than 3 people)" in body
    assert ">–<" not in body and "no data" not in body
