"""Scores CSV and XLSX: the areas a person may see, withholding applied, same figures."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.scoring import area_round_result, display_round
from reports.selectors import SCORE_COLUMNS
from tests.factories import publish_results


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_has_a_row_per_area_and_dimension_plus_overall(client, scored):
    client.force_login(scored.sponsor)
    response = client.get(reverse("scores_csv", args=["spring"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="pip-scores-spring.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == list(SCORE_COLUMNS)
    assert {r["area"] for r in rows} == {"area-a", "area-b"}
    assert len(rows) == 2 * 7  # six dimensions and the overall index per area


def test_csv_applies_withholding(client, scored):
    client.force_login(scored.sponsor)
    rows = csv_rows(client.get(reverse("scores_csv", args=["spring"])))
    for row in (r for r in rows if r["area"] == "area-b"):
        assert row["score"] == ""
        assert row["rating"] == ""
        assert "all" in row["withheld"]


def test_a_withheld_gap_is_not_exported_as_not_seen_differently(client, scored):
    client.force_login(scored.sponsor)
    rows = csv_rows(client.get(reverse("scores_csv", args=["spring"])))
    area_b = [r for r in rows if r["area"] == "area-b"]
    assert {r["seen_differently"] for r in area_b} == {""}
    area_a = [r for r in rows if r["area"] == "area-a" and r["dimension"] != "overall"]
    assert {r["seen_differently"] for r in area_a} <= {"yes", "no"}
    sheet = load_workbook(io.BytesIO(client.get(reverse("scores_xlsx", args=["spring"])).content))[
        "Scores"
    ]
    header, *values = list(sheet.iter_rows(values_only=True))
    column = header.index("seen_differently")
    assert {row[column] for row in values if row[0] == "area-b"} == {None}


def test_coordinators_export_only_their_area(client, scored):
    client.force_login(scored.coordinator_a)
    rows = csv_rows(client.get(reverse("scores_csv", args=["spring"])))
    assert {r["area"] for r in rows} == {"area-a"}


@pytest.mark.parametrize("person", ["outsider", "respondent_a"])
def test_people_with_nothing_to_see_get_not_found(client, scored_open, person):
    client.force_login(getattr(scored_open, person))
    assert client.get(reverse("scores_csv", args=["spring"])).status_code == 404
    assert client.get(reverse("scores_xlsx", args=["spring"])).status_code == 404


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor"])
def test_nothing_is_exported_before_publication(client, scored_open, person):
    client.force_login(getattr(scored_open, person))
    for name in ("scores_csv", "scores_xlsx"):
        response = client.get(reverse(name, args=["spring"]))
        assert response.status_code == 403
        assert "Results appear when the round closes and is published." in (
            response.content.decode()
        )
    publish_results(scored_open.area_round_a)
    rows = csv_rows(client.get(reverse("scores_csv", args=["spring"])))
    # Area A's published figures; never area B's, still open.
    assert {row["area"] for row in rows} == {"area-a"}


def test_signed_out_people_are_sent_to_sign_in(client, scored):
    assert client.get(reverse("scores_csv", args=["spring"])).status_code == 302


def test_xlsx_holds_the_same_figures_as_the_csv(client, scored):
    client.force_login(scored.sponsor)
    response = client.get(reverse("scores_xlsx", args=["spring"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Scores"]
    header, *values = list(sheet.iter_rows(values_only=True))
    assert list(header) == list(SCORE_COLUMNS)
    csv_scores = [r["score"] for r in csv_rows(client.get(reverse("scores_csv", args=["spring"])))]
    xlsx_scores = [row[header.index("score")] for row in values]
    assert [f"{v:.1f}" if v is not None else "" for v in xlsx_scores] == csv_scores


def test_text_that_looks_like_a_formula_is_neutralised(client, scored):
    scored.area_a.name = "=HYPERLINK(1)"
    scored.area_a.save()
    client.force_login(scored.sponsor)
    rows = csv_rows(client.get(reverse("scores_csv", args=["spring"])))
    assert {r["area_name"] for r in rows if r["area"] == "area-a"} == {"'=HYPERLINK(1)"}


def test_api_csv_dashboard_and_scoring_module_agree(client, scored):
    """The same figures, to the decimal, whichever way they are read."""
    client.force_login(scored.sponsor)
    result = area_round_result(area_round=scored.area_round_a)
    api = client.get("/api/v1/areas/area-a/rounds/spring/scores/").json()
    exported = {
        r["dimension"]: r
        for r in csv_rows(client.get(reverse("scores_csv", args=["spring"])))
        if r["area"] == "area-a"
    }
    page = client.get(reverse("area_round_dashboard", args=["area-a", "spring"]))
    table = page.content.decode().split('id="sector-table"')[1].split("</table>")[0]
    heat_map = client.get(reverse("programme_dashboard")).content.decode()
    heat_row = heat_map.split('data-area="area-a"')[1].split("</tr>")[0]

    def text(value):
        return "" if value is None else f"{value:.1f}"

    for d, api_d in zip(result.dimensions, api["dimensions"], strict=True):
        module = display_round(d.score)
        assert api_d["score"] == module
        assert exported[d.key]["score"] == text(module)
        council = display_round(d.by_sector["council"])
        assert api_d["by_sector"]["council"] == council
        assert exported[d.key]["council"] == text(council)
        row = table.split(f'data-dimension="{d.key}"')[1].split("</tr>")[0]
        if council is not None:
            assert f'<td data-figure="council">{council:.1f}</td>' in row
        cell = heat_row.split(f'data-dimension="{d.key}"')[1].split("</td>")[0]
        assert text(module) in cell
    overall = display_round(result.overall)
    assert api["overall"]["score"] == overall
    assert exported["overall"]["score"] == text(overall)


@pytest.mark.django_db
def test_api_csv_dashboard_and_scoring_agree_for_the_demo_data(client):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from assessments.models import AreaRound, Round
    from assessments.scoring import scores_refresh

    # The refresh the seed queues on commit, without the report rendering that follows it.
    call_command("seed_demo", stdout=io.StringIO())
    for area_round in AreaRound.objects.all():
        scores_refresh(area_round=area_round)
    admin = get_user_model().objects.create_superuser("api-check", "a@example.org", "x" * 16)
    client.force_login(admin)
    checked = 0
    for round_ in Round.objects.all():
        exported = {
            (r["area"], r["dimension"]): r
            for r in csv_rows(client.get(reverse("scores_csv", args=[round_.slug])))
        }
        heat_map = client.get(reverse("programme_dashboard"), {"round": round_.slug})
        heat = heat_map.content.decode()
        for area_round in AreaRound.objects.filter(round=round_).select_related("area"):
            slug = area_round.area.slug
            result = area_round_result(area_round=area_round)
            api = client.get(f"/api/v1/areas/{slug}/rounds/{round_.slug}/scores/").json()
            row = heat.split(f'data-area="{slug}"')[1].split("</tr>")[0]
            if not area_round.is_published:
                # Open rounds: the heat map shows counts only, to everyone.
                assert "data-dimension" not in row
                row = None
            for d, api_d in zip(result.dimensions, api["dimensions"], strict=True):
                shown = display_round(d.score)
                assert api_d["score"] == shown
                assert exported[(slug, d.key)]["score"] == (
                    "" if shown is None else f"{shown:.1f}"
                )
                assert api_d["change"] == display_round(d.change)
                if row is not None:
                    cell = row.split(f'data-dimension="{d.key}"')[1].split("</td>")[0]
                    assert ("withheld" if shown is None else f"{shown:.1f}") in cell or (
                        d.counted == 0
                    )
                checked += 1
            assert api["overall"]["score"] == display_round(result.overall)
    assert checked > 0
