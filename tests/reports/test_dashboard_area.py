"""The area dashboard: charts with data tables, sectors, trend, barriers, comments."""

import datetime
import re

import pytest
from django.urls import reverse

from assessments.scoring import area_round_result, display_round, scores_refresh
from tests.factories import AreaRoundFactory, RoundFactory, publish_results
from tests.reports.conftest import respond


def url(area="area-a", round_="spring"):
    return reverse("area_round_dashboard", args=[area, round_])


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor", "respondent_a", "admin"])
def test_the_areas_people_and_sponsors_see_published_results(client, scored, person):
    client.force_login(getattr(scored, person))
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["result"].area_round == scored.area_round_a


def test_only_administrators_see_figures_before_publication(client, scored_open):
    client.force_login(scored_open.admin)
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["result"].area_round == scored_open.area_round_a


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor"])
def test_coordinators_and_sponsors_see_counts_by_sector_until_publication(
    client, scored_open, person
):
    client.force_login(getattr(scored_open, person))
    response = client.get(url())
    assert response.status_code == 200
    assert "result" not in response.context
    body = response.content.decode()
    assert "Results appear when the round closes and is published." in body
    counts = body.split('id="sector-counts"')[1].split("</table>")[0]
    council = counts.split('data-sector="council"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in council.split('class="text-end">')[1:]] == [
        "0",
        "4",
        "4",
    ]
    # Not one figure of the open round: the area's mean history score is in no cell.
    result = area_round_result(area_round=scored_open.area_round_a)
    history = display_round(result.dimension("history").score)
    assert f"{history:.1f}" not in body
    assert "We work well together" not in body


def test_respondents_wait_for_publication(client, scored_open):
    client.force_login(scored_open.respondent_a)
    response = client.get(url())
    assert response.status_code == 403
    assert "Results appear when the round closes and is published." in response.content.decode()
    assert 'id="sector-counts"' not in response.content.decode()
    publish_results(scored_open.area_round_a)
    assert client.get(url()).status_code == 200


@pytest.mark.parametrize("person", ["coordinator_b", "respondent_b", "outsider"])
def test_people_of_other_areas_get_not_found(client, scored, person):
    client.force_login(getattr(scored, person))
    assert client.get(url()).status_code == 404


def test_an_unknown_round_is_not_found(client, scored):
    client.force_login(scored.sponsor)
    assert client.get(url(round_="nope")).status_code == 404


def test_area_url_redirects_to_the_latest_visible_round(client, scored_open):
    later = RoundFactory(
        slug="autumn",
        opens=scored_open.round.opens + datetime.timedelta(days=100),
        closes=scored_open.round.closes + datetime.timedelta(days=100),
    )
    AreaRoundFactory(area=scored_open.area_a, round=later)
    # Nothing published: a coordinator lands on the latest round's progress.
    client.force_login(scored_open.coordinator_a)
    response = client.get(reverse("area_dashboard", args=["area-a"]))
    assert response.status_code == 302
    assert response["Location"] == url(round_="autumn")
    # A respondent sees only published rounds: spring, once published.
    client.force_login(scored_open.respondent_a)
    waiting = client.get(reverse("area_dashboard", args=["area-a"]))
    assert waiting.status_code == 200
    assert "no results for you to see yet" in waiting.content.decode()
    publish_results(scored_open.area_round_a)
    response = client.get(reverse("area_dashboard", args=["area-a"]))
    assert response["Location"] == url()
    # The coordinator now lands on the published spring results, told autumn is under way.
    client.force_login(scored_open.coordinator_a)
    response = client.get(reverse("area_dashboard", args=["area-a"]))
    assert response["Location"] == url()
    body = client.get(url()).content.decode()
    assert "is in progress: results appear when the round closes and is published" in body


