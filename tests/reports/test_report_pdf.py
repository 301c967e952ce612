"""The PDF reports' contents, read back with pdftotext, and the URL fetcher's limits."""

import re
import shutil
import subprocess
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from assessments.models import AreaRound
from assessments.scoring import area_round_result, display_round, scores_refresh
from partnerships.models import Sector
from reports.models import Report, ReportKind
from reports.pdf import (
    BASE_URL,
    STATIC_PREFIX,
    RefusedURL,
    SafeStaticURLFetcher,
    render_html_to_pdf,
    render_report_pdf,
)
from tests.factories import publish_results, submitted_response

HOSTILE_COMMENT = (
    "<script>alert('x')</script> Partnership is fine "
    '<img src="file:///etc/passwd"> <img src="http://169.254.169.254/latest/meta-data/">'
)
PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(content: bytes) -> str:
    assert PDFTOTEXT, "pdftotext (poppler-utils) is needed: make test-system-deps"
    done = subprocess.run(
        [PDFTOTEXT, "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", done.stdout.decode())


WITHHELD = "withheld (fewer than 3 people)"
PROTECTS = "withheld (protects a group of fewer than 3 people)"


def one_decimal(value):
    rounded = display_round(value)
    return "not available" if rounded is None else f"{rounded:.1f}"


@pytest.fixture
def small_vcs_area(world):
    """Area A: four council respondents and only two from the VCS, one with a hostile comment."""
    for value in (4, 4, 5, 3):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=value)
    submitted_response(
        area_round=world.area_round_a,
        sector=Sector.VCS,
        default=2,
        comments={"history": HOSTILE_COMMENT},
    )
    submitted_response(area_round=world.area_round_a, sector=Sector.VCS, default=3)
    scores_refresh(area_round=world.area_round_a)
    return world


@pytest.fixture
def fetches():
    """Every URL WeasyPrint asks the report fetcher for."""
    original = SafeStaticURLFetcher.fetch
    with mock.patch.object(
        SafeStaticURLFetcher, "fetch", autospec=True, side_effect=original
    ) as fetch:
        yield fetch


def fetched_urls(fetch) -> list[str]:
    return [c.args[1] for c in fetch.call_args_list]


@pytest.mark.pdf
def test_the_area_report_prints_the_same_figures_as_the_scoring_module(small_vcs_area, fetches):
    world = small_vcs_area
    report = Report.objects.create(
        kind=ReportKind.AREA, round=world.round, area_round=world.area_round_a
    )
    text = pdf_text(render_report_pdf(report=report))
    result = area_round_result(area_round=world.area_round_a)

    assert "Area A" in text
    assert "Spring round" in text
    assert f"{one_decimal(result.overall)} Overall partnership health index" in text
    for dimension in result.dimensions:
        score = one_decimal(dimension.score)
        rating = str(dimension.rating.label)
        # The headline line, then the full row: the VCS group of two is withheld, and the
        # council figure with it (it would give the VCS figure away by subtraction).
        assert f"{dimension.name} {score} {rating}" in text or (
            f"{dimension.name} (supplementary) {score} {rating}" in text
        )
        assert "vcs" in dimension.withheld
        median = one_decimal(dimension.programme_median)
        assert f"{dimension.name} {score} {rating} {dimension.counted} {median}" in text
        assert f"{dimension.name} {PROTECTS} {WITHHELD} {WITHHELD} {WITHHELD}" in text, (
            "council (protecting the VCS), VCS, gap and seen differently: withheld, in words"
        )

    # The hostile comment is printed as text, and nothing it names was fetched.
    assert "<script>alert('x')</script> Partnership is fine" in text
    assert '<img src="file:///etc/passwd">' in text
    assert not any("passwd" in url or "169.254" in url for url in fetched_urls(fetches))


