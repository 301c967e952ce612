"""Every figure the API gives for an area and round appears, the same, in the area's
dashboard (its tables and charts), its PDF report (read back with pdftotext) and the CSV and
XLSX exports; where the API withholds a figure, every output says so in words and shows no
number; statements read in their scored direction, and no question code reaches prose.

Built on the demo programme (``seed_demo``), read as the sponsor, for every published round
the API lists: Cornwall has two VCS respondents (the VCS is withheld, and the council with
it), Manchester and Waltham Forest have other public bodies as a third sector.

The expected words are written here from the contract, not taken from the presenter: a
number to one decimal, a signed change or gap with U+2212 for minus, "withheld (fewer than
N people)" or "withheld (protects a group of fewer than N people)", "no responses" or "not
available" where there is nothing to show. Each PDF is rendered once.
"""

import csv
import html
import io
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import AreaRound, Framework, Question
from assessments.scoring import scores_refresh
from reports.models import Report, ReportKind
from reports.pdf import render_report_pdf
from tests.reports.test_report_pdf import pdf_text

MINUS = "\u2212"
MINIMUM = 3
WITHHELD = rf"withheld \((?:fewer than|protects a group of fewer than) {MINIMUM} people\)"
NOTHING = r"(?:no responses|not available)"
RATINGS = {
    "green": "Good",
    "amber": "Needs attention",
    "red": "Serious concern",
    None: "no rating",
}
SECTORS = ("council", "vcs", "other")
SECTOR_HEADINGS = {
    "council": "Council",
    "vcs": "Voluntary and community sector",
    "other": "Other public bodies",
}
CHART_LABELS = {"council": "Council", "vcs": "VCS", "other": "Other public bodies"}


# --- the contract's words -----------------------------------------------------------------


def number(value: float, *, signed: bool = False) -> str:
    if not signed:
        return f"{value + 0.0:.1f}"
    return "0.0" if value == 0 else f"{value:+.1f}".replace("-", MINUS)


def expected(value, *, withheld: bool, signed: bool = False, suffix: str = "") -> str:
    """A regular expression for a figure as people must read it."""
    if value is not None:
        assert not withheld, "the API gives a figure it lists as withheld"
        return re.escape(number(value, signed=signed) + suffix)
    return WITHHELD if withheld else NOTHING


def flag(dimension: dict) -> str:
    if dimension["seen_differently"] is not None:
        assert dimension["gap"] is not None
        return "Yes" if dimension["seen_differently"] else "No"
    return WITHHELD if gap_withheld(dimension) else NOTHING


def gap_withheld(dimension: dict) -> bool:
    return bool({"council", "vcs"} & set(dimension["withheld"]))


def sectors_shown(api: dict) -> list[str]:
    """Council and VCS always; other public bodies wherever any responded."""
    return [s for s in SECTORS if s != "other" or api["respondents"]["other"] > 0]


# --- reading the outputs ------------------------------------------------------------------


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table(body: str, table_id: str) -> str:
    return body.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]


def rows(fragment: str, attribute: str) -> dict[str, dict[str, str]]:
    """``<tr {attribute}="key">`` rows: their ``data-figure`` cells' text by figure."""
    found = {}
    for key, row in re.findall(rf'<tr {attribute}="([^"]+)"[^>]*>(.*?)</tr>', fragment, re.S):
        cells = re.findall(r'<td data-figure="([^"]+)"[^>]*>(.*?)</td>', row, re.S)
        found[key] = {figure: text_of(content) for figure, content in cells}
    return found


def svg(body: str, css_class: str) -> str:
    return body.split(f"chart {css_class}", 1)[1].split("</svg>", 1)[0]


