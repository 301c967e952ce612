"""The uncertainty rules against a plain reference written from DESIGN.md alone.

The reference ("Uncertainty and agreement") uses SciPy's Student t quantile and the
standard library's exact ``statistics.stdev``; the module computes its own quantile and
standard deviation and reads only stored summaries. SciPy is a test dependency only.
"""

import json
import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from scipy import stats

from assessments.uncertainty import (
    Interval,
    Spread,
    change_is_clear,
    enough_to_say,
    interval,
    spread_of,
    t_quantile,
    t_upper_tail,
    views_split,
)

# --- the reference ----------------------------------------------------------------------


def ref_score(scores):
    return math.fsum(scores) / len(scores)


def ref_interval(scores, minimum):
    n = len(scores)
    if n < 2 * minimum:
        return None
    half = stats.t.ppf(0.975, n - 1) * statistics.stdev(scores) / math.sqrt(n)
    score = ref_score(scores)
    return max(score - half, 0.0), min(score + half, 100.0)


def ref_spread(scores, minimum):
    return statistics.stdev(scores) if len(scores) >= 2 * minimum else None


def ref_welch(before, after):
    """The difference, its squared standard error and the Welch–Satterthwaite df (None
    without variance), in exact fractions so that nothing under- or overflows."""
    n1, n2 = len(before), len(after)
    v1 = Fraction(statistics.stdev(before)) ** 2 / n1
    v2 = Fraction(statistics.stdev(after)) ** 2 / n2
    difference = Fraction(ref_score(after)) - Fraction(ref_score(before))
    if v1 + v2 == 0:
        return difference, 0, None
    df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    return difference, v1 + v2, float(df)


def ref_change_clear(before, after, minimum):
    if len(before) < 2 * minimum or len(after) < 2 * minimum:
        return None
    difference, variance, df = ref_welch(before, after)
    if df is None:
        return difference != 0
    t = Fraction(stats.t.ppf(0.975, df))
    # difference ± t·se excludes 0 exactly when difference² > t²·se²
    return difference**2 > t**2 * variance


def near_welch_boundary(before, after):
    """Whether the decision sits within rounding of the interval's edge, where two correct
    computations may differ."""
    difference, variance, df = ref_welch(before, after)
    if df is None:
        return False
    edge = Fraction(stats.t.ppf(0.975, df)) ** 2 * variance
    return abs(difference**2 - edge) <= Fraction(1, 10**8) * edge


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- strategies ---------------------------------------------------------------------------

# Dimension scores as respondents produce them: means of normalised 1-5 answers.
LIKERT_SCORES = sorted({100 * k / (4 * m) for m in range(1, 9) for k in range(4 * m + 1)})


def score_lists(n):
    return st.one_of(
        st.lists(st.floats(0, 100), min_size=n, max_size=n),
        st.floats(0, 100).map(lambda score: [score] * n),
        st.lists(st.floats(0, 0.001), min_size=n, max_size=n),
        st.lists(st.floats(99.999, 100), min_size=n, max_size=n),
        st.lists(st.sampled_from(LIKERT_SCORES), min_size=n, max_size=n),
        st.lists(st.sampled_from([0.0, 100.0]), min_size=n, max_size=n),
    )


scores = st.integers(1, 60).flatmap(score_lists)
minimums = st.integers(2, 5)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- properties -------------------------------------------------------------------------


@PROPERTY
@given(scores=scores, minimum=minimums)
def test_it_agrees_with_the_reference_interval_and_spread(scores, minimum):
    summary = Spread.of(scores)
    stored = Spread.from_detail(json.loads(json.dumps(summary.as_detail())))
    expected = ref_interval(scores, minimum)
    got = interval(stored, minimum=minimum)

    assert stored == summary
    assert summary.n == len(scores)
    assert summary.mean == ref_score(scores)  # the score as computed, bit for bit
    if len(scores) == 1:
        assert summary.sd is None
    else:
        exact = statistics.stdev(scores)
        assert math.isclose(summary.sd, exact, rel_tol=1e-12, abs_tol=1e-13)
    if expected is None:
        assert got is None
        assert spread_of(summary, minimum=minimum) is None
    else:
        assert close(got.low, expected[0]) and close(got.high, expected[1])
        assert 0.0 <= got.low <= got.high <= 100.0
        assert close(spread_of(summary, minimum=minimum), ref_spread(scores, minimum))


