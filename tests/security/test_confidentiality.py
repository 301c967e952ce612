"""No output shows a figure or comment of a group below the minimum size, directly or by
subtracting one sector from the total: pages, API, CSV and XLSX exports, and PDFs.

The scene's published round for area A has five council respondents and two VCS ones
(minimum group size 3): the VCS figures are withheld, so the council figures must be too
(else VCS = (7 x all - 5 x council) / 2). Only the VCS respondents answer "governance", so
its area figure and its comments are withheld as well. The withheld figures are computed
here from the raw answers by a small reference, then searched for in every output.
"""

import csv
import io
import re
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer, ResponseStatus
from assessments.scoring import area_round_result, display_round
from tests.security.conftest import SMALL_GROUP_MARKER

SECTORS = ("council", "vcs")


def reference_group_means(area_round) -> dict[tuple[str, str], float]:
    """Each (dimension, group) mean by the published method, from the raw answers."""
    framework = area_round.round.framework
    low, high = framework.scale_min, framework.scale_max
    per_person = defaultdict(list)  # (response, dimension) -> normalised answers
    sector_of, questions_in = {}, defaultdict(int)
    for question in framework.questions.select_related("dimension"):
        questions_in[question.dimension.key] += 1
    answers = Answer.objects.filter(
        response__area_round=area_round,
        response__status=ResponseStatus.SUBMITTED,
        value__isnull=False,
    ).values_list(
        "response_id", "response__sector", "question__dimension__key", "question__reverse", "value"
    )
    for response_id, sector, key, reversed_, value in answers:
        value = low + high - value if reversed_ else value
        per_person[(response_id, key)].append((value - low) / (high - low) * 100)
        sector_of[response_id] = sector
    groups = defaultdict(list)
    for (response_id, key), values in per_person.items():
        if len(values) >= -(-questions_in[key] // 2):
            mean = sum(values) / len(values)
            groups[(key, "all")].append(mean)
            groups[(key, sector_of[response_id])].append(mean)
    return {group: sum(v) / len(v) for group, v in groups.items()}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _api_payload(scene, user):
    url = reverse(
        "api:api_area_round_scores",
        kwargs={"area": scene.area_a.slug, "round": scene.published_round.slug},
    )
    response = _client(user).get(url)
    assert response.status_code == 200
    return response.json()


def _forbidden_strings(scene, shown_values: set[str]) -> set[str]:
    """The withheld figures as an output would print them, minus any that happen to equal a
    figure legitimately shown (those cannot be told apart in text)."""
    result = area_round_result(area_round=scene.published_a)
    shown_values = shown_values | {
        f"{display_round(s.score):.1f}" for s in [*result.strongest, *result.weakest]
    }
    means = reference_group_means(scene.published_a)
    forbidden = set()
    for (key, group), value in means.items():
        if group in SECTORS or key == "governance":
            forbidden.add(f"{display_round(value):.1f}")
    council = {k: v for (k, g), v in means.items() if g == "council"}
    vcs = {k: v for (k, g), v in means.items() if g == "vcs"}
    for key in council.keys() & vcs.keys():
        gap = display_round(council[key] - vcs[key])
        forbidden |= {f"{gap:.1f}", f"{abs(gap):.1f}", f"+{gap:.1f}"}
    return forbidden - shown_values


def _shown_values(payload) -> set[str]:
    values = set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, float):
            values.add(f"{node:.1f}")

    walk(payload)
    return values


def _mentions(text: str, figure: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text) is not None


def test_the_api_withholds_small_sectors_and_the_sector_they_could_be_worked_out_from(scene):
    payload = _api_payload(scene, scene.coordinator_a)
    assert payload["respondents"]["vcs"] == 2
    for dimension in payload["dimensions"]:
        by_sector = dimension["by_sector"]
        assert by_sector["vcs"] is None, dimension["key"]
        # Subtraction: with the area figure shown, council would give VCS away.
        if dimension["score"] is not None:
            assert by_sector["council"] is None, dimension["key"]
        assert dimension["gap"] is None, dimension["key"]
    governance = next(d for d in payload["dimensions"] if d["key"] == "governance")
    assert governance["score"] is None
    assert "all" in governance["withheld"]


def test_no_shown_figure_lets_a_withheld_group_be_worked_out(scene):
    """Generic rule: while the area figure is shown, the withheld sectors with respondents
    together count at least the minimum, so subtracting the shown sectors from the area
    reveals only a group that large."""
    payload = _api_payload(scene, scene.sponsor)
    minimum = scene.published_round.framework.min_group_size
    people = {s: n for s, n in payload["respondents"].items() if s != "total" and n}
    for dimension in payload["dimensions"]:
        if dimension["score"] is None:
            continue
        withheld = [s for s in people if dimension["by_sector"][s] is None]
        together = sum(people[s] for s in withheld)
        if withheld and together < minimum:
            pytest.fail(f"{dimension['key']}: {withheld} ({together} people) derivable")


def test_the_dashboard_page_shows_no_withheld_figure_or_comment(scene):
    shown = _shown_values(_api_payload(scene, scene.coordinator_a))
    forbidden = _forbidden_strings(scene, shown)
    assert forbidden, "the scene should make some figures distinctive"
    for user in (scene.respondent_a, scene.coordinator_a, scene.sponsor, scene.admin):
        url = reverse(
            "area_round_dashboard",
            kwargs={"area": scene.area_a.slug, "round": scene.published_round.slug},
        )
        text = _client(user).get(url).content.decode()
        assert SMALL_GROUP_MARKER not in text
        assert "withheld" in text.lower()
        for figure in forbidden:
            assert not _mentions(text, figure), f"{figure} shown to {user.username}"


def test_the_programme_dashboard_shows_no_withheld_figure(scene):
    shown = _shown_values(_api_payload(scene, scene.sponsor))
    forbidden = _forbidden_strings(scene, shown)
    url = reverse("programme_dashboard") + f"?round={scene.published_round.slug}"
    text = _client(scene.sponsor).get(url).content.decode()
    for figure in forbidden:
        assert not _mentions(text, figure), figure


def _area_rows(rows, scene):
    return [row for row in rows if row["area"] == scene.area_a.slug]


def test_the_csv_and_xlsx_exports_leave_withheld_cells_empty(scene):
    client = _client(scene.sponsor)
    kwargs = {"round": scene.published_round.slug}
    csv_rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("scores_csv", kwargs=kwargs)).content.decode())
        )
    )
    workbook = load_workbook(io.BytesIO(client.get(reverse("scores_xlsx", kwargs=kwargs)).content))
    sheet = workbook.active
    header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    xlsx_rows = [dict(zip(header, row, strict=True)) for row in values]
    for rows in (csv_rows, xlsx_rows):
        area_rows = _area_rows(rows, scene)
        assert area_rows
        for row in area_rows:
            assert row["vcs"] in ("", None), row
            assert row["gap"] in ("", None), row
            if row["score"] not in ("", None):
                assert row["council"] in ("", None), row
            if row["dimension"] == "governance":
                assert row["score"] in ("", None), row


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.pdf
def test_the_pdf_reports_show_no_withheld_figure_or_comment(scene):
    from reports.pdf import render_report_pdf

    shown = _shown_values(_api_payload(scene, scene.sponsor))
    forbidden = _forbidden_strings(scene, shown)
    for report in (scene.area_report, scene.programme_report):
        text = _pdf_text(render_report_pdf(report=report))
        assert text.strip()
        assert SMALL_GROUP_MARKER not in text
        for figure in forbidden:
            assert not _mentions(text, figure), f"{figure} in the {report.kind} report"