def svg_texts(fragment: str) -> list[str]:
    return [text_of(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", fragment, re.S)]


@dataclass
class Mismatches:
    found: list[str] = field(default_factory=list)

    def check(self, where: str, pattern: str, text: str, *, whole: bool = True) -> None:
        match = re.fullmatch(pattern, text) if whole else re.search(pattern, text)
        if match is None:
            self.found.append(f"{where}: wanted {pattern!r}, read {text[:300]!r}")

    def expect(self, where: str, condition: bool) -> None:
        if not condition:
            self.found.append(where)


# --- the scene ------------------------------------------------------------------------------


@pytest.fixture
def demo(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    # seed_demo's refreshes run on commit, which a test's transaction never reaches.
    for area_round in AreaRound.objects.all():
        scores_refresh(area_round=area_round)
    client.force_login(get_user_model().objects.get(username="sponsor"))
    return client


def published_rounds(client) -> list[tuple[str, str]]:
    listed = client.get(reverse("api:api_areas")).json()
    return [
        (area["slug"], each["slug"])
        for area in listed
        for each in area["rounds"]
        if each["published"]
    ]


@pytest.mark.pdf
def test_every_output_shows_what_the_api_gives_for_every_demo_area(demo):
    client = demo
    pairs = published_rounds(client)
    areas = {area for area, _round in pairs}
    assert {"cornwall", "manchester", "waltham-forest"} <= areas, pairs
    codes = set(Question.objects.values_list("code", flat=True))
    names = dict(Framework.objects.get(version=1).dimensions.values_list("key", "name"))
    problems = Mismatches()
    exports = {}
    for area, round_slug in pairs:
        if round_slug not in exports:
            exports[round_slug] = _exports(client, round_slug)
        api = client.get(reverse("api:api_area_round_scores", args=[area, round_slug])).json()
        where = f"{area}/{round_slug}"
        dashboard = client.get(reverse("area_round_dashboard", args=[area, round_slug]))
        assert dashboard.status_code == 200, where
        _dashboard_agrees(problems, where, api, dashboard.content.decode(), codes)
        _pdf_agrees(problems, where, api, _area_pdf_text(area, round_slug), codes, names)
        _exports_agree(problems, where, api, *exports[round_slug])
    assert not problems.found, "\n".join(problems.found)

    # The scene holds what this test is about.
    cornwall = client.get(reverse("api:api_area_round_scores", args=["cornwall", "baseline"]))
    assert all("vcs" in d["withheld"] for d in cornwall.json()["dimensions"])
    for area in ("manchester", "waltham-forest"):
        body = client.get(reverse("api:api_area_round_scores", args=[area, "baseline"])).json()
        assert all(d["by_sector"]["other"] is not None for d in body["dimensions"]), area


def _area_pdf_text(area: str, round_slug: str) -> str:
    area_round = AreaRound.objects.select_related("round").get(
        area__slug=area, round__slug=round_slug
    )
    report = Report(kind=ReportKind.AREA, round=area_round.round, area_round=area_round)
    return pdf_text(render_report_pdf(report=report))


def _exports(client, round_slug: str):
    response = client.get(reverse("scores_csv", args=[round_slug]))
    csv_rows = {
        (row["area"], row["dimension"]): row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
    }
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("scores_xlsx", args=[round_slug])).content)
    )
    header, *values = list(sheet["Scores"].iter_rows(values_only=True))
    xlsx_rows = {}
    for values_row in values:
        row = dict(zip(header, values_row, strict=True))
        xlsx_rows[(row["area"], row["dimension"])] = row
    return csv_rows, xlsx_rows


# --- the dashboard --------------------------------------------------------------------------


