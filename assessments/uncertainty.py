"""How sure an area's dimension figure is, and whether its respondents agree.

The published rules (DESIGN.md, "Uncertainty and agreement"), in plain words:

- They apply to an area's dimension score over all its respondents, never to a sector.
- With ``n`` counted respondents and the framework's minimum group size ``minimum``, the
  figures below are shown only when ``n >= 2 * minimum``; with fewer, none of them is
  ("too few responses to say").
- The *spread* is the sample standard deviation (divisor ``n - 1``) of the respondents'
  dimension scores.
- The 95% *interval* is ``score ± t(0.975, n - 1) * spread / sqrt(n)``, clipped to 0–100.
  It is centred on the score as computed, unrounded; rounding is for display only.
- The change since the previous round is *clear* when both rounds have an interval and the
  Welch 95% interval of the difference, ``(after - before) ± t(0.975, df) * se`` with
  ``se = sqrt(s1²/n1 + s2²/n2)`` and Welch–Satterthwaite ``df``, excludes 0. It is not
  clear ("within what chance would give") when that interval includes 0, and unknown
  (``None``) when either round has no interval. When both rounds' spreads are 0 the
  difference is known exactly: a nonzero difference is clear, an equal score is not.
- Views are *split* when the spread is at least the framework's threshold (25).

Everything here reads only a ``Spread`` summary (count, mean, standard deviation), so
stored figures can be re-read without the answers. The module needs nothing beyond the
standard library; the Student t quantile is computed here (see ``t_quantile``).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

SCALE_LOW = 0.0
SCALE_HIGH = 100.0
# The upper point of a two-sided 95% interval.
UPPER_975 = 0.975


@dataclass(frozen=True)
class Spread:
    """What the rules need of an area's dimension score: the number of counted
    respondents ``n``, the score ``mean`` (their mean dimension score, as computed) and
    ``sd``, the sample standard deviation of their dimension scores (divisor ``n - 1``;
    ``None`` for a single respondent)."""

    n: int
    mean: float
    sd: float | None

    def __post_init__(self) -> None:
        # Plain floats whatever number type was passed, so figures store as JSON.
        object.__setattr__(self, "mean", float(self.mean))
        if self.sd is not None:
            object.__setattr__(self, "sd", float(self.sd))
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ValueError(f"n: a spread needs at least one respondent, not {self.n!r}")
        if not math.isfinite(self.mean):
            raise ValueError(f"mean: must be a finite number, not {self.mean!r}")
        if self.n == 1 and self.sd is not None:
            raise ValueError("sd: one respondent has no standard deviation; pass None")
        if self.n > 1 and (self.sd is None or not math.isfinite(self.sd) or self.sd < 0):
            raise ValueError(f"sd: must be a finite number at least 0, not {self.sd!r}")

    @classmethod
    def of(cls, scores: Iterable[float]) -> "Spread":
        """The summary of respondents' dimension scores. The mean is computed exactly as
        the scoring module computes a score (``fsum / n``), so an interval is centred on
        the figure itself; all-equal scores have a standard deviation of exactly 0."""
        values = [float(score) for score in scores]
        n = len(values)
        if n == 0:
            raise ValueError("scores: a spread needs at least one respondent's score")
        if not all(math.isfinite(value) for value in values):
            raise ValueError("scores: every score must be a finite number")
        mean = math.fsum(values) / n
        if n == 1:
            return cls(n=1, mean=mean, sd=None)
        if min(values) == max(values):
            return cls(n=n, mean=mean, sd=0.0)
        # Two passes with the corrected sum (Chan, Golub & LeVeque 1983): the second term
        # removes what rounding the mean left in the deviations. Deviations are scaled by
        # the largest so that tiny ones do not underflow when squared.
        deviations = [value - mean for value in values]
        scale = max(abs(deviation) for deviation in deviations)
        scaled = [deviation / scale for deviation in deviations]
        squares = math.fsum(x * x for x in scaled)
        residue = math.fsum(scaled)
        variance = max(squares - residue * residue / n, 0.0) / (n - 1)
        return cls(n=n, mean=mean, sd=scale * math.sqrt(variance))

    def as_detail(self) -> dict:
        """The summary as JSON-ready data, to store beside a figure."""
        return {"n": self.n, "mean": self.mean, "sd": self.sd}

    @classmethod
    def from_detail(cls, detail: dict) -> "Spread":
        return cls(n=detail["n"], mean=detail["mean"], sd=detail["sd"])


@dataclass(frozen=True)
class Interval:
    """A 95% interval on the 0–100 scale: ``low <= high``, both unrounded."""

    low: float
    high: float


def enough_to_say(summary: Spread | None, *, minimum: int) -> bool:
    """Whether the summary has the ``2 * minimum`` respondents the rules need. ``None``
    (no figure) never has."""
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ValueError(f"minimum: the minimum group size must be at least 1, not {minimum!r}")
    return summary is not None and summary.n >= 2 * minimum


def spread_of(summary: Spread | None, *, minimum: int) -> float | None:
    """The spread (sample standard deviation) to show, or ``None`` with too few
    respondents."""
    if not enough_to_say(summary, minimum=minimum):
        return None
    return summary.sd


def interval(summary: Spread | None, *, minimum: int) -> Interval | None:
    """The 95% interval around the score, clipped to 0–100, or ``None`` with too few
    respondents. All-equal scores give a zero-width interval at the score."""
    if not enough_to_say(summary, minimum=minimum):
        return None
    half = _t975(summary.n - 1) * summary.sd / math.sqrt(summary.n)
    return Interval(
        low=min(max(summary.mean - half, SCALE_LOW), SCALE_HIGH),
        high=max(min(summary.mean + half, SCALE_HIGH), SCALE_LOW),
    )


def change_is_clear(before: Spread | None, after: Spread | None, *, minimum: int) -> bool | None:
    """Whether the change from ``before`` (the previous round) to ``after`` is clear: the
    Welch 95% interval of ``after.mean - before.mean`` excludes 0. ``None`` when either
    round has too few respondents for an interval (or no figure). When both spreads are 0
    the interval has no width: a nonzero difference is clear, an equal mean is not. A
    difference exactly at the interval's edge (the interval touches 0) is not clear."""
    if not (enough_to_say(before, minimum=minimum) and enough_to_say(after, minimum=minimum)):
        return None
    difference = after.mean - before.mean
    part_before = before.sd / math.sqrt(before.n)
    part_after = after.sd / math.sqrt(after.n)
    standard_error = math.hypot(part_before, part_after)
    if standard_error == 0.0:
        return difference != 0.0
    # Welch–Satterthwaite, with both parts scaled by the larger so no square over- or
    # underflows; the ratio is unchanged by the scaling.
    larger = max(part_before, part_after)
    share_before = (part_before / larger) ** 2
    share_after = (part_after / larger) ** 2
    df = (share_before + share_after) ** 2 / (
        share_before**2 / (before.n - 1) + share_after**2 / (after.n - 1)
    )
    return _exceeds_t975(abs(difference) / standard_error, df)


