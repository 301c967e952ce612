"""The published scoring method (DESIGN.md, "Scoring"): the one module every output reads.

CONTRACT (other modules code against these names; the implementation fills them in):

- ``scores_mark_changed(*, area_round, reason)``: call inside the transaction that changed
  answers (submit, change, import) or settings. Bumps ``area_round.data_version`` and, on
  commit, refreshes the stored figures (``scores_refresh``) and sends
  ``assessments.signals.area_round_scores_refreshed``.
- ``scores_refresh(*, area_round)``: recompute and store ``AreaScore`` and
  ``DimensionScore`` rows for one area and round (aggregating in the database).
- ``area_round_result(*, area_round) -> AreaRoundResult``: the figures for one area and
  round, read from the stored rows, with withholding applied, programme medians,
  previous round and change.
- ``programme_results(*, round, areas=None) -> list[AreaRoundResult]``: the same for
  every participating area of a round in a constant number of queries.
- ``rating_for(score, framework) -> Rating | None``.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import AreaRound
from assessments.signals import area_round_scores_refreshed


class Rating(models.TextChoices):
    GREEN = "green", _("Good")
    AMBER = "amber", _("Needs attention")
    RED = "red", _("Serious concern")


@dataclass(frozen=True)
class DimensionResult:
    key: str
    name: str
    core: bool
    order: int
    score: float | None  # unrounded; None if withheld or nobody counted
    rating: Rating | None
    counted: int
    by_sector: dict[str, float | None]  # keys "council", "vcs", "other"
    withheld: list[str]  # groups withheld: any of "all", "council", "vcs", "other"
    gap: float | None  # council minus VCS
    seen_differently: bool
    programme_median: float | None
    previous: float | None
    change: float | None


@dataclass(frozen=True)
class StatementResult:
    code: str
    text: str
    dimension_key: str
    score: float  # mean normalised score of the statement, 0-100


@dataclass(frozen=True)
class BarrierResult:
    key: str
    name: str
    share: float | None  # % of counted respondents naming it a problem; None if withheld


@dataclass(frozen=True)
class AreaRoundResult:
    area_round: AreaRound
    respondents: dict[str, int]  # "total", "council", "vcs", "other": counted submitted
    overall: float | None
    overall_rating: Rating | None
    dimensions: list[DimensionResult]
    barriers: list[BarrierResult] = field(default_factory=list)
    strongest: list[StatementResult] = field(default_factory=list)
    weakest: list[StatementResult] = field(default_factory=list)
    # Anonymised comments by dimension key; only for groups at or above the minimum size.
    comments: dict[str, list[str]] = field(default_factory=dict)
    withheld: list[str] = field(default_factory=list)
    data_version: int = 0


def scores_mark_changed(*, area_round: AreaRound, reason: str) -> None:
    AreaRound.objects.filter(pk=area_round.pk).update(data_version=models.F("data_version") + 1)

    def refresh():
        fresh = AreaRound.objects.select_related("round__framework", "area").get(pk=area_round.pk)
        scores_refresh(area_round=fresh)
        area_round_scores_refreshed.send(sender=AreaRound, area_round=fresh, reason=reason)

    transaction.on_commit(refresh)


def scores_refresh(*, area_round: AreaRound) -> None:
    raise NotImplementedError  # implemented by the scoring work (issue 4)
