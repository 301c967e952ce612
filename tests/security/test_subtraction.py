"""No set of fewer than the minimum people has a mean anyone can work out from what is shown.

What a reader sees of one dimension is the area's mean and each shown sector's mean, with
the number of people behind each. Each shown mean times its count is a sum of some people's
scores: one linear equation. A set of people has a derivable mean exactly when its indicator
vector lies in the span of the shown groups' indicator vectors.

Every shown group is a whole sector or the whole area, so every vector in that span gives
the same weight to everyone in a sector: a derivable set is always a union of whole
sectors. Solving at the level of sectors is therefore exact, and the enumeration below
covers every combination of sector counts 0-8 and minimums 2-5.

The API test builds a few of these combinations from real responses and runs the attack
(the area's sum minus the shown sectors' sums) on the published figures.
"""

import itertools
from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import AreaRoundStatus
from assessments.scoring import scores_refresh, withheld_groups
from partnerships.models import Sector
from tests.factories import AreaRoundFactory, RoundFactory, submitted_response

SECTORS = ("council", "vcs", "other")


def _rank(rows: list[list[Fraction]]) -> int:
    """The rank of a small matrix, by Gaussian elimination over the rationals."""
    rows = [list(row) for row in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _in_span(vector: list[Fraction], rows: list[list[Fraction]]) -> bool:
    if not rows:
        return not any(vector)
    return _rank(rows) == _rank([*rows, vector])


def derivable_small_sets(counts: dict[str, int], minimum: int) -> list[tuple[str, ...]]:
    """Unions of whole sectors with fewer than ``minimum`` people (and at least one) whose
    sum, and so mean, follows from the figures the rule lets through."""
    counted = {"all": sum(counts.values()), **counts}
    withheld = withheld_groups(counted, minimum)
    present = [s for s in SECTORS if counts[s] > 0]
    shown_rows = []
    for group in ("all", *SECTORS):
        if counted[group] == 0 or group in withheld:
            continue
        members = present if group == "all" else [group]
        shown_rows.append([Fraction(int(s in members)) for s in present])
    leaks = []
    for size in range(1, len(present) + 1):
        for union in itertools.combinations(present, size):
            people = sum(counts[s] for s in union)
            if people >= minimum:
                continue
            vector = [Fraction(int(s in union)) for s in present]
            if _in_span(vector, shown_rows):
                leaks.append(union)
    return leaks


def test_no_set_below_the_minimum_is_derivable_for_any_counts():
    checked = 0
    for minimum in range(2, 6):
        for council, vcs, other in itertools.product(range(9), repeat=3):
            counts = {"council": council, "vcs": vcs, "other": other}
            assert derivable_small_sets(counts, minimum) == [], (counts, minimum)
            checked += 1
    assert checked == 4 * 9**3


def test_the_enumeration_finds_the_old_rules_leaks():
    """The check itself can fail: the rule before the correction (one complementary sector,
    only when exactly one sector is small) leaks two single-person groups' combined mean."""

    def old_rule(counted, minimum):
        withheld = {g for g, n in counted.items() if 0 < n < minimum}
        with_respondents = [s for s in SECTORS if counted.get(s, 0) > 0]
        small = [s for s in with_respondents if s in withheld]
        if counted["all"] > 0 and "all" not in withheld and len(small) == 1:
            others = [s for s in with_respondents if s not in withheld]
            if others:
                withheld.add(min(others, key=lambda s: (counted[s], SECTORS.index(s))))
        return withheld

    leaking = []
    for council, vcs, other in itertools.product(range(6), repeat=3):
        counts = {"council": council, "vcs": vcs, "other": other}
        counted = {"all": council + vcs + other, **counts}
        withheld = old_rule(counted, 3)
        present = [s for s in SECTORS if counts[s]]
        shown = [
            [Fraction(int(group == "all" or s == group)) for s in present]
            for group in ("all", *SECTORS)
            if counted[group] and group not in withheld
        ]
        if any(
            _in_span([Fraction(int(s in union)) for s in present], shown)
            for size in range(1, len(present) + 1)
            for union in itertools.combinations(present, size)
            if 0 < sum(counts[s] for s in union) < 3
        ):
            leaking.append((council, vcs, other))
    assert (3, 1, 1) in leaking
    assert len(leaking) == 9


def _published_round_with(counts: dict[str, int]):
    round_ = RoundFactory()
    area_round = AreaRoundFactory(round=round_, status=AreaRoundStatus.CLOSED)
    value = {Sector.COUNCIL: 5, Sector.VCS: 2, Sector.OTHER: 1}
    for sector, n in counts.items():
        for i in range(n):
            # Each person a little different, so a derived mean would pin them down.
            submitted_response(area_round=area_round, sector=sector, default=value[sector] - i % 2)
    area_round.results_published_at = timezone.now()
    area_round.save(update_fields=["results_published_at"])
    scores_refresh(area_round=area_round)
    return area_round


@pytest.mark.django_db
@pytest.mark.parametrize(
    "counts",
    [
        {"council": 3, "vcs": 1, "other": 1},
        {"council": 5, "vcs": 2, "other": 1},
        {"council": 4, "vcs": 1, "other": 0},
        {"council": 6, "vcs": 2, "other": 2},
        {"council": 3, "vcs": 3, "other": 1},
    ],
)
def test_the_api_never_lets_subtraction_reach_fewer_than_the_minimum(world, counts):
    area_round = _published_round_with(counts)
    minimum = area_round.round.framework.min_group_size
    client = Client()
    client.force_login(world.sponsor)
    url = reverse(
        "api:api_area_round_scores",
        kwargs={"area": area_round.area.slug, "round": area_round.round.slug},
    )
    payload = client.get(url).json()
    for dimension in payload["dimensions"]:
        shown = {s: v for s, v in dimension["by_sector"].items() if v is not None}
        assert all(counts[s] >= minimum for s in shown)
        if dimension["score"] is None:
            continue
        remainder = sum(counts.values()) - sum(counts[s] for s in shown)
        # The attack: the area's sum minus the shown sectors' sums.
        assert remainder == 0 or remainder >= minimum, (dimension["key"], shown)