def views_split(spread: float | None, *, threshold: float) -> bool | None:
    """Whether respondents' views are split: ``spread >= threshold``; ``None`` when no
    spread is shown. Compares the value it is given: pass the spread as shown (rounded)
    when the flag must agree with the number on the page."""
    if spread is None:
        return None
    return spread >= threshold


# --- the Student t distribution -------------------------------------------------------------

# Above this many degrees of freedom the Cornish–Fisher expansion agrees with SciPy to
# 1e-13 for 1e-12 <= p <= 1 - 1e-12, while the continued fraction needs ever more terms
# (about the square root of df); below it the expansion's neglected terms are too large.
_LARGE_DF = 3.0e3
_CF_EPSILON = 1.0e-15
_CF_TINY = 1.0e-300
_CF_MAX_TERMS = 100_000
_QUANTILE_TOLERANCE = 1.0e-13
_QUANTILE_MAX_STEPS = 200
# The range tested. Further out the density underflows before the quantile does, and the
# solver would need logarithms of the tail; nothing here needs such quantiles.
_P_MIN = 1.0e-12
_LOG_SQRT_PI = 0.5 * math.log(math.pi)


def t_quantile(p: float, df: float) -> float:
    """The Student t quantile ``t(p, df)``: the ``t`` with ``P(T <= t) = p``, for ``1e-12
    <= p <= 1 - 1e-12`` and real ``df >= 1`` (``math.inf`` gives the normal quantile),
    within 1e-12 relative of SciPy's (tested to 1e-9 over a dense grid of df).

    Method: the upper tail ``P(T > t)`` is ``I_x(df/2, 1/2) / 2`` with ``x = df / (df +
    t²)`` (Abramowitz & Stegun 26.7.1 and 26.5.27), the regularised incomplete beta function
    evaluated by its continued fraction with Lentz's method (Numerical Recipes, 3rd ed.,
    6.4); the quantile solves ``P(T > t) = q`` by Halley's method kept inside a bracket,
    falling back to bisection. ``df`` of 1 and 2 have closed forms; above ``_LARGE_DF`` the
    Cornish–Fisher expansion in ``1/df`` (A&S 26.7.5) around the normal quantile is used.
    """
    if not _P_MIN <= p <= 1.0 - _P_MIN:
        raise ValueError(f"p: must be between {_P_MIN} and 1 - {_P_MIN}, not {p!r}")
    if math.isnan(df) or df < 1.0:
        raise ValueError(f"df: must be at least 1, not {df!r}")
    if p == 0.5:
        return 0.0
    if p > 0.5:
        return _t_upper_quantile(1.0 - p, df)
    return -_t_upper_quantile(p, df)


