"""How a stored figure reads to a person: the one place that decides it.

Dashboards, PDF reports, charts (labels, titles and data tables), emails and the privacy
page ask this module; none of them decides on its own how a figure, a withheld figure or a
missing one looks. A figure is in one of four states (``FigureState``):

- shown: a number to one decimal (``assessments.scoring.display_round``); a score has its
  rating's words and colour, a change or a gap its sign (``+3.2``, ``−1.0`` with U+2212);
- withheld: "withheld (fewer than N people)", N the framework's minimum group size; a group
  big enough in itself but hidden so that a smaller one cannot be worked out by subtraction
  reads "withheld (protects a group of fewer than N people)";
- no responses: nobody was counted for the group;
- not available: nothing to show or compare with (no programme median yet, no earlier
  round, no gap while a sector has no responses).

Statements read in their scored direction: a reverse-worded statement shows its positive
reading, with the wording as asked kept beside it ("asked as: …, reverse-scored"). Question
codes are for exports, never for prose.

The API and the exports are not presented: they give raw values with explicit ``withheld``
lists (``reports.api``, ``reports.selectors.score_row_list``).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.models import Framework
from assessments.scoring import (
    AreaRoundResult,
    DimensionResult,
    Rating,
    StatementResult,
    display_round,
)
from partnerships.models import Sector

MINUS = "\u2212"
ALL = "all"


class FigureState(models.TextChoices):
    SHOWN = "shown", gettext_lazy("Shown")
    WITHHELD = "withheld", gettext_lazy("Withheld")
    NO_RESPONSES = "no_responses", gettext_lazy("No responses")
    NOT_AVAILABLE = "not_available", gettext_lazy("Not available")


@dataclass(frozen=True)
class Figure:
    """A figure as people read it. ``value`` is the number as shown (rounded), or None;
    ``css`` the rating's class suffix (green, amber, red; "none" without a rating)."""

    text: str
    state: FigureState
    value: float | None = None
    css: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def is_shown(self) -> bool:
        return self.state == FigureState.SHOWN


# --- words --------------------------------------------------------------------------------


def withheld_text(minimum: int, *, protects: bool = False) -> str:
    if protects:
        return ngettext(
            "withheld (protects a group of fewer than %(n)s person)",
            "withheld (protects a group of fewer than %(n)s people)",
            minimum,
        ) % {"n": minimum}
    return ngettext(
        "withheld (fewer than %(n)s person)", "withheld (fewer than %(n)s people)", minimum
    ) % {"n": minimum}


def no_responses_text() -> str:
    return _("no responses")


def not_available_text() -> str:
    return _("not available")


def no_rating_text() -> str:
    return _("no rating")


def sector_label(sector: str) -> str:
    """A sector's name in a table heading or a sentence."""
    return {
        Sector.COUNCIL: _("Council"),
        Sector.VCS: _("Voluntary and community sector"),
        Sector.OTHER: _("Other public bodies"),
    }[sector]


def sector_short_label(sector: str) -> str:
    """A sector's name where space is short (a chart's bar, a narrow column)."""
    return {
        Sector.COUNCIL: _("Council"),
        Sector.VCS: _("VCS"),
        Sector.OTHER: _("Other public bodies"),
    }[sector]


def group_minimum(framework: Framework | None = None) -> int:
    """The minimum group size a reader is told about: the framework's, or (no framework,
    e.g. the privacy notice) the smallest of the published frameworks', so the promise
    holds for every round."""
    if framework is not None:
        return framework.min_group_size
    smallest = (
        Framework.objects.filter(published_at__isnull=False)
        .order_by("min_group_size")
        .values_list("min_group_size", flat=True)
        .first()
    )
    return smallest or Framework._meta.get_field("min_group_size").default


# --- single figures -----------------------------------------------------------------------


def number_text(value: float | None) -> str | None:
    """One decimal, or None when there is no figure."""
    shown = display_round(value)
    return None if shown is None else f"{shown + 0.0:.1f}"


def signed_text(value: float | None) -> str | None:
    """A signed figure (``+3.2``, ``−1.0``, ``0.0``), or None when there is none."""
    shown = display_round(value)
    if shown is None:
        return None
    if shown == 0:
        return "0.0"
    return f"{shown:+.1f}".replace("-", MINUS)