def _dashboard_agrees(problems, where, api, body, codes) -> None:
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    summary = re.search(r'data-figure="overall"[^>]*>(.*?)</', main, re.S).group(1)
    overall_withheld = "overall" in api["withheld"]
    problems.check(
        f"{where} dashboard overall",
        expected(api["overall"]["score"], withheld=overall_withheld),
        text_of(summary),
    )
    respondents = api["respondents"]
    problems.check(
        f"{where} dashboard respondents",
        rf"{respondents['total']} submitted: {respondents['council']} council, "
        rf"{respondents['vcs']} voluntary and community sector, {respondents['other']} other "
        r"public bodies",
        text_of(re.search(r'data-figure="respondents">(.*?)</dd>', main, re.S).group(1)),
    )
    dimension_rows = rows(table(main, "dimension-table"), "data-dimension")
    sector_table = table(main, "sector-table")
    sector_rows = rows(sector_table, "data-dimension")
    headings = text_of(sector_table.split("</thead>")[0])
    trend = rows(table(main, "trend-table"), "data-round")
    trend_cells = dict(
        re.findall(
            r'<td data-dimension="([^"]+)"[^>]*>(.*?)</td>',
            table(main, "trend-table").split(f'data-round="{api["round"]}"')[1].split("</tr>")[0],
            re.S,
        )
    )
    sector_chart = svg_texts(svg(main, "chart-sectors"))
    radar_description = text_of(svg(main, "chart-radar").split("<desc", 1)[1].split(">", 1)[1])
    shown = sectors_shown(api)
    for sector in SECTORS:
        problems.expect(
            f"{where} dashboard: the {sector} column is shown exactly when it has respondents",
            (SECTOR_HEADINGS[sector] in headings) == (sector in shown),
        )
    has_previous = any(d["previous"] is not None for d in api["dimensions"])
    for d in api["dimensions"]:
        at = f"{where} dashboard {d['key']}"
        cells = dimension_rows[d["key"]]
        score = expected(d["score"], withheld="all" in d["withheld"])
        problems.check(f"{at} score", score, cells["score"])
        problems.check(f"{at} rating", re.escape(RATINGS[d["rating"]]), cells["rating"])
        median = expected(d["programme_median"], withheld=False)
        problems.check(f"{at} median", median, cells["programme_median"])
        problems.expect(
            f"{at}: previous shown exactly when any", ("previous" in cells) == has_previous
        )
        if has_previous:
            problems.check(
                f"{at} previous", expected(d["previous"], withheld=False), cells["previous"]
            )
            problems.check(
                f"{at} change", expected(d["change"], withheld=False, signed=True), cells["change"]
            )
        sectors = sector_rows[d["key"]]
        for sector in shown:
            figure = expected(d["by_sector"][sector], withheld=sector in d["withheld"])
            problems.check(f"{at} {sector}", figure, sectors.get(sector, "(missing)"))
            bar = rf"{re.escape(CHART_LABELS[sector])} {figure}"
            problems.expect(
                f"{at} {sector}: the sector chart labels it {bar!r}",
                any(re.fullmatch(bar, label) for label in sector_chart),
            )
        gap = expected(d["gap"], withheld=gap_withheld(d), signed=True)
        problems.check(f"{at} gap", gap, sectors["gap"])
        problems.check(f"{at} seen differently", flag(d), sectors["seen_differently"])
        problems.check(f"{at} trend", score, text_of(trend_cells[d["key"]]))
        problems.check(
            f"{at} radar description",
            rf"{re.escape(d['name'])}: area {score}, programme median {median}",
            radar_description,
            whole=False,
        )
    problems.check(
        f"{where} dashboard trend overall",
        expected(api["overall"]["score"], withheld=overall_withheld),
        trend[api["round"]]["overall"],
    )
    barrier_rows = rows(table(main, "barrier-table"), "data-barrier")
    barrier_chart = svg_texts(svg(main, "chart-barriers"))
    for b in api["barriers"]:
        share = expected(b["share"], withheld=f"barrier:{b['key']}" in api["withheld"], suffix="%")
        problems.check(
            f"{where} dashboard barrier {b['key']}", share, barrier_rows[b["key"]]["share"]
        )
        problems.expect(
            f"{where} dashboard barrier chart {b['key']}",
            any(re.fullmatch(share, label) for label in barrier_chart),
        )
    for kind in ("strengths", "priorities"):
        items = re.findall(
            r"<li[^>]*>(.*?)</li>",
            main.split(f'data-statements="{kind}"', 1)[1].split("</ol>", 1)[0],
            re.S,
        )
        problems.expect(
            f"{where} dashboard {kind}: as many as the API", len(items) == len(api[kind])
        )
        for statement, item in zip(api[kind], items, strict=False):
            _statement_agrees(problems, f"{where} dashboard {kind}", statement, item)
    prose = text_of(re.sub(r"<svg.*?</svg>", " ", main, flags=re.S))
    for code in codes:
        problems.expect(
            f"{where} dashboard: no question code {code} in prose",
            not re.search(rf"\b{code}\b", prose),
        )


def _statement_agrees(problems, where, statement, item) -> None:
    reading = text_of(re.search(r'data-figure="statement">(.*?)</span>', item, re.S).group(1))
    score = text_of(
        re.search(r'data-figure="statement_score">(.*?)</strong>', item, re.S).group(1)
    )
    problems.check(f"{where} reading", re.escape(statement["reading"]), reading)
    problems.check(f"{where} score", re.escape(number(statement["score"])), score)
    asked = re.search(r"<details.*?</details>", item, re.S)
    if statement["reverse"]:
        problems.expect(
            f"{where}: a reverse-worded statement reads otherwise than asked",
            reading != statement["text"],
        )
        problems.check(
            f"{where} asked as",
            rf".*Asked as: “{re.escape(statement['text'])}”, reverse-scored.*",
            text_of(asked.group(0)) if asked else "",
        )
    else:
        problems.expect(f"{where}: read as asked", reading == statement["text"] and asked is None)


# --- the PDF --------------------------------------------------------------------------------