def t_upper_tail(t: float, df: float) -> float:
    """``P(T > t)`` for Student's t with real ``df > 0`` degrees of freedom."""
    if not df > 0.0:
        raise ValueError(f"df: must be more than 0, not {df!r}")
    if t < 0.0:
        return 1.0 - t_upper_tail(-t, df)
    if t == 0.0:
        return 0.5
    if math.isinf(df):
        return 0.5 * math.erfc(t / math.sqrt(2.0))
    if math.isinf(t):
        return 0.0
    a, b = df / 2.0, 0.5
    # x = df / (df + t²) and 1 - x, with their logarithms, written so that neither a huge
    # t nor a tiny one overflows or cancels.
    if t * t > df:
        r_squared = (math.sqrt(df) / t) ** 2
        x, one_minus_x = r_squared / (1.0 + r_squared), 1.0 / (1.0 + r_squared)
        log_x = 2.0 * math.log(math.sqrt(df) / t) - math.log1p(r_squared)
        log_one_minus_x = -math.log1p(r_squared)
    else:
        s = t * t / df
        if s == 0.0:  # t below about 1e-154 * sqrt(df): the tail is 0.5 to double precision
            return 0.5
        x, one_minus_x = 1.0 / (1.0 + s), s / (1.0 + s)
        log_x = -math.log1p(s)
        log_one_minus_x = math.log(s) - math.log1p(s)
    log_front = a * log_x + b * log_one_minus_x - _log_beta(a, b)
    front = math.exp(log_front)
    # The continued fraction converges fast below (a+1)/(a+b+2); above, use the symmetry
    # I_x(a, b) = 1 - I_{1-x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0):
        return 0.5 * front * _beta_continued_fraction(a, b, x) / a
    return 0.5 * (1.0 - front * _beta_continued_fraction(b, a, one_minus_x) / b)


def _log_beta(a: float, b: float) -> float:
    if b == 0.5:
        return _LOG_SQRT_PI - _log_gamma_half_step(a)
    if a == 0.5:
        return _LOG_SQRT_PI - _log_gamma_half_step(b)
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _log_gamma_half_step(a: float) -> float:
    """``ln Γ(a + 1/2) - ln Γ(a)``. For large ``a`` the difference of two large log-gammas
    loses digits (about 1e-11 at a = 5000), so there the asymptotic series from Stirling's
    is used instead: its first neglected term is below 1e-20 from a = 100."""
    if a < 100.0:
        return math.lgamma(a + 0.5) - math.lgamma(a)
    inverse = 1.0 / a
    inverse_squared = inverse * inverse
    series = (
        -1.0 / 8.0
        + (1.0 / 192.0 + (-1.0 / 640.0 + 17.0 / 14336.0 * inverse_squared) * inverse_squared)
        * inverse_squared
    ) * inverse
    return 0.5 * math.log(a) + series


