"""Server-side SVG charts, drawn once for the web page and the PDF.

Each function takes scoring results and returns an SVG ``SafeString``: plain SVG 1.1 with
presentation attributes (no ``style=""``, no script), a fixed ``viewBox``, a font family,
and a ``<title>``/``<desc>`` text alternative. Pages show a data table beside each chart.
Every label and description reads a figure the way ``reports.presenters`` says, so a chart
and the table beside it use the same words.
"""

import math
import textwrap
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.scoring import AreaRoundResult
from partnerships.models import Sector
from reports import presenters

FONT = "Arial, Helvetica, sans-serif"
AREA_COLOUR = "#1d70b8"  # blue
MEDIAN_COLOUR = "#505a5f"  # grey, dashed
COUNCIL_COLOUR = "#1d70b8"  # blue
VCS_COLOUR = "#b35900"  # dark orange: distinct from blue for most colour vision
OTHER_COLOUR = "#4c2c92"  # purple: distinct from both in lightness as well as hue
SECTOR_COLOURS = {
    Sector.COUNCIL.value: COUNCIL_COLOUR,
    Sector.VCS.value: VCS_COLOUR,
    Sector.OTHER.value: OTHER_COLOUR,
}
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"


def _wrap(text: str, width: int = 18, lines: int = 3) -> list[str]:
    wrapped = textwrap.wrap(str(text), width=width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1] + "…"]
    return wrapped


def _n(value: float) -> str:
    return f"{value:.1f}"


def _svg(template: str, context: dict) -> SafeString:
    # Rendered by the template engine, so every label is escaped.
    return mark_safe(render_to_string(template, {"font": FONT, **context}))  # noqa: S308


def _chart_id(kind: str, result: AreaRoundResult) -> str:
    return f"{kind}-{result.area_round.pk}"


# --- radar: dimensions against the programme median --------------------------------------


@dataclass(frozen=True)
class _Label:
    x: str
    y: str
    anchor: str
    lines: list[tuple[str, bool]]  # (text, bold)


