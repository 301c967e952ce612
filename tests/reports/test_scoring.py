"""The scoring module on hand-worked examples with the shipped framework."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AreaRound, AreaScore, DimensionScore, ResponseStatus
from assessments.scoring import (
    Rating,
    area_round_result,
    display_round,
    programme_results,
    rating_for,
    scores_mark_changed,
    scores_refresh,
)
from partnerships.models import Sector
from tests.factories import (
    DONT_KNOW,
    AreaRoundFactory,
    CouncilAreaFactory,
    ResponseFactory,
    RoundFactory,
    publish_results,
    submitted_response,
)

ALL_AGREE = 4  # normalised 75 on a 1-5 scale (25 on reverse-worded statements)


def respond(area_round, n, sector=Sector.COUNCIL, **kwargs):
    return [submitted_response(area_round=area_round, sector=sector, **kwargs) for _ in range(n)]


def result_of(area_round):
    scores_refresh(area_round=area_round)
    return area_round_result(area_round=area_round)


def test_display_round_rounds_halves_up():
    assert display_round(62.25) == 62.3
    assert display_round(62.35) == 62.4
    assert display_round(-14.95) == -15.0
    assert display_round(None) is None


def test_ratings_follow_the_framework_thresholds(world):
    framework = world.round.framework
    assert rating_for(70.0, framework) == Rating.GREEN
    assert rating_for(69.96, framework) == Rating.GREEN  # shown as 70.0
    assert rating_for(69.9, framework) == Rating.AMBER
    assert rating_for(50.0, framework) == Rating.AMBER
    assert rating_for(49.9, framework) == Rating.RED
    assert rating_for(None, framework) is None


def test_it_reverses_reverse_worded_statements(world):
    # HIS3 and HIS6 are reverse-worded: answering 5 to everything gives 5 x 100 + 2 x 0.
    respond(world.area_round_a, 3, default=5)
    history = result_of(world.area_round_a).dimension("history")
    assert history.score == pytest.approx(500 / 7)


def test_it_ignores_blank_and_dont_know_answers(world):
    answers = {"HIS1": 5, "HIS2": 5, "HIS4": 5, "HIS5": 5, "HIS7": None, "HIS3": DONT_KNOW}
    respond(world.area_round_a, 3, answers=answers)
    history = result_of(world.area_round_a).dimension("history")
    assert history.score == pytest.approx(100.0)
    assert history.counted == 3


def test_it_counts_a_respondent_only_with_half_the_statements_answered(world):
    four = {"HIS1": 5, "HIS2": 5, "HIS4": 5, "HIS5": 5}  # 4 of 7: counted
    three = {"HIS1": 1, "HIS2": 1, "HIS4": 1}  # 3 of 7: not counted
    respond(world.area_round_a, 3, answers=four)
    respond(world.area_round_a, 2, answers=three)
    result = result_of(world.area_round_a)
    history = result.dimension("history")
    assert history.counted == 3
    assert history.score == pytest.approx(100.0)
    assert result.respondents["total"] == 5


def test_only_submitted_responses_count(world):
    respond(world.area_round_a, 3, default=4)
    draft = ResponseFactory(area_round=world.area_round_a, status=ResponseStatus.DRAFT)
    assert draft.status == ResponseStatus.DRAFT
    result = result_of(world.area_round_a)
    assert result.respondents["total"] == 3


def test_it_withholds_small_groups(world):
    respond(world.area_round_a, 2, default=4)
    result = result_of(world.area_round_a)
    history = result.dimension("history")
    assert history.score is None
    assert history.rating is None
    assert "all" in history.withheld
    assert "history:all" in result.withheld
    assert result.overall is None
    assert "overall" in result.withheld
    assert all(b.share is None for b in result.barriers)
    assert result.strongest == [] and result.weakest == []


def test_it_withholds_the_next_smallest_sector_against_subtraction(world):
    respond(world.area_round_a, 4, Sector.COUNCIL, default=4)
    respond(world.area_round_a, 1, Sector.VCS, default=2)
    history = result_of(world.area_round_a).dimension("history")
    assert history.score is not None  # five counted: the area figure is shown
    assert history.by_sector == {"council": None, "vcs": None, "other": None}
    assert set(history.withheld) == {"council", "vcs"}
    assert history.gap is None
    assert history.seen_differently is None  # no gap to judge: unknown, not "no"


def test_it_flags_sectors_that_see_a_dimension_differently(world):
    respond(world.area_round_a, 3, Sector.COUNCIL, default=5)
    respond(world.area_round_a, 3, Sector.VCS, default=3)
    result = result_of(world.area_round_a)
    attitudes = result.dimension("attitudes")
    # ATT: six statements forward, one reversed.
    assert attitudes.by_sector["council"] == pytest.approx(600 / 7)
    assert attitudes.by_sector["vcs"] == pytest.approx(50.0)
    assert attitudes.gap == pytest.approx(600 / 7 - 50)
    assert attitudes.seen_differently is True
    assert attitudes.withheld == []


def test_overall_is_the_mean_of_the_four_core_dimensions(world):
    respond(world.area_round_a, 3, default=4)
    result = result_of(world.area_round_a)
    core = [d.score for d in result.dimensions if d.core]
    assert len(core) == 4
    assert result.overall == pytest.approx(sum(core) / 4)
    assert result.overall_rating == rating_for(result.overall, world.round.framework)


def test_programme_median_is_across_areas_with_a_score(world):
    respond(world.area_round_a, 3, default=5)
    respond(world.area_round_b, 3, default=3)
    third = AreaRoundFactory(area=CouncilAreaFactory(), round=world.round)
    respond(third, 1, default=1)  # withheld: not part of the median
    unpublished = AreaRoundFactory(area=CouncilAreaFactory(), round=world.round)
    respond(unpublished, 3, default=1)  # not published: not part of the median either
    scores_refresh(area_round=unpublished)
    for area_round in (world.area_round_a, world.area_round_b, third):
        publish_results(area_round)
    result = area_round_result(area_round=world.area_round_a)
    a, b = (
        area_round_result(area_round=ar).dimension("capacity").score
        for ar in (world.area_round_a, world.area_round_b)
    )
    assert result.dimension("capacity").programme_median == pytest.approx((a + b) / 2)
    assert area_round_result(area_round=unpublished).dimension(
        "capacity"
    ).programme_median == pytest.approx((a + b) / 2)


def test_it_reports_the_previous_round_and_the_change(world):
    earlier = RoundFactory(
        slug="autumn",
        opens=world.round.opens - datetime.timedelta(days=200),
        closes=world.round.opens - datetime.timedelta(days=150),
    )
    before = AreaRoundFactory(area=world.area_a, round=earlier)
    respond(before, 3, default=3)
    scores_refresh(area_round=before)
    respond(world.area_round_a, 3, default=4)
    # An unpublished earlier round is nobody's "previous round".
    assert result_of(world.area_round_a).dimension("vcs_relationships").previous is None
    publish_results(before)
    result = result_of(world.area_round_a)
    vcs = result.dimension("vcs_relationships")
    assert vcs.previous == pytest.approx(50.0)
    assert vcs.change == pytest.approx(vcs.score - 50.0)
    assert result.overall_previous == pytest.approx(50.0)
    assert result.overall_change == pytest.approx(result.overall - 50.0)


def test_barrier_shares_count_those_who_disagree(world):
    respond(world.area_round_a, 3, default=4, answers={"AMB1": 2, "AMB2": 4})
    respond(world.area_round_a, 1, default=4, answers={"AMB1": 4, "AMB2": 1})
    respond(world.area_round_a, 1, default=4, answers={"AMB1": None, "AMB2": 3})
    result = result_of(world.area_round_a)
    shares = {b.key: b.share for b in result.barriers}
    assert shares["resources"] == pytest.approx(75.0)  # 3 of the 4 who answered
    assert shares["skills"] == pytest.approx(20.0)  # 1 of 5; "neither" is not a problem
    assert shares["timescales"] == pytest.approx(0.0)
    assert result.barriers[0].name == "Insufficient resources"


def test_strongest_and_weakest_statements(world):
    respond(world.area_round_a, 3, default=3, answers={"HIS1": 5, "CAP2": 1, "ATT1": 4})
    result = result_of(world.area_round_a)
    assert result.strongest[0].code == "HIS1"
    assert result.strongest[0].score == pytest.approx(100.0)
    assert result.weakest[0].code == "CAP2"
    assert result.weakest[0].score == pytest.approx(0.0)
    assert len(result.strongest) == 3 and len(result.weakest) == 3


def test_a_reverse_worded_statement_ranks_and_reads_in_its_scored_direction(world):
    """Disagreeing that past disputes still get in the way (HIS3, reverse-worded) is the
    strongest answer: it ranks first, and reads as its positive reading."""
    respond(world.area_round_a, 3, default=3, answers={"HIS3": 1})
    result = result_of(world.area_round_a)
    disputes = result.strongest[0]
    assert (disputes.code, disputes.reverse) == ("HIS3", True)
    assert disputes.score == pytest.approx(100.0)
    assert disputes.reading == "Past disputes no longer get in the way of working together."
    assert disputes.text.startswith("Past disputes between the council and voluntary")
    assert disputes.in_scored_direction == disputes.reading


def test_statements_are_stored_without_their_wording(world):
    """Stored figures hold codes and scores only: the wording comes from the (never edited
    once published) framework, so a stored figure never needs rewriting."""
    respond(world.area_round_a, 3, default=3, answers={"HIS1": 5})
    scores_refresh(area_round=world.area_round_a)
    detail = AreaScore.objects.get(area_round=world.area_round_a).detail
    for statement in [*detail["strongest"], *detail["weakest"]]:
        assert set(statement) == {"code", "dimension_key", "score"}


def test_figures_stored_with_the_wording_are_still_read(world):
    """Figures stored before the wording moved to the framework have a ``text``: read, and
    worded from the framework like any other."""
    respond(world.area_round_a, 3, default=3)
    scores_refresh(area_round=world.area_round_a)
    score = AreaScore.objects.get(area_round=world.area_round_a)
    score.detail["strongest"] = [
        {
            "code": "HIS3",
            "text": "Old wording as asked.",
            "dimension_key": "history",
            "score": 90.0,
        }
    ]
    score.save(update_fields=["detail"])
    [statement] = area_round_result(area_round=world.area_round_a).strongest
    assert statement.score == 90.0
    assert statement.reading == "Past disputes no longer get in the way of working together."
    assert statement.reverse is True


def test_comments_are_shown_only_for_groups_at_the_minimum_size(world):
    respond(world.area_round_a, 3, default=4, comments={"history": "We <b>trust</b> each other"})
    respond(world.area_round_a, 1, answers={"CAP1": 4}, comments={"capacity": "Too few staff"})
    result = result_of(world.area_round_a)
    assert result.comments["history"] == ["We <b>trust</b> each other"] * 3
    assert "capacity" in result.comments  # capacity: 3 counted, the fourth comment included
    respond(world.area_round_b, 2, default=4, comments={"history": "Small group"})
    assert result_of(world.area_round_b).comments == {}


def test_mark_changed_refreshes_the_stored_figures_on_commit(
    world, django_capture_on_commit_callbacks
):
    respond(world.area_round_a, 3, default=4)
    with django_capture_on_commit_callbacks(execute=True):
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
    area_round = AreaRound.objects.get(pk=world.area_round_a.pk)
    assert area_round.data_version == 1
    assert area_round.scores_version == 1
    assert area_round.score.data_version == 1
    assert area_round_result(area_round=area_round).dimension("history").score is not None


def test_changing_framework_settings_refreshes_its_rounds(
    world, django_capture_on_commit_callbacks
):
    respond(world.area_round_a, 3, default=4)
    scores_refresh(area_round=world.area_round_a)
    assert area_round_result(area_round=world.area_round_a).overall is not None
    framework = world.round.framework
    framework.min_group_size = 4
    with django_capture_on_commit_callbacks(execute=True):
        framework.save()
    assert area_round_result(area_round=world.area_round_a).overall is None
    assert DimensionScore.objects.filter(area_round=world.area_round_a, withheld=True).exists()


def test_programme_results_take_a_constant_number_of_queries(world):
    def count_for(extra_areas):
        for _ in range(extra_areas):
            area_round = AreaRoundFactory(area=CouncilAreaFactory(), round=world.round)
            respond(area_round, 3, default=4)
            scores_refresh(area_round=area_round)
        with CaptureQueriesContext(connection) as queries:
            results = programme_results(round=world.round)
        return len(queries), len(results)

    few, n_few = count_for(1)
    many, n_many = count_for(6)
    assert n_many == n_few + 6
    assert few == many


def test_a_failed_refresh_is_logged_and_leaves_the_figures_stale(
    world, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from assessments import scoring

    def broken(locked):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(scoring, "_figures_store", broken)
    with django_capture_on_commit_callbacks(execute=True):
        scores_mark_changed(area_round=world.area_round_a, reason="submitted")
    area_round = AreaRound.objects.get(pk=world.area_round_a.pk)
    assert area_round.scores_version < area_round.data_version
    assert "refresh failed" in caplog.text


def test_refresh_scores_command_catches_up_stale_figures(world):
    from io import StringIO

    from django.core.management import call_command

    respond(world.area_round_a, 3, default=4)
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(data_version=2)
    out = StringIO()
    call_command("refresh_scores", "--stale", stdout=out)
    area_round = AreaRound.objects.get(pk=world.area_round_a.pk)
    assert area_round.scores_version == 2
    assert area_round.score.overall is not None
    assert "Refreshed the scores of 2 area round(s)." in out.getvalue()  # B had no figures
    assert display_round(-0.04) == 0.0 and str(display_round(-0.04)) == "0.0"
