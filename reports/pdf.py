"""Drawing the PDF reports: HTML from ``templates/reports/pdf/`` through WeasyPrint.

Every figure comes from ``assessments.scoring`` and reads the way ``reports.presenters``
says, so the PDF prints exactly what the pages print and the API gives. WeasyPrint may only
load the portal's own static files (``SafeStaticURLFetcher``): nothing a person typed into a
comment or a name can make it read a local file or call a network address.
"""

import logging
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.models import AreaRound
from assessments.scoring import AreaRoundResult, area_round_result, programme_results
from assessments.selectors import publication_list
from partnerships.models import Sector
from profiles.selectors import profile_summary_get
from profiles.suggestions import next_steps
from reports import presenters
from reports.charts import barriers_svg, radar_svg, sector_bars_svg
from reports.models import Report, ReportKind
from reports.selectors import ResponseRate, response_rate_map

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
    native memory behind: a worker grew from 160 to 251 MB over 400 reports (the
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


# --- the area report ----------------------------------------------------------------------


def area_report_context(*, report: Report) -> dict:
    area_round = AreaRound.objects.select_related("area", "round__framework").get(
        pk=report.area_round_id
    )
    result = area_round_result(area_round=area_round)
    framework = area_round.round.framework
    return {
        "report": report,
        "area": area_round.area,
        "round": area_round.round,
        "area_round": area_round,
        "framework": framework,
        "generated_at": timezone.now(),
        "respondents": _respondent_rows(area_round, result),
        "presented": presenters.area_figures(result),
        "comments": _comment_sections(result),
        "next_steps": next_steps(result),
        "profile": profile_summary_get(area=area_round.area, round=area_round.round),
        "charts": _area_charts(result),
        "publications": publication_list(area_round=area_round),
        **_method_figures(result.settings_in_force),
    }


def _method_figures(settings) -> dict:
    """Settings (a framework's, or those an area's figures were computed with) as the
    method appendix prints them."""
    return {
        "min_group_size": settings.min_group_size,
        "gap_flag": presenters.plain(settings.gap_flag).text,
        "green": presenters.plain(settings.green).text,
        "amber": presenters.plain(settings.amber).text,
    }


def _respondent_rows(area_round: AreaRound, result: AreaRoundResult) -> dict:
    """Counted respondents by sector, and how many of the people asked responded."""
    rate = response_rate_map(area_round_ids=[area_round.pk]).get(area_round.pk, ResponseRate(0, 0))
    sectors = [
        {"label": presenters.sector_label(sector), "count": result.respondents.get(sector, 0)}
        for sector in Sector.values
    ]
    return {
        "total": result.respondents.get("total", 0),
        "sectors": sectors,
        "invited": rate.invited,
        "submitted": rate.submitted,
        "rate": _rate(rate),
    }


def _rate(rate: ResponseRate) -> str:
    return presenters.plain(rate.percent, suffix="%").text


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
    round = report.round
    results = sorted(
        programme_results(round=round), key=lambda r: r.area_round.area.name.casefold()
    )
    rates = _programme_rates(round)
    areas = []
    for result in results:
        published = result.area_round.is_published
        # Counts only for an unpublished area: the report goes to sponsors, who see no
        # figure of a round before the area publishes it.
        presented = presenters.area_figures(result) if published else None
        areas.append(
            {
                "area": result.area_round.area,
                "presented": presented,
                "improved": (
                    [d for d in presented.dimensions if (d.change.value or 0) > 0]
                    if presented
                    else []
                ),
                "respondents": result.respondents.get("total", 0),
                "rate": rates.get(result.area_round.pk, presenters.not_available_text()),
                "published": published,
            }
        )
    published_areas = [a for a in areas if a["published"]]
    dimensions = published_areas[0]["presented"].dimensions if published_areas else []
    return {
        "report": report,
        "round": round,
        "framework": round.framework,
        "generated_at": timezone.now(),
        "dimensions": dimensions,
        "areas": areas,
        "published_areas": published_areas,
        "unpublished_areas": [a for a in areas if not a["published"]],
        "improvers": [a for a in areas if a["improved"]],
        **_method_figures(round.framework),
    }


def _programme_rates(round) -> dict[int, str]:
    """Response rate per area round, in one query."""
    area_round_ids = AreaRound.objects.filter(round=round).values_list("pk", flat=True)
    return {
        pk: _rate(rate) for pk, rate in response_rate_map(area_round_ids=area_round_ids).items()
    }