@PROPERTY
@given(before=scores, after=scores, minimum=minimums)
def test_it_agrees_with_the_reference_welch_decision(before, after, minimum):
    assume(not (len(before) > 1 and len(after) > 1 and near_welch_boundary(before, after)))

    got = change_is_clear(Spread.of(before), Spread.of(after), minimum=minimum)

    event(f"clear: {got}")
    assert got is ref_change_clear(before, after, minimum)


# --- the "too few responses" rule ---------------------------------------------------------


@pytest.mark.parametrize("minimum", [1, 2, 3, 4, 5])
def test_it_says_nothing_below_twice_the_minimum(minimum):
    few = Spread.of([40.0 + 5 * i for i in range(2 * minimum - 1)])
    enough = Spread.of([40.0 + 5 * i for i in range(2 * minimum)])

    assert not enough_to_say(few, minimum=minimum)
    assert interval(few, minimum=minimum) is None
    assert spread_of(few, minimum=minimum) is None
    assert change_is_clear(few, enough, minimum=minimum) is None
    assert change_is_clear(enough, few, minimum=minimum) is None

    assert enough_to_say(enough, minimum=minimum)
    assert interval(enough, minimum=minimum) is not None
    assert spread_of(enough, minimum=minimum) == pytest.approx(
        statistics.stdev([40.0 + 5 * i for i in range(2 * minimum)])
    )
    assert change_is_clear(enough, enough, minimum=minimum) is False


def test_no_figure_has_no_uncertainty():
    some = Spread.of([10.0, 20.0, 30.0, 40.0, 50.0, 60.0])

    assert interval(None, minimum=3) is None
    assert spread_of(None, minimum=3) is None
    assert change_is_clear(None, some, minimum=3) is None
    assert change_is_clear(some, None, minimum=3) is None


# --- the interval -------------------------------------------------------------------------


def test_it_centres_the_interval_on_the_unrounded_score():
    summary = Spread(n=4, mean=62.349, sd=10.0)
    half = 3.18244630528 * 10.0 / 2.0  # t(0.975, 3) from printed tables

    got = interval(summary, minimum=2)

    assert got.low == pytest.approx(62.349 - half, abs=1e-9)
    assert got.high == pytest.approx(62.349 + half, abs=1e-9)
    assert (got.low + got.high) / 2 == pytest.approx(62.349, abs=1e-12)


def test_all_equal_scores_give_a_zero_width_interval_at_the_score():
    for score in (0.0, 37.5, 100.0, 1 / 3):
        summary = Spread.of([score] * 6)

        assert summary.sd == 0.0
        assert interval(summary, minimum=3) == Interval(low=summary.mean, high=summary.mean)
        assert summary.mean == ref_score([score] * 6)


def test_it_clips_the_interval_to_the_scale():
    low_scores = Spread.of([0.0, 0.0, 0.0, 0.0, 0.0, 25.0])
    high_scores = Spread.of([100.0, 100.0, 100.0, 100.0, 100.0, 75.0])

    assert interval(low_scores, minimum=3).low == 0.0
    assert 0.0 < interval(low_scores, minimum=3).high < 100.0
    assert interval(high_scores, minimum=3).high == 100.0
    assert 0.0 < interval(high_scores, minimum=3).low < 100.0


def test_its_standard_deviation_is_stable_near_the_top_of_the_scale():
    scores = [100.0 - k * 1e-10 for k in range(7)]

    assert Spread.of(scores).sd == pytest.approx(statistics.stdev(scores), rel=1e-9)