def _shown(text: str, value: float | None, css: str = "") -> Figure:
    return Figure(text, FigureState.SHOWN, display_round(value), css)


def _not_available() -> Figure:
    return Figure(not_available_text(), FigureState.NOT_AVAILABLE)


def plain(value: float | None, *, suffix: str = "") -> Figure:
    """A figure that is never withheld (a median, an earlier round's score, a rate)."""
    text = number_text(value)
    return _not_available() if text is None else _shown(text + suffix, value)


def change(value: float | None) -> Figure:
    """A change with its sign; not available without an earlier figure."""
    text = signed_text(value)
    return _not_available() if text is None else _shown(text, value)


def group_figure(value: float | None, *, withheld: bool, counted: int, minimum: int) -> Figure:
    """A group's figure: shown, withheld (and why), or no responses."""
    if withheld:
        protects = counted >= minimum
        return Figure(withheld_text(minimum, protects=protects), FigureState.WITHHELD)
    text = number_text(value)
    if text is not None:
        return _shown(text, value)
    if counted == 0:
        return Figure(no_responses_text(), FigureState.NO_RESPONSES)
    return _not_available()


def rating(rating_value: Rating | None, score: Figure) -> Figure:
    """A score's rating in words, with its colour class; none where the score is not shown."""
    if not score.is_shown:
        return Figure(no_rating_text(), score.state, css="none")
    if rating_value is None:
        return Figure(no_rating_text(), FigureState.NOT_AVAILABLE, css="none")
    return Figure(str(rating_value.label), FigureState.SHOWN, css=rating_value.value)


def _gap_and_flag(dimension: DimensionResult, minimum: int) -> tuple[Figure, Figure]:
    council, vcs = Sector.COUNCIL.value, Sector.VCS.value
    hidden = [s for s in (council, vcs) if s in dimension.withheld]
    if hidden:
        protects = all(dimension.counted_by_sector.get(s, 0) >= minimum for s in hidden)
        withheld = Figure(withheld_text(minimum, protects=protects), FigureState.WITHHELD)
        return withheld, withheld
    text = signed_text(dimension.gap)
    if text is None or dimension.seen_differently is None:
        return _not_available(), _not_available()
    flag = _("Yes") if dimension.seen_differently else _("No")
    return _shown(text, dimension.gap), Figure(flag, FigureState.SHOWN)


# --- an area's figures --------------------------------------------------------------------


@dataclass(frozen=True)
class SectorFigure:
    key: str
    label: str
    short_label: str
    figure: Figure


@dataclass(frozen=True)
class DimensionFigures:
    key: str
    name: str
    core: bool
    counted: int
    score: Figure
    rating: Figure
    median: Figure
    previous: Figure
    change: Figure
    sectors: list[SectorFigure]
    gap: Figure
    seen_differently: Figure
    flagged: bool  # seen differently: shown and yes

    def sector(self, key: str) -> SectorFigure | None:
        return next((s for s in self.sectors if s.key == key), None)


@dataclass(frozen=True)
class BarrierFigures:
    key: str
    name: str
    share: Figure


@dataclass(frozen=True)
class StatementFigures:
    """A statement as results show it: ``reading`` in the scored direction; ``asked`` (the
    wording as asked) differs from it only for a reverse-worded statement. ``code`` is for
    machines (exports, tests), never printed in prose."""

    code: str
    reading: str
    asked: str
    reverse: bool
    dimension: str
    score: Figure


@dataclass(frozen=True)
class AreaFigures:
    result: AreaRoundResult
    minimum: int
    overall: Figure
    overall_rating: Figure
    overall_previous: Figure
    overall_change: Figure
    has_previous: bool  # any earlier figure to show: else "previous" columns are left out
    sector_keys: list[str]  # council and VCS always; other public bodies when any responded
    dimensions: list[DimensionFigures]
    barriers: list[BarrierFigures]
    strengths: list[StatementFigures]
    priorities: list[StatementFigures]

    @property
    def sectors(self) -> list[tuple[str, str, str]]:
        """(key, label, short label) of each sector column, in order."""
        return [(s, sector_label(s), sector_short_label(s)) for s in self.sector_keys]

    @property
    def reverse_statements(self) -> list[StatementFigures]:
        return [s for s in [*self.strengths, *self.priorities] if s.reverse]