def radar_svg(result: AreaRoundResult, *, chart_id: str | None = None) -> SafeString:
    dimensions = presenters.area_figures(result).dimensions
    cx, cy, radius = 300.0, 230.0, 150.0
    count = max(len(dimensions), 3)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + radius * value / 100 * math.cos(angle), cy + radius * value / 100 * math.sin(
            angle
        )

    def polygon(values: list[float]) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))

    rings = [polygon([level] * count) for level in (25, 50, 75, 100)]
    axes, labels = [], []
    for index, dimension in enumerate(dimensions):
        x, y = point(index, 100)
        axes.append({"x": _n(x), "y": _n(y)})
        lx, ly = point(index, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        # The figure in bold under the name; a withheld one's words wrap to stay inside.
        lines = [(line, False) for line in _wrap(dimension.name)]
        lines += [(line, True) for line in _wrap(dimension.score.text, width=20, lines=2)]
        labels.append(_Label(_n(lx), _n(ly - 7 * (len(lines) - 1)), anchor, lines))
    area_values = [d.score.value or 0.0 for d in dimensions]
    median_values = [d.median.value or 0.0 for d in dimensions]
    area_points = [point(i, v) for i, v in enumerate(area_values)]
    description = "; ".join(
        _("%(name)s: area %(area)s, programme median %(median)s")
        % {"name": d.name, "area": d.score.text, "median": d.median.text}
        for d in dimensions
    )
    return _svg(
        "reports/charts/radar.svg",
        {
            "id": chart_id or _chart_id("radar", result),
            "title": _("Dimension scores for %(area)s against the programme median")
            % {"area": result.area_round.area.name},
            "description": description,
            "rings": rings,
            "ring_labels": [
                {"x": _n(cx + 4), "y": _n(cy - radius * level / 100 + 12), "text": str(level)}
                for level in (50, 100)
            ],
            "centre": {"x": _n(cx), "y": _n(cy)},
            "axes": axes,
            "labels": labels,
            "area_polygon": polygon(area_values),
            "area_points": [{"x": _n(x), "y": _n(y)} for x, y in area_points],
            "median_polygon": polygon(median_values),
            "has_median": any(d.median.is_shown for d in dimensions),
            "area_colour": AREA_COLOUR,
            "median_colour": MEDIAN_COLOUR,
            "text_colour": TEXT_COLOUR,
            "grid_colour": GRID_COLOUR,
            "area_label": _("This area"),
            "median_label": _("Programme median"),
        },
    )


# --- council and VCS bars with the "seen differently" flag --------------------------------


def sector_bars_svg(result: AreaRoundResult, *, chart_id: str | None = None) -> SafeString:
    """One bar per sector shown (council, VCS, and other public bodies where any responded)
    for each dimension, labelled with the figure in words, and the "seen differently" flag."""
    figures = presenters.area_figures(result)
    sectors = figures.sectors
    left, bar_width, bar_step, top = 190.0, 300.0, 20.0, 40.0
    row_height = 24.0 + bar_step * len(sectors)
    rows = []
    for index, dimension in enumerate(figures.dimensions):
        y = top + index * row_height
        bars = []
        for position, sector in enumerate(dimension.sectors):
            offset = 4 + bar_step * position
            length = bar_width * (sector.figure.value or 0) / 100
            bars.append(
                {
                    "y": _n(y + offset),
                    "width": _n(length),
                    "colour": SECTOR_COLOURS[sector.key],
                    "text_x": _n(left + length + 6),
                    "text_y": _n(y + offset + 13),
                    "text": f"{sector.short_label} {sector.figure.text}",
                }
            )
        rows.append(
            {
                "label_y": _n(y + 16),
                "lines": _wrap(dimension.name, width=26, lines=2),
                "bars": bars,
                "flag": dimension.flagged,
                "flag_y": _n(y + 17),
            }
        )
    height = top + len(figures.dimensions) * row_height + 10
    description = "; ".join(
        _("%(name)s: %(figures)s")
        % {
            "name": d.name,
            "figures": ", ".join(f"{s.label} {s.figure.text}" for s in d.sectors),
        }
        + ((" — " + _("seen differently")) if d.flagged else "")
        for d in figures.dimensions
    )
    legend_x = {Sector.COUNCIL.value: 0, Sector.VCS.value: 110, Sector.OTHER.value: 380}
    return _svg(
        "reports/charts/sector_bars.svg",
        {
            "id": chart_id or _chart_id("sectors", result),
            "title": _("Scores by sector and dimension"),
            "description": description,
            "height": _n(height),
            "left": _n(left),
            "bar_end": _n(left + bar_width),
            "axis_bottom": _n(height - 10),
            "rows": rows,
            "flag_x": _n(left + bar_width + 110),
            "legend": [
                {
                    "x": _n(left + legend_x[key]),
                    "text_x": _n(left + legend_x[key] + 18),
                    "colour": SECTOR_COLOURS[key],
                    "label": label,
                }
                for key, label, _short in sectors
            ],
            "text_colour": TEXT_COLOUR,
            "grid_colour": GRID_COLOUR,
            "flag_label": _("Seen differently"),
        },
    )


# --- trend of the overall health index across rounds --------------------------------------


def trend_svg(results: list[AreaRoundResult], *, chart_id: str | None = None) -> SafeString:
    left, right, top, bottom = 60.0, 580.0, 30.0, 230.0
    count = len(results)
    step = (right - left) / max(count - 1, 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / 100

    points, segments, previous = [], [], None
    for index, result in enumerate(results):
        x = left + step * index if count > 1 else (left + right) / 2
        overall = presenters.area_figures(result).overall
        value = overall.value
        point = {
            "x": _n(x),
            "y": _n(y_of(value)) if value is not None else None,
            "label_y": _n(y_of(value) - 10) if value is not None else _n(bottom - 10),
            "text": overall.text,
            "round": result.area_round.round.name,
        }
        points.append(point)
        if value is not None and previous is not None and previous["y"] is not None:
            segments.append(f"{previous['x']},{previous['y']} {point['x']},{point['y']}")
        previous = point
    description = "; ".join(f"{p['round']}: {p['text']}" for p in points)
    first = results[0].area_round.area.name if results else ""
    return _svg(
        "reports/charts/trend.svg",
        {
            "id": chart_id or f"trend-{results[-1].area_round.pk if results else 0}",
            "title": _("Overall health index across rounds for %(area)s") % {"area": first},
            "description": description or _("No rounds yet."),
            "points": points,
            "segments": segments,
            "gridlines": [
                {"y": _n(y_of(level)), "text": str(level)} for level in (0, 25, 50, 75, 100)
            ],
            "left": _n(left),
            "right": _n(right),
            "axis_label_y": _n(bottom + 22),
            "colour": AREA_COLOUR,
            "text_colour": TEXT_COLOUR,
            "grid_colour": GRID_COLOUR,
        },
    )


# --- barrier shares -------------------------------------------------------------------------


def barriers_svg(result: AreaRoundResult, *, chart_id: str | None = None) -> SafeString:
    left, bar_width, row_height, top = 220.0, 300.0, 36.0, 30.0
    rows = []
    barriers = presenters.area_figures(result).barriers
    for index, barrier in enumerate(barriers):
        y = top + index * row_height
        length = bar_width * (barrier.share.value or 0) / 100
        rows.append(
            {
                "y": _n(y),
                "text_y": _n(y + 16),
                "width": _n(length),
                "name": barrier.name,
                "value_x": _n(left + length + 6),
                "text": barrier.share.text,
            }
        )
    height = top + len(barriers) * row_height + 10
    description = "; ".join(f"{row['name']}: {row['text']}" for row in rows)
    return _svg(
        "reports/charts/barriers.svg",
        {
            "id": chart_id or _chart_id("barriers", result),
            "title": _("Share of respondents naming each barrier as a problem"),
            "description": description or _("No barrier figures."),
            "height": _n(height),
            "left": _n(left),
            "rows": rows,
            "colour": VCS_COLOUR,
            "text_colour": TEXT_COLOUR,
        },
    )
