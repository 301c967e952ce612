"""Drawing the PDF reports: HTML from ``templates/reports/pdf/`` through WeasyPrint.

Every figure comes from ``assessments.scoring`` and is shown with its ``display_round``, so
the PDF prints exactly what the pages and the API print. WeasyPrint may only load the
portal's own static files (``SafeStaticURLFetcher``): nothing a person typed into a comment
or a name can make it read a local file or call a network address.
"""

import logging
import posixpath
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.models import AreaRound
from assessments.scoring import (
    AreaRoundResult,
    DimensionResult,
    area_round_result,
    display_round,
    programme_results,
)
from partnerships.models import Sector
from partnerships.profile_selectors import area_profile_summary
from partnerships.suggestions import next_steps
from reports.charts import barriers_svg, radar_svg, sector_bars_svg
from reports.models import Report, ReportKind
from reports.selectors import ResponseRate, response_rates
from reports.templatetags.scores import NO_FIGURE, change, score

logger = logging.getLogger(__name__)

# Relative URLs in the report templates resolve against this made-up origin; the fetcher
# serves ``<BASE_URL>static/...`` from the static files and refuses everything else.
BASE_URL = "https://report.pip-portal.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedURL(ValueError):
    """WeasyPrint asked for something other than the portal's own static files."""


class SafeStaticURLFetcher(URLFetcher):
    """Serves the portal's static files; refuses files, networks and data: URLs."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=["https"], allow_redirects=False, **kwargs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("reports: refused to fetch %.200s", url)
            raise RefusedURL(f"Only the portal's static files may be loaded: {url[:200]}")
        return URLFetcherResponse(url, body=path.read_bytes())

    @staticmethod
    def _static_path(url: str) -> Path | None:
        if not url.startswith(STATIC_PREFIX):
            return None
        parts = urlsplit(url)
        relative = unquote(parts.path).removeprefix("/static/")
        normalised = posixpath.normpath(relative)
        if normalised.startswith(("..", "/")) or "\\" in normalised or "\x00" in normalised:
            return None
        found = finders.find(normalised)
        return Path(found) if found else None


_thread = threading.local()


def _font_config() -> FontConfiguration:
    """This thread's font configuration, kept for every document it renders.

    WeasyPrint makes a new one per document by default, and each left about 0.2 MB of
    native memory behind: a worker grew from 160 to 251 MB over 400 reports (issue 7's
    benchmark), 128 -> 131 MB over 80 renders when kept. Our templates load no web fonts
    (no ``@font-face``), so nothing of one document stays in it for the next.
    """
    config = getattr(_thread, "font_config", None)
    if config is None:
        config = _thread.font_config = FontConfiguration()
    return config


def render_html_to_pdf(html: str, *, url_fetcher: SafeStaticURLFetcher | None = None) -> bytes:
    fetcher = url_fetcher or SafeStaticURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(font_config=_font_config())


def render_report_pdf(*, report: Report) -> bytes:
    with translation.override(translation.get_language() or "en-gb"):
        if report.kind == ReportKind.AREA:
            html = render_to_string("reports/pdf/area.html", area_report_context(report=report))
        else:
            html = render_to_string(
                "reports/pdf/programme.html", programme_report_context(report=report)
            )
    return render_html_to_pdf(html)


# --- figures as printed -----------------------------------------------------------------


def shown(value: float | None, *, withheld: bool = False) -> str:
    """One decimal as on the dashboards, "withheld" where the confidentiality rule hides it."""
    return _("withheld") if withheld else score(value)


def shown_change(value: float | None) -> str:
    return change(value)


@dataclass(frozen=True)
class Figure:
    text: str
    css: str  # a rating class: rating-green / -amber / -red / -withheld, or ""


def rating_figure(rating, *, withheld: bool) -> Figure:
    if withheld:
        return Figure(_("withheld"), "rating-withheld")
    if rating is None:
        return Figure(NO_FIGURE, "")
    return Figure(str(rating.label), f"rating-{rating.value}")


@dataclass(frozen=True)
class DimensionRow:
    key: str
    name: str
    core: bool
    score: str
    rating: Figure
    council: str
    vcs: str
    gap: str
    seen_differently: str
    median: str
    previous: str
    change: str
    counted: int


def dimension_row(dimension: DimensionResult) -> DimensionRow:
    hidden = set(dimension.withheld)
    all_hidden = "all" in hidden
    gap_hidden = bool(hidden & {Sector.COUNCIL.value, Sector.VCS.value}) or all_hidden
    if dimension.gap is None and not gap_hidden:
        seen = NO_FIGURE
    elif gap_hidden:
        seen = _("withheld")
    else:
        seen = _("Yes") if dimension.seen_differently else _("No")
    return DimensionRow(
        key=dimension.key,
        name=dimension.name,
        core=dimension.core,
        score=shown(dimension.score, withheld=all_hidden),
        rating=rating_figure(dimension.rating, withheld=all_hidden),
        council=shown(
            dimension.by_sector.get(Sector.COUNCIL.value),
            withheld=Sector.COUNCIL.value in hidden,
        ),
        vcs=shown(dimension.by_sector.get(Sector.VCS.value), withheld=Sector.VCS.value in hidden),
        gap=shown(dimension.gap, withheld=gap_hidden),
        seen_differently=seen,
        median=shown(dimension.programme_median),
        previous=shown(dimension.previous),
        change=shown_change(dimension.change),
        counted=dimension.counted,
    )


def _overall_withheld(result: AreaRoundResult) -> bool:
    return result.overall is None and "overall" in result.withheld


# --- the area report ----------------------------------------------------------------------


def area_report_context(*, report: Report) -> dict:
    area_round = AreaRound.objects.select_related("area", "round__framework").get(
        pk=report.area_round_id
    )
    result = area_round_result(area_round=area_round)
    framework = area_round.round.framework
    rows = [dimension_row(d) for d in result.dimensions]
    names = {d.key: d.name for d in result.dimensions}
    overall_hidden = _overall_withheld(result)
    return {
        "report": report,
        "area": area_round.area,
        "round": area_round.round,
        "area_round": area_round,
        "framework": framework,
        "generated_at": timezone.now(),
        "respondents": _respondent_rows(area_round, result),
        "overall": shown(result.overall, withheld=overall_hidden),
        "overall_rating": rating_figure(result.overall_rating, withheld=overall_hidden),
        "has_previous": getattr(result, "overall_previous", None) is not None,
        "overall_previous": shown(getattr(result, "overall_previous", None)),
        "overall_change": shown_change(getattr(result, "overall_change", None)),
        "rows": rows,
        "core_rows": [row for row in rows if row.core],
        "barriers": [
            {"name": b.name, "share": shown(b.share, withheld=b.share is None)}
            for b in result.barriers
        ],
        "strongest": _statements(result.strongest, names),
        "weakest": _statements(result.weakest, names),
        "comments": _comment_sections(result),
        "next_steps": next_steps(result),
        "profile": area_profile_summary(area_round.area, area_round.round),
        "charts": _area_charts(result),
        "min_group_size": framework.min_group_size,
        "gap_flag": shown(framework.gap_flag),
        "green": shown(framework.green),
        "amber": shown(framework.amber),
    }


def _respondent_rows(area_round: AreaRound, result: AreaRoundResult) -> dict:
    """Counted respondents by sector, and how many of the people asked responded."""
    rate = response_rates([area_round.pk]).get(area_round.pk, ResponseRate(0, 0))
    sectors = [
        {"label": sector.label, "count": result.respondents.get(sector.value, 0)}
        for sector in Sector
    ]
    return {
        "total": result.respondents.get("total", 0),
        "sectors": sectors,
        "invited": rate.invited,
        "submitted": rate.submitted,
        "rate": _rate(rate),
    }


def _rate(rate: ResponseRate) -> str:
    return NO_FIGURE if rate.percent is None else shown(rate.percent) + "%"


def _statements(statements, names: dict[str, str]) -> list[dict]:
    return [
        {
            "code": s.code,
            "text": s.text,
            "dimension": names.get(s.dimension_key, s.dimension_key),
            "score": shown(s.score),
        }
        for s in statements
    ]


def _comment_sections(result: AreaRoundResult) -> list[dict]:
    sections = []
    for dimension in result.dimensions:
        comments = result.comments.get(dimension.key, [])
        sections.append(
            {
                "name": dimension.name,
                "comments": comments,
                "withheld": not comments and "all" in dimension.withheld,
            }
        )
    return sections


def _area_charts(result: AreaRoundResult) -> dict:
    """The dashboard's own charts: drawn once as SVG, for the page and the PDF alike."""
    return {
        "radar": radar_svg(result, chart_id="pdf-radar"),
        "sector_bars": sector_bars_svg(result, chart_id="pdf-sector-bars"),
        "barriers": barriers_svg(result, chart_id="pdf-barriers") if result.barriers else "",
    }