@pytest.mark.pdf
def test_the_fetcher_refuses_what_an_injected_tag_would_ask_for(fetches):
    html = (
        '<p>x</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:6379/">'
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<link rel="stylesheet" href="/static/vendor/htmx/LICENSE">'
    )
    fetcher = SafeStaticURLFetcher()
    render_html_to_pdf(html, url_fetcher=fetcher)
    asked = fetched_urls(fetches)
    # WeasyPrint does route every URL through our fetcher ...
    assert "file:///etc/passwd" in asked
    # ... which refuses all but the portal's own static file.
    assert set(fetcher.refused) == {
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "data:image/png;base64,iVBORw0KGgo=",
    }
    assert STATIC_PREFIX + "vendor/htmx/LICENSE" in asked


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/static/x.css",
        STATIC_PREFIX + "../../../etc/passwd",
        STATIC_PREFIX + "%2e%2e/%2e%2e/etc/passwd",
        STATIC_PREFIX + "no-such-file.css",
        BASE_URL + "media/reports/report-1.pdf",
        "data:text/html,<h1>x</h1>",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(RefusedURL):
        SafeStaticURLFetcher().fetch(url)


def test_the_fetcher_serves_the_portals_static_files():
    response = SafeStaticURLFetcher().fetch(STATIC_PREFIX + "vendor/htmx/LICENSE")
    assert response.read()


@pytest.mark.pdf
def test_the_programme_report_lists_every_area_alphabetically(small_vcs_area):
    world = small_vcs_area
    submitted_response(area_round=world.area_round_b, sector=Sector.COUNCIL, default=4)
    publish_results(world.area_round_a)
    publish_results(world.area_round_b)
    report = Report.objects.create(kind=ReportKind.PROGRAMME, round=world.round)
    text = pdf_text(render_report_pdf(report=report))
    assert "Programme overview" in text
    assert text.index("Area A") < text.index("Area B")
    result = area_round_result(area_round=world.area_round_a)
    for dimension in result.dimensions:
        assert dimension.name in text
        assert one_decimal(dimension.programme_median) in text
    assert "withheld" in text  # Area B's single respondent


@pytest.mark.pdf
def test_the_programme_report_shows_no_figure_of_an_unpublished_area(small_vcs_area):
    """Sponsors download the programme report: an area whose round is open is named as not
    yet published, with counts only, and its figures move no median."""
    world = small_vcs_area
    for value in (1, 1, 2, 1):
        submitted_response(area_round=world.area_round_b, sector=Sector.COUNCIL, default=value)
    scores_refresh(area_round=world.area_round_b)
    publish_results(world.area_round_a)
    report = Report.objects.create(kind=ReportKind.PROGRAMME, round=world.round)
    text = pdf_text(render_report_pdf(report=report))
    unpublished = area_round_result(area_round=world.area_round_b)
    assert "Not yet published" in text and "Area B" in text
    for dimension in unpublished.dimensions:
        assert dimension.score is not None  # an administrator could see it
        assert one_decimal(dimension.score) not in text
    published = area_round_result(area_round=world.area_round_a)
    for dimension in published.dimensions:
        assert dimension.programme_median == dimension.score  # area A's own, alone


@pytest.mark.pdf
def test_the_demo_area_with_too_few_vcs_respondents_reads_withheld(db):
    call_command("seed_demo", stdout=StringIO())
    for each in AreaRound.objects.filter(round__slug="baseline"):
        scores_refresh(area_round=each)  # seed_demo stores them on commit
    area_round = AreaRound.objects.get(area__slug="cornwall", round__slug="baseline")
    report = Report.objects.create(
        kind=ReportKind.AREA, round=area_round.round, area_round=area_round
    )
    text = pdf_text(render_report_pdf(report=report))
    result = area_round_result(area_round=area_round)
    assert "Cornwall" in text
    for dimension in result.dimensions:
        assert "vcs" in dimension.withheld
        council = (
            PROTECTS
            if "council" in dimension.withheld
            else one_decimal(dimension.by_sector["council"])
        )
        row = (
            f"{dimension.name} {one_decimal(dimension.score)} {dimension.rating.label} "
            f"{dimension.counted} {one_decimal(dimension.programme_median)}"
        )
        assert row in text
        assert f"{dimension.name} {council} {WITHHELD} {WITHHELD} {WITHHELD}" in text