def _t_density(t: float, df: float) -> float:
    log_density = (
        _log_gamma_half_step(df / 2.0)
        - 0.5 * math.log(df * math.pi)
        - (df + 1.0) / 2.0 * math.log1p(t * t / df)
    )
    return math.exp(log_density)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of ``I_x(a, b)`` (without its front factor), by the modified
    Lentz method."""
    sum_ab, a_plus, a_minus = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - sum_ab * x / a_plus
    d = 1.0 / (d if abs(d) >= _CF_TINY else _CF_TINY)
    h = d
    for m in range(1, _CF_MAX_TERMS + 1):
        m2 = 2 * m
        for coefficient in (
            m * (b - m) * x / ((a_minus + m2) * (a + m2)),
            -(a + m) * (sum_ab + m) * x / ((a + m2) * (a_plus + m2)),
        ):
            d = 1.0 + coefficient * d
            d = 1.0 / (d if abs(d) >= _CF_TINY else _CF_TINY)
            c = 1.0 + coefficient / c
            if abs(c) < _CF_TINY:
                c = _CF_TINY
            delta = c * d
            h *= delta
        if abs(delta - 1.0) < _CF_EPSILON:
            return h
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def _t_upper_quantile(q: float, df: float) -> float:
    """The ``t > 0`` with ``P(T > t) = q``, for ``0 < q < 0.5``."""
    if df == 1.0:
        return 1.0 / math.tan(math.pi * q)
    if df == 2.0:
        return (1.0 - 2.0 * q) / math.sqrt(2.0 * q * (1.0 - q))
    start = _cornish_fisher(q, df)
    if df > _LARGE_DF:
        return start
    low, high = 0.0, math.inf
    t = start if start > 0.0 else 1.0
    for _ in range(_QUANTILE_MAX_STEPS):
        excess = t_upper_tail(t, df) - q
        if excess == 0.0:
            return t
        if excess > 0.0:
            low = t
        else:
            high = t
        # Halley's step for g(t) = P(T > t) - q: g' = -density, g''/g' = -(df+1) t/(df+t²).
        newton = excess / _t_density(t, df)
        damping = 1.0 - newton * (df + 1.0) * t / (2.0 * (df + t * t))
        step = newton / damping if damping > 0.0 else newton
        if abs(step) <= _QUANTILE_TOLERANCE * t:
            return t + step
        candidate = t + step
        if not low < candidate < high:
            candidate = 2.0 * low + 1.0 if math.isinf(high) else (low + high) / 2.0
        t = candidate
    raise ArithmeticError(f"t quantile did not converge for q={q}, df={df}")


def _cornish_fisher(q: float, df: float) -> float:
    """The upper ``q`` quantile of t from the normal one, to order ``df**-4`` (A&S 26.7.5)."""
    z = _normal_upper_quantile(q)
    if math.isinf(df):
        return z
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


# Acklam's rational approximation to the normal quantile (relative error below 1.15e-9),
# refined below by Halley steps on erfc to full precision.
_ACKLAM_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_ACKLAM_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_ACKLAM_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_ACKLAM_D = (
    7.784695709041462e-03,
    3.224671290700398e-01,
    2.445134137142996e00,
    3.754408661907416e00,
)
_ACKLAM_BREAK = 0.02425


def _polynomial(coefficients: tuple[float, ...], x: float) -> float:
    total = 0.0
    for coefficient in coefficients:
        total = total * x + coefficient
    return total


def _normal_upper_quantile(q: float) -> float:
    """The ``z`` with ``P(Z > z) = q`` for ``0 < q <= 0.5``."""
    if q < _ACKLAM_BREAK:
        r = math.sqrt(-2.0 * math.log(q))
        z = -_polynomial(_ACKLAM_C, r) / (_polynomial(_ACKLAM_D, r) * r + 1.0)
    else:
        r = 0.5 - q
        s = r * r
        z = r * _polynomial(_ACKLAM_A, s) / (_polynomial(_ACKLAM_B, s) * s + 1.0)
    for _ in range(3):
        excess = 0.5 * math.erfc(z / math.sqrt(2.0)) - q
        newton = excess * math.sqrt(2.0 * math.pi) * math.exp(z * z / 2.0)
        step = newton / (1.0 - z * newton / 2.0)
        z += step
        if abs(step) <= 1e-15 * abs(z):
            break
    return z


@lru_cache(maxsize=4096)
def _t975(df: float) -> float:
    """``t(0.975, df)``, remembered: areas share a few integer degrees of freedom."""
    return t_quantile(UPPER_975, df)


def _exceeds_t975(ratio: float, df: float) -> bool:
    """Whether ``ratio > t(0.975, df)``. The quantile falls as ``df`` grows, so the cached
    quantiles at the integers either side decide most comparisons without a new one."""
    below, above = math.floor(df), math.ceil(df)
    if below != above:
        if ratio > _t975(float(below)):
            return True
        if ratio <= _t975(float(above)):
            return False
    return ratio > _t975(df)