def _pdf_agrees(problems, where, api, text, codes, names) -> None:
    overall = expected(api["overall"]["score"], withheld="overall" in api["withheld"])
    problems.check(
        f"{where} PDF overall", rf"{overall} Overall partnership health index", text, whole=False
    )
    shown = sectors_shown(api)
    has_previous = any(d["previous"] is not None for d in api["dimensions"])
    for d in api["dimensions"]:
        at = f"{where} PDF {d['key']}"
        name = re.escape(d["name"])
        score = expected(d["score"], withheld="all" in d["withheld"])
        rating = re.escape(RATINGS[d["rating"]])
        median = expected(d["programme_median"], withheld=False)
        later = ""
        if has_previous:
            previous = expected(d["previous"], withheld=False)
            later = f" {previous} {expected(d['change'], withheld=False, signed=True)}"
        problems.check(
            f"{at} scores", rf"{name} {score} {rating} \d+ {median}{later}", text, whole=False
        )
        sectors = " ".join(expected(d["by_sector"][s], withheld=s in d["withheld"]) for s in shown)
        gap = expected(d["gap"], withheld=gap_withheld(d), signed=True)
        problems.check(f"{at} sectors", rf"{name} {sectors} {gap} {flag(d)}", text, whole=False)
        for sector in shown:
            figure = expected(d["by_sector"][sector], withheld=sector in d["withheld"])
            problems.check(
                f"{at} sector chart {sector}",
                rf"{re.escape(CHART_LABELS[sector])} {figure}",
                text,
                whole=False,
            )
    for b in api["barriers"]:
        share = expected(b["share"], withheld=f"barrier:{b['key']}" in api["withheld"], suffix="%")
        problems.check(
            f"{where} PDF barrier {b['key']}",
            rf"{re.escape(b['name'])} {share}",
            text,
            whole=False,
        )
    for kind in ("strengths", "priorities"):
        for statement in api[kind]:
            marker = r" \(reverse-scored\)" if statement["reverse"] else ""
            problems.check(
                f"{where} PDF {kind} {statement['code']}",
                rf"{re.escape(statement['reading'])}{marker} "
                rf"{re.escape(names[statement['dimension']])} "
                rf"{re.escape(number(statement['score']))}",
                text,
                whole=False,
            )
            if statement["reverse"]:
                problems.check(
                    f"{where} PDF appendix {statement['code']}",
                    rf"“{re.escape(statement['reading'])}”: "
                    rf"asked as “{re.escape(statement['text'])}”, reverse-scored\.",
                    text,
                    whole=False,
                )
    for code in codes:
        problems.expect(
            f"{where} PDF: no question code {code}", not re.search(rf"\b{code}\b", text)
        )


# --- the exports ----------------------------------------------------------------------------


def _exports_agree(problems, where, api, csv_rows, xlsx_rows) -> None:
    def csv_text(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return f"{value + 0.0:.1f}"

    for d in api["dimensions"]:
        key = (api["area"], d["key"])
        wanted = {
            "score": d["score"],
            "rating": d["rating"],
            **{s: d["by_sector"][s] for s in SECTORS},
            "gap": d["gap"],
            "seen_differently": d["seen_differently"],
            "programme_median": d["programme_median"],
            "previous": d["previous"],
            "change": d["change"],
        }
        for column, value in wanted.items():
            want_csv = value if isinstance(value, str) else csv_text(value)
            problems.expect(
                f"{where} CSV {d['key']} {column}: {csv_rows[key][column]!r} != {want_csv!r}",
                csv_rows[key][column] == want_csv,
            )
            problems.expect(
                f"{where} XLSX {d['key']} {column}: {xlsx_rows[key][column]!r} != {value!r}",
                xlsx_rows[key][column] == value,
            )
        groups = " ".join(d["withheld"])
        problems.expect(f"{where} CSV {d['key']} withheld", csv_rows[key]["withheld"] == groups)
        problems.expect(
            f"{where} XLSX {d['key']} withheld", (xlsx_rows[key]["withheld"] or "") == groups
        )
    overall = (api["area"], "overall")
    problems.expect(
        f"{where} CSV overall", csv_rows[overall]["score"] == csv_text(api["overall"]["score"])
    )
    problems.expect(
        f"{where} XLSX overall", xlsx_rows[overall]["score"] == api["overall"]["score"]
    )
    withheld = "all" if "overall" in api["withheld"] else ""
    problems.expect(f"{where} CSV overall withheld", csv_rows[overall]["withheld"] == withheld)
    problems.expect(
        f"{where} exports: no 'seen differently' for the overall index",
        csv_rows[overall]["seen_differently"] == ""
        and xlsx_rows[overall]["seen_differently"] is None,
    )
