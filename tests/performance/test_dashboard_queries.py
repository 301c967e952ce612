"""The dashboards read stored figures in a fixed number of SQL statements: the programme
dashboard issues as many for 50 areas as for 5 (issue 7: at most 15)."""

from django.urls import reverse

from partnerships.models import Sector
from tests.factories import (
    AreaRoundFactory,
    CouncilAreaFactory,
    publish_results,
    submitted_response,
)

PROGRAMME_DASHBOARD_STATEMENTS = 12  # on a cache miss; 1 reads the figures' version
# On a miss: 9 read the area profile, 1 the version, 1 the publication history.
AREA_DASHBOARD_STATEMENTS = 21
# Served from the cache: session, user, memberships, the figures' version, and the filters'
# regions and rounds (programme) or the area's rounds with the area (area).
PROGRAMME_DASHBOARD_CACHED_STATEMENTS = 6
AREA_DASHBOARD_CACHED_STATEMENTS = 5


def _areas_with_figures(round_, count: int, start: int, sectors=(Sector.COUNCIL,)) -> None:
    for number in range(start, start + count):
        area = CouncilAreaFactory(
            name=f"Budget area {number:03d}",
            slug=f"budget-area-{number:03d}",
            gss_code=f"E08{number:06d}",
        )
        area_round = AreaRoundFactory(area=area, round=round_)
        for sector in sectors:
            submitted_response(area_round=area_round, sector=sector, default=4)
        publish_results(area_round)


def test_the_programme_dashboard_takes_the_same_statements_for_5_and_50_areas(
    client, world, count_statements
):
    client.force_login(world.sponsor)
    url = reverse("programme_dashboard") + f"?round={world.round.slug}"
    _areas_with_figures(
        world.round, 3, start=1, sectors=[Sector.COUNCIL] * 3
    )  # with area A and B: 5 areas
    response, five = count_statements(lambda: client.get(url))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 5
    _areas_with_figures(world.round, 45, start=4)
    response, fifty = count_statements(lambda: client.get(url))
    assert len(response.context["rows"]) == 50
    assert len(five) == len(fifty) == PROGRAMME_DASHBOARD_STATEMENTS, "\n".join(fifty)


def test_the_area_dashboard_takes_a_fixed_number_of_statements(client, world, count_statements):
    area_round = world.area_round_a
    for sector in (Sector.COUNCIL, Sector.COUNCIL, Sector.COUNCIL, Sector.VCS, Sector.VCS):
        submitted_response(area_round=area_round, sector=sector, default=3)
    publish_results(area_round)
    client.force_login(world.sponsor)
    url = reverse(
        "area_round_dashboard", kwargs={"area": world.area_a.slug, "round": world.round.slug}
    )
    response, sql = count_statements(lambda: client.get(url))
    assert response.status_code == 200
    assert response.context["result"].respondents["total"] == 5
    assert len(sql) == AREA_DASHBOARD_STATEMENTS, "\n".join(sql)
    _, cached = count_statements(lambda: client.get(url))
    assert len(cached) == AREA_DASHBOARD_CACHED_STATEMENTS, "\n".join(cached)


def test_the_programme_dashboard_from_the_cache_takes_fewer_statements(
    client, world, count_statements
):
    client.force_login(world.sponsor)
    url = reverse("programme_dashboard") + f"?round={world.round.slug}"
    _areas_with_figures(world.round, 10, start=1)
    _, miss = count_statements(lambda: client.get(url))
    _, hit = count_statements(lambda: client.get(url))
    assert len(miss) == PROGRAMME_DASHBOARD_STATEMENTS
    assert len(hit) == PROGRAMME_DASHBOARD_CACHED_STATEMENTS, "\n".join(hit)