def statement_reading(statement: StatementResult) -> str:
    """The words a person reads for a statement: its scored-direction reading; for a
    reverse-worded statement of a framework without one, the wording as asked, marked."""
    if statement.in_scored_direction is not None:
        return statement.in_scored_direction
    return _("“%(asked)s” (reverse-scored: a high score means people disagreed)") % {
        "asked": statement.text
    }


def _statement(statement: StatementResult, names: dict[str, str]) -> StatementFigures:
    return StatementFigures(
        code=statement.code,
        reading=statement_reading(statement),
        asked=statement.text,
        reverse=statement.reverse,
        dimension=names.get(statement.dimension_key, ""),
        score=plain(statement.score),
    )


def _shown_sectors(result: AreaRoundResult) -> list[str]:
    other_responded = result.respondents.get(Sector.OTHER.value, 0) > 0 or any(
        d.counted_by_sector.get(Sector.OTHER.value, 0) or Sector.OTHER.value in d.withheld
        for d in result.dimensions
    )
    return [s for s in Sector.values if s != Sector.OTHER.value or other_responded]


def _dimension(d: DimensionResult, minimum: int, sectors: list[str]) -> DimensionFigures:
    score = group_figure(d.score, withheld=ALL in d.withheld, counted=d.counted, minimum=minimum)
    gap, flag = _gap_and_flag(d, minimum)
    return DimensionFigures(
        key=d.key,
        name=d.name,
        core=d.core,
        counted=d.counted,
        score=score,
        rating=rating(d.rating, score),
        median=plain(d.programme_median),
        previous=plain(d.previous),
        change=change(d.change),
        sectors=[
            SectorFigure(
                key=sector,
                label=sector_label(sector),
                short_label=sector_short_label(sector),
                figure=group_figure(
                    d.by_sector.get(sector),
                    withheld=sector in d.withheld,
                    counted=d.counted_by_sector.get(sector, 0),
                    minimum=minimum,
                ),
            )
            for sector in sectors
        ],
        gap=gap,
        seen_differently=flag,
        flagged=bool(flag.is_shown and d.seen_differently),
    )


def area_figures(result: AreaRoundResult) -> AreaFigures:
    """Every figure of an area and round as people read it."""
    # The minimum the figures were computed with (a later change waits for re-publication).
    minimum = result.settings_in_force.min_group_size
    sectors = _shown_sectors(result)
    overall = group_figure(
        result.overall,
        withheld="overall" in result.withheld,
        counted=result.respondents.get("total", 0),
        minimum=minimum,
    )
    if overall.state == FigureState.WITHHELD:
        # Withheld because a key variable's group is too small, whatever the total.
        overall = Figure(withheld_text(minimum), FigureState.WITHHELD)
    names = {d.key: d.name for d in result.dimensions}
    dimensions = [_dimension(d, minimum, sectors) for d in result.dimensions]
    withheld_barriers = {w.split(":", 1)[1] for w in result.withheld if w.startswith("barrier:")}
    return AreaFigures(
        result=result,
        minimum=minimum,
        overall=overall,
        overall_rating=rating(result.overall_rating, overall),
        overall_previous=plain(result.overall_previous),
        overall_change=change(result.overall_change),
        has_previous=result.overall_previous is not None
        or any(d.previous is not None for d in result.dimensions),
        sector_keys=sectors,
        dimensions=dimensions,
        barriers=[
            BarrierFigures(
                key=b.key,
                name=b.name,
                share=_share(b.share, withheld=b.key in withheld_barriers, minimum=minimum),
            )
            for b in result.barriers
        ],
        strengths=[_statement(s, names) for s in result.strongest],
        priorities=[_statement(s, names) for s in result.weakest],
    )


def _share(share: float | None, *, withheld: bool, minimum: int) -> Figure:
    if withheld:
        return Figure(withheld_text(minimum), FigureState.WITHHELD)
    text = number_text(share)
    if text is None:
        return Figure(no_responses_text(), FigureState.NO_RESPONSES)
    return _shown(text + "%", share)