@pytest.mark.parametrize("tiny", [3.5e-126, 1e-200, 5e-310])
def test_tiny_differences_between_scores_neither_vanish_nor_overflow(tiny):
    before, after = [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, tiny]

    assert math.isclose(Spread.of(after).sd, statistics.stdev(after), rel_tol=1e-9)
    assert change_is_clear(Spread.of(before), Spread.of(after), minimum=2) is ref_change_clear(
        before, after, 2
    )


# --- clear change -------------------------------------------------------------------------


def welch_edge(before, after):
    v1, v2 = before.sd**2 / before.n, after.sd**2 / after.n
    df = (v1 + v2) ** 2 / (v1**2 / (before.n - 1) + v2**2 / (after.n - 1))
    return df, stats.t.ppf(0.975, df) * math.sqrt(v1 + v2)


@pytest.mark.parametrize(("n1", "sd1", "n2", "sd2"), [(6, 10.0, 12, 20.0), (40, 3.0, 7, 18.5)])
def test_it_decides_at_the_welch_edge_with_non_integer_df(n1, sd1, n2, sd2):
    before = Spread(n=n1, mean=50.0, sd=sd1)
    df, edge = welch_edge(before, Spread(n=n2, mean=50.0, sd=sd2))
    assert df != int(df)

    for sign in (1, -1):
        just_out = Spread(n=n2, mean=50.0 + sign * edge * (1 + 1e-7), sd=sd2)
        just_in = Spread(n=n2, mean=50.0 + sign * edge * (1 - 1e-7), sd=sd2)

        assert change_is_clear(before, just_out, minimum=3) is True
        assert change_is_clear(before, just_in, minimum=3) is False


def test_zero_spread_in_both_rounds_is_clear_only_with_a_difference():
    before = Spread.of([50.0] * 6)

    assert change_is_clear(before, Spread.of([50.0] * 8), minimum=3) is False
    assert change_is_clear(before, Spread.of([50.5] * 8), minimum=3) is True
    assert change_is_clear(Spread.of([50.5] * 8), before, minimum=3) is True


def test_zero_spread_in_one_round_uses_the_other_rounds_df():
    before = Spread(n=6, mean=50.0, sd=0.0)
    after_sd, after_n = 12.0, 10
    edge = stats.t.ppf(0.975, after_n - 1) * after_sd / math.sqrt(after_n)

    clear = Spread(n=after_n, mean=50.0 + edge * 1.0001, sd=after_sd)
    not_clear = Spread(n=after_n, mean=50.0 + edge * 0.9999, sd=after_sd)

    assert change_is_clear(before, clear, minimum=3) is True
    assert change_is_clear(before, not_clear, minimum=3) is False


# --- views split --------------------------------------------------------------------------


