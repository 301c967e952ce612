"""The SVG charts: valid, self-described, CSP-safe, escaped, and printable by WeasyPrint."""

import xml.etree.ElementTree as ET

import pytest

from assessments.scoring import area_round_result
from reports.charts import barriers_svg, radar_svg, sector_bars_svg, trend_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def result(scored):
    scored.area_a.name = "Area <A> & Co"
    scored.area_a.save()
    return area_round_result(area_round=scored.area_round_a)


def charts(result):
    return {
        "radar": radar_svg(result),
        "sectors": sector_bars_svg(result),
        "trend": trend_svg([result]),
        "barriers": barriers_svg(result),
    }


def test_each_chart_is_valid_svg_with_a_text_alternative(result):
    for name, svg in charts(result).items():
        root = ET.fromstring(str(svg))  # noqa: S314 - our own output
        assert root.tag == f"{SVG}svg", name
        assert root.get("viewBox"), name
        assert root.get("font-family"), name
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text.strip(), name
        assert desc is not None and desc.text.strip(), name
        assert 'style="' not in str(svg), name
        assert "<script" not in str(svg), name


def test_labels_are_escaped(result):
    svg = str(radar_svg(result))
    assert "Area &lt;A&gt; &amp; Co" in svg
    assert "<A>" not in svg


def test_radar_describes_area_and_median_per_dimension(result):
    root = ET.fromstring(str(radar_svg(result)))  # noqa: S314
    description = root.find(f"{SVG}desc").text
    for dimension in result.dimensions:
        assert dimension.name in description
    assert "programme median" in description


def test_withheld_figures_are_labelled_in_words(scored):
    small = area_round_result(area_round=scored.area_round_b)
    assert "withheld" in str(radar_svg(small))
    assert "withheld" in str(barriers_svg(small))


def test_sector_bars_flag_seen_differently_in_words(result):
    assert any(d.seen_differently for d in result.dimensions)
    assert "Seen differently" in str(sector_bars_svg(result))


@pytest.mark.pdf
def test_weasyprint_renders_the_charts(result):
    from weasyprint import HTML

    html = "<html><body>" + "".join(str(svg) for svg in charts(result).values()) + "</body></html>"
    pdf = HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")


def test_sector_bars_show_other_public_bodies_where_any_responded(scored):
    from assessments.scoring import scores_refresh
    from partnerships.models import Sector
    from tests.reports.conftest import respond

    without = str(sector_bars_svg(area_round_result(area_round=scored.area_round_a)))
    assert "Other public bodies" not in without
    respond(scored.area_round_a, 3, Sector.OTHER, default=5)
    scores_refresh(area_round=scored.area_round_a)
    result = area_round_result(area_round=scored.area_round_a)
    root = ET.fromstring(str(sector_bars_svg(result)))  # noqa: S314
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text]
    history = result.dimension("history").by_sector["other"]
    assert f"Other public bodies {history:.1f}" in labels
    assert "Other public bodies" in root.find(f"{SVG}desc").text


def test_withheld_chart_labels_name_the_minimum(scored):
    small = area_round_result(area_round=scored.area_round_b)
    for svg in (radar_svg(small), barriers_svg(small), trend_svg([small])):
        text = " ".join(ET.fromstring(str(svg)).itertext())  # noqa: S314
        assert "withheld (fewer than 3 people)" in " ".join(text.split())
        assert "no data" not in text