def test_it_shows_charts_with_text_alternatives_and_data_tables(client, scored):
    client.force_login(scored.coordinator_a)
    body = client.get(url()).content.decode()
    for chart in ("chart-radar", "chart-sectors", "chart-trend", "chart-barriers"):
        assert chart in body
    assert body.count("<title id=") == 4
    assert body.count("<desc id=") == 4
    for table in ("dimension-table", "sector-table", "trend-table", "barrier-table"):
        assert f'id="{table}"' in body
    assert 'style="' not in body.split("<main")[1]


def test_it_flags_dimensions_seen_differently(client, scored):
    client.force_login(scored.coordinator_a)
    response = client.get(url())
    result = response.context["result"]
    assert any(d.seen_differently for d in result.dimensions)
    body = response.content.decode()
    table = body.split('id="sector-table"')[1].split("</table>")[0]
    for d in result.dimensions:
        row = table.split(f'data-dimension="{d.key}"')[1].split("</tr>")[0]
        flag = "<strong>Yes</strong>" if d.seen_differently else "No"
        assert f'<td data-figure="seen_differently">{flag}</td>' in row
    assert "⚑ Seen differently" in body  # the chart's flag, in words


def test_it_escapes_comments_and_shows_no_names(client, scored):
    client.force_login(scored.coordinator_a)
    body = client.get(url()).content.decode()
    assert "&lt;script&gt;alert(" in body
    assert "<script>alert(" not in body
    assert "respondent_a" not in body.split("<main")[1].split("</main>")[0]


def test_small_groups_are_withheld_and_have_no_comments(client, scored):
    client.force_login(scored.coordinator_b)
    response = client.get(url(area="area-b"))
    result = response.context["result"]
    assert result.comments == {}
    assert all(d.score is None for d in result.dimensions)
    body = response.content.decode()
    assert "withheld" in body
    assert "Not enough responses yet to show statements." in body


def test_dashboard_table_matches_the_scoring_module(client, scored):
    client.force_login(scored.sponsor)
    body = client.get(url()).content.decode()
    table = body.split('id="dimension-table"')[1].split("</table>")[0]
    result = area_round_result(area_round=scored.area_round_a)
    for d in result.dimensions:
        row = table.split(f'data-dimension="{d.key}"')[1].split("</tr>")[0]
        assert f'<td data-figure="score">{display_round(d.score):.1f}</td>' in row


def test_trend_covers_earlier_rounds(client, scored):
    earlier = RoundFactory(
        slug="winter",
        name="Winter round",
        opens=scored.round.opens - datetime.timedelta(days=200),
        closes=scored.round.opens - datetime.timedelta(days=150),
    )
    before = AreaRoundFactory(area=scored.area_a, round=earlier)
    respond(before, 3, default=3)
    publish_results(before)
    client.force_login(scored.coordinator_a)
    response = client.get(url())
    assert [r.area_round.round.slug for r in response.context["trend"]] == ["winter", "spring"]
    assert "Winter round" in response.content.decode()


def test_an_unpublished_earlier_round_is_neither_trend_nor_previous(client, scored):
    earlier = RoundFactory(
        slug="winter",
        name="Winter round",
        opens=scored.round.opens - datetime.timedelta(days=200),
        closes=scored.round.opens - datetime.timedelta(days=150),
    )
    before = AreaRoundFactory(area=scored.area_a, round=earlier, status="closed")
    respond(before, 3, default=3)
    scores_refresh(area_round=before)
    for person in (scored.coordinator_a, scored.sponsor):
        client.force_login(person)
        response = client.get(url())
        body = response.content.decode()
        if "trend" in response.context:  # the first request renders; the next is cached
            assert [r.area_round.round.slug for r in response.context["trend"]] == ["spring"]
            assert all(d.previous is None for d in response.context["result"].dimensions)
        previous_cells = re.findall(r'data-figure="previous">(.*?)</td>', body, re.S)
        assert not any(re.search(r"\d", cell) for cell in previous_cells)
        assert "Winter round is closed; its results are not published yet." in body
        assert "Winter round" not in body.split('id="trend-table"')[1].split("</table>")[0]