def test_views_are_split_from_the_threshold_up():
    assert views_split(25.0, threshold=25) is True
    assert views_split(31.2, threshold=25) is True
    assert views_split(24.99, threshold=25) is False
    assert views_split(None, threshold=25) is None


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Spread.of([]), "scores"),
        (lambda: Spread.of([1.0, math.nan]), "scores"),
        (lambda: Spread(n=0, mean=0.0, sd=None), "n"),
        (lambda: Spread(n=1, mean=50.0, sd=0.0), "sd"),
        (lambda: Spread(n=3, mean=50.0, sd=None), "sd"),
        (lambda: Spread(n=3, mean=50.0, sd=-1.0), "sd"),
        (lambda: Spread(n=3, mean=math.inf, sd=1.0), "mean"),
        (lambda: interval(Spread.of([1.0, 2.0]), minimum=0), "minimum"),
        (lambda: t_quantile(1.0, 5), "p"),
        (lambda: t_quantile(0.0, 5), "p"),
        (lambda: t_quantile(1e-13, 5), "p"),
        (lambda: t_quantile(0.975, 0.5), "df"),
        (lambda: t_quantile(0.975, math.nan), "df"),
    ],
)
def test_bad_input_is_refused_naming_the_field(make, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        make()


# --- the t quantile -----------------------------------------------------------------------

DENSE_DF = (
    [1 + k / 100 for k in range(900)]  # 1.00 to 9.99
    + [10 + k / 2 for k in range(1981)]  # 10 to 1000 by halves
    + [1.5 + 1e-9, 2 - 1e-9, 2 + 1e-9, 3 - 1e-9, 33.333333, 777.777]
)


def test_its_975_quantile_matches_scipy_over_a_dense_grid():
    misses = [
        (df, t_quantile(0.975, df), stats.t.ppf(0.975, df))
        for df in DENSE_DF
        if not math.isclose(t_quantile(0.975, df), stats.t.ppf(0.975, df), rel_tol=1e-9)
    ]

    assert misses == []


@pytest.mark.parametrize("p", [1e-12, 1e-6, 0.01, 0.3, 0.6, 0.9, 0.95, 0.99, 0.999, 1 - 1e-9])
def test_its_quantiles_match_scipy_at_other_levels(p):
    grid = [1.0, 1.1, 1.5, 1.99, 2.0, 2.5, 3.0, 4.7, 7.0, 12.5, 30.0, 99.9, 250.0, 1000.0]
    grid += [2999.0, 3001.0, 1e4, 1e5, 1e6]

    misses = [
        df for df in grid if not math.isclose(t_quantile(p, df), stats.t.ppf(p, df), rel_tol=1e-9)
    ]

    assert misses == []


@settings(max_examples=300, deadline=None)
@given(
    upper=st.floats(1e-12, 0.4999),
    lower_tail=st.booleans(),
    df=st.one_of(st.floats(1, 10), st.floats(1, 5000)),
)
def test_its_quantiles_match_scipy_anywhere_in_range(upper, lower_tail, df):
    # Within 1e-4 of the median SciPy's own quantile loses digits (it is off by 4e-4 at
    # p = 0.5000001, df = 4); the test near the median below covers that stretch.
    p = upper if lower_tail else 1 - upper

    assert math.isclose(t_quantile(p, df), stats.t.ppf(p, df), rel_tol=1e-9)


@pytest.mark.parametrize("df", [1e4, 1e5, 1e6, 1e9, 1e12, 1e15])
def test_its_quantile_matches_scipy_for_huge_df(df):
    assert math.isclose(t_quantile(0.975, df), stats.t.ppf(0.975, df), rel_tol=1e-12)


@pytest.mark.parametrize("df", [1e9, 1e12, 1e15, math.inf])
def test_its_quantile_tends_to_the_normal_one(df):
    got = t_quantile(0.975, df)

    assert round(got, 6) == 1.959964
    assert math.isclose(got, stats.norm.ppf(0.975), rel_tol=1e-8)


def test_its_quantiles_match_printed_tables():
    table = {1: 12.706204736, 2: 4.302652730, 4: 2.776445105, 9: 2.262157163, 29: 2.045229642}

    for df, printed in table.items():
        assert t_quantile(0.975, df) == pytest.approx(printed, rel=1e-9)


@pytest.mark.parametrize("df", [1.0, 1.7, 4.0, 25.5, 400.0])
def test_its_quantile_is_odd_and_inverts_the_tail(df):
    assert t_quantile(0.5, df) == 0.0
    for p in (0.6, 0.9, 0.975, 0.9999):
        t = t_quantile(p, df)
        assert t_quantile(1 - p, df) == pytest.approx(-t, rel=1e-12)
        assert t_upper_tail(t, df) == pytest.approx(1 - p, rel=1e-11)


@pytest.mark.parametrize("df", [1.0, 3.0, 10.5, 200.0])
def test_its_quantile_is_accurate_near_the_median(df):
    # Near 0 the quantile is (p - 1/2) / density(0) to third order; this is where SciPy's
    # own quantile is least accurate, so the density is the reference here.
    density_at_0 = math.exp(
        math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    )
    step = 2.0**-30

    assert t_quantile(0.5 + step, df) == pytest.approx(step / density_at_0, rel=1e-8)
