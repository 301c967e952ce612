"""The area dashboard: charts with data tables, sectors, trend, barriers, comments."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import AreaRound
from assessments.scoring import area_round_result, display_round, scores_refresh
from tests.factories import AreaRoundFactory, RoundFactory
from tests.reports.conftest import respond


def url(area="area-a", round_="spring"):
    return reverse("area_round_dashboard", args=[area, round_])


def publish(area_round):
    AreaRound.objects.filter(pk=area_round.pk).update(results_published_at=timezone.now())


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor", "admin"])
def test_coordinators_and_sponsors_see_results_before_publication(client, scored, person):
    client.force_login(getattr(scored, person))
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["result"].area_round == scored.area_round_a


def test_respondents_wait_for_publication(client, scored):
    client.force_login(scored.respondent_a)
    assert client.get(url()).status_code == 403
    publish(scored.area_round_a)
    assert client.get(url()).status_code == 200


@pytest.mark.parametrize("person", ["coordinator_b", "respondent_b", "outsider"])
def test_people_of_other_areas_get_not_found(client, scored, person):
    client.force_login(getattr(scored, person))
    assert client.get(url()).status_code == 404


def test_an_unknown_round_is_not_found(client, scored):
    client.force_login(scored.sponsor)
    assert client.get(url(round_="nope")).status_code == 404


def test_area_url_redirects_to_the_latest_visible_round(client, scored):
    later = RoundFactory(
        slug="autumn",
        opens=scored.round.opens + datetime.timedelta(days=100),
        closes=scored.round.closes + datetime.timedelta(days=100),
    )
    AreaRoundFactory(area=scored.area_a, round=later)
    client.force_login(scored.coordinator_a)
    response = client.get(reverse("area_dashboard", args=["area-a"]))
    assert response.status_code == 302
    assert response["Location"] == url(round_="autumn")
    # A respondent sees only published rounds: spring, once published.
    client.force_login(scored.respondent_a)
    waiting = client.get(reverse("area_dashboard", args=["area-a"]))
    assert waiting.status_code == 200
    assert "no results for you to see yet" in waiting.content.decode()
    publish(scored.area_round_a)
    response = client.get(reverse("area_dashboard", args=["area-a"]))
    assert response["Location"] == url()


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
    scores_refresh(area_round=before)
    client.force_login(scored.coordinator_a)
    response = client.get(url())
    assert [r.area_round.round.slug for r in response.context["trend"]] == ["winter", "spring"]
    assert "Winter round" in response.content.decode()