# --- the programme report -----------------------------------------------------------------


def programme_report_context(*, report: Report) -> dict:
    round_ = report.round
    results = sorted(
        programme_results(round=round_), key=lambda r: r.area_round.area.name.casefold()
    )
    published = [r for r in results if r.area_round.is_published]
    dimensions = published[0].dimensions if published else []
    rates = _programme_rates(round_)
    areas = []
    for result in results:
        if not result.area_round.is_published:
            # Counts only: the report goes to sponsors, who see no figure of a round
            # before the area publishes it.
            areas.append(
                {
                    "area": result.area_round.area,
                    "respondents": result.respondents.get("total", 0),
                    "rate": rates.get(result.area_round.pk, NO_FIGURE),
                    "published": False,
                }
            )
            continue
        overall_hidden = _overall_withheld(result)
        rows = [dimension_row(d) for d in result.dimensions]
        improved = [
            {"name": d.name, "change": shown_change(d.change)}
            for d in result.dimensions
            if d.change is not None and (display_round(d.change) or 0) > 0
        ]
        areas.append(
            {
                "area": result.area_round.area,
                "overall": shown(result.overall, withheld=overall_hidden),
                "overall_rating": rating_figure(result.overall_rating, withheld=overall_hidden),
                "rows": rows,
                "improved": improved,
                "respondents": result.respondents.get("total", 0),
                "rate": rates.get(result.area_round.pk, NO_FIGURE),
                "published": result.area_round.is_published,
            }
        )
    return {
        "report": report,
        "round": round_,
        "framework": round_.framework,
        "generated_at": timezone.now(),
        "dimensions": dimensions,
        "medians": [{"name": d.name, "median": shown(d.programme_median)} for d in dimensions],
        "areas": areas,
        "published_areas": [a for a in areas if a["published"]],
        "unpublished_areas": [a for a in areas if not a["published"]],
        "improvers": [a for a in areas if a.get("improved")],
        "min_group_size": round_.framework.min_group_size,
        "gap_flag": shown(round_.framework.gap_flag),
        "green": shown(round_.framework.green),
        "amber": shown(round_.framework.amber),
    }


def _programme_rates(round_) -> dict[int, str]:
    """Response rate per area round, in one query."""
    area_round_ids = AreaRound.objects.filter(round=round_).values_list("pk", flat=True)
    return {pk: _rate(rate) for pk, rate in response_rates(area_round_ids).items()}
