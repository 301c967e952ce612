"""The programme dashboard: sponsors' heat map of every area and dimension."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.scoring import scores_refresh
from profiles.services import recognition_create
from tests.factories import (
    AreaRoundFactory,
    CouncilAreaFactory,
    RoundFactory,
    publish_results,
    submitted_response,
)
from tests.reports.conftest import respond

URL = reverse("programme_dashboard")


@pytest.mark.parametrize("person", ["sponsor", "admin"])
def test_sponsors_and_admins_see_every_area(client, scored, person):
    client.force_login(getattr(scored, person))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Area A" in body and "Area B" in body
    rows = {row.result.area_round.area.slug: row for row in response.context["rows"]}
    assert rows["area-a"].result.overall is not None
    assert "overall" in rows["area-b"].result.withheld


@pytest.mark.parametrize("person", ["coordinator_a", "respondent_a", "outsider"])
def test_others_may_not_see_it(client, scored, person):
    client.force_login(getattr(scored, person))
    assert client.get(URL).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, scored):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_heat_map_shows_scores_with_rating_words(client, scored):
    client.force_login(scored.sponsor)
    body = client.get(URL).content.decode()
    row_a = body.split('data-area="area-a"')[1].split("</tr>")[0]
    assert 'class="heat-' in row_a
    assert any(word in row_a for word in ("Good", "Needs attention", "Serious concern"))
    row_b = body.split('data-area="area-b"')[1].split("</tr>")[0]
    assert "withheld" in row_b
    assert reverse("area_round_dashboard", args=["area-a", "spring"]) in body
    assert reverse("report_status", args=["area-a", "spring"]) in body


def test_it_filters_by_region_and_council_type(client, scored):
    scored.area_b.region = "Wales"
    scored.area_b.council_type = "welsh_principal"
    scored.area_b.save()
    client.force_login(scored.sponsor)
    by_region = client.get(URL, {"round": "spring", "region": "Wales"})
    assert [r.area.slug for r in by_region.context["rows"]] == ["area-b"]
    by_type = client.get(URL, {"round": "spring", "council_type": "district"})
    assert [r.area.slug for r in by_type.context["rows"]] == ["area-a"]


def test_it_filters_by_round_and_highlights_improvers(client, scored):
    later = RoundFactory(
        slug="autumn",
        name="Autumn round",
        opens=scored.round.opens + datetime.timedelta(days=100),
        closes=scored.round.closes + datetime.timedelta(days=100),
    )
    area_round = AreaRoundFactory(area=scored.area_a, round=later)
    respond(area_round, 3, default=5)
    scores_refresh(area_round=area_round)
    client.force_login(scored.sponsor)
    # Open: counts only, nobody "improved" yet.
    response = client.get(URL, {"round": "autumn"})
    [row] = response.context["rows"]
    assert row.result is None and not row.improved
    assert "Improved +" not in response.content.decode()
    publish_results(area_round)
    response = client.get(URL, {"round": "autumn"})
    [row] = response.context["rows"]
    assert row.improved
    assert response.context["improvers"] == 1
    assert "Improved +" in response.content.decode()
    spring = client.get(URL, {"round": "spring"})
    assert len(spring.context["rows"]) == 2


def test_an_unknown_round_is_reported_in_the_error_summary(client, scored):
    client.force_login(scored.sponsor)
    response = client.get(URL, {"round": "no-such-round"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def _areas(world, n):
    """``n`` more areas with figures, each recognised for innovation worth sharing."""
    for _ in range(n):
        area_round = AreaRoundFactory(area=CouncilAreaFactory(), round=world.round)
        submitted_response(area_round=area_round, default=4)
        publish_results(area_round)
        recognition_create(
            area=area_round.area,
            user=world.sponsor,
            title="Shared practice",
            note="What the area did.",
            round=world.round,
        )


def _queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"round": "spring"})
    assert response.status_code == 200
    assert len(response.context["recognitions"]) == len(response.context["rows"]) - 2
    return len(queries), len(response.context["rows"])


def test_it_renders_in_a_constant_number_of_queries(client, world):
    client.force_login(world.sponsor)
    _areas(world, 3)  # with area A and B: 5 areas
    five, rows_five = _queries_for(client)
    _areas(world, 45)
    fifty, rows_fifty = _queries_for(client)
    assert (rows_five, rows_fifty) == (5, 50)
    assert five == fifty


def _rows_on(response) -> list[str]:
    return [r.area.slug for r in response.context["rows"]]


def test_the_heat_map_shows_a_page_of_areas_at_a_time(client, scored, monkeypatch):
    monkeypatch.setattr("reports.views.dashboards.AREAS_PER_PAGE", 1)
    client.force_login(scored.sponsor)
    first = client.get(URL, {"round": "spring"})
    second = client.get(URL, {"round": "spring", "page": "2"})
    assert (_rows_on(first), _rows_on(second)) == (["area-a"], ["area-b"])
    body = second.content.decode()
    assert "Spring round: 2 areas." in " ".join(body.split())
    assert "Showing areas 2 to 2 of 2." in " ".join(body.split())
    nav = body.split('aria-label="Pages of areas"')[1].split("</nav>")[0]
    assert 'href="?round=spring&amp;page=1#programme-heat-map"' in nav
    assert 'aria-current="page" href="?round=spring&amp;page=2#programme-heat-map"' in nav


def test_page_links_keep_the_filters(client, scored, monkeypatch):
    monkeypatch.setattr("reports.views.dashboards.AREAS_PER_PAGE", 1)
    area_c = CouncilAreaFactory(name="Area C", slug="area-c", gss_code="E07000003", region="Wales")
    AreaRoundFactory(area=area_c, round=scored.round)
    scored.area_b.region = "Wales"
    scored.area_b.save()
    client.force_login(scored.sponsor)
    body = client.get(URL, {"round": "spring", "region": "Wales"}).content.decode()
    nav = body.split('aria-label="Pages of areas"')[1].split("</nav>")[0]
    assert 'href="?round=spring&amp;region=Wales&amp;page=2#programme-heat-map"' in nav


@pytest.mark.parametrize(
    ("asked", "shown"), [("0", "area-a"), ("many", "area-a"), ("99", "area-b")]
)
def test_a_page_out_of_range_shows_the_nearest_page(client, scored, monkeypatch, asked, shown):
    monkeypatch.setattr("reports.views.dashboards.AREAS_PER_PAGE", 1)
    client.force_login(scored.sponsor)
    response = client.get(URL, {"round": "spring", "page": asked})
    assert response.status_code == 200
    assert _rows_on(response) == [shown]


def test_one_page_of_areas_has_no_page_links(client, scored):
    client.force_login(scored.sponsor)
    assert "Pages of areas" not in client.get(URL, {"round": "spring"}).content.decode()
