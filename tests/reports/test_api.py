"""The JSON API: areas and scores, permission-checked per signed-in person."""

import pytest
from django.urls import reverse

from assessments.scoring import area_round_result, display_round
from tests.factories import publish_results

AREAS = "/api/v1/areas/"


def scores_url(area="area-a", round_="spring"):
    return f"/api/v1/areas/{area}/rounds/{round_}/scores/"


def test_urls_are_named():
    assert reverse("api:api_areas") == AREAS
    assert reverse("api:api_area_round_scores", args=["area-a", "spring"]) == scores_url()


def test_signed_out_callers_get_401(client, scored):
    assert client.get(AREAS).status_code == 401
    assert client.get(scores_url()).status_code == 401


def test_areas_lists_only_what_the_person_may_see(client, scored_open):
    client.force_login(scored_open.coordinator_a)
    body = client.get(AREAS).json()
    assert [a["slug"] for a in body] == ["area-a"]
    assert [(r["slug"], r["published"]) for r in body[0]["rounds"]] == [("spring", False)]
    client.force_login(scored_open.sponsor)
    assert [a["slug"] for a in client.get(AREAS).json()] == ["area-a", "area-b"]
    client.force_login(scored_open.respondent_a)
    [area] = client.get(AREAS).json()
    assert area["rounds"] == []  # not published yet
    publish_results(scored_open.area_round_a)
    [area] = client.get(AREAS).json()
    assert [(r["slug"], r["published"]) for r in area["rounds"]] == [("spring", True)]


def test_scores_follow_the_published_shape(client, scored):
    client.force_login(scored.sponsor)
    response = client.get(scores_url())
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "area",
        "round",
        "respondents",
        "overall",
        "dimensions",
        "barriers",
        "strengths",
        "priorities",
        "withheld",
    }
    assert body["area"] == "area-a" and body["round"] == "spring"
    assert body["respondents"] == {"total": 7, "council": 4, "vcs": 3, "other": 0}
    assert set(body["overall"]) == {"score", "rating"}
    dimension = body["dimensions"][0]
    assert set(dimension) == {
        "key",
        "name",
        "core",
        "score",
        "rating",
        "by_sector",
        "withheld",
        "gap",
        "seen_differently",
        "programme_median",
        "previous",
        "change",
    }
    assert set(dimension["by_sector"]) == {"council", "vcs", "other"}
    assert [b["key"] for b in body["barriers"]] == ["resources", "skills", "agendas", "timescales"]
    statement = body["strengths"][0]
    assert set(statement) == {"code", "dimension", "text", "reading", "reverse", "score"}
    assert body["withheld"] == []  # four council and three VCS respondents: all shown


def test_scores_agree_with_the_scoring_module_to_one_decimal(client, scored):
    client.force_login(scored.sponsor)
    body = client.get(scores_url()).json()
    result = area_round_result(area_round=scored.area_round_a)
    assert body["overall"]["score"] == display_round(result.overall)
    for got, want in zip(body["dimensions"], result.dimensions, strict=True):
        assert got["key"] == want.key
        assert got["score"] == display_round(want.score)
        assert got["by_sector"]["council"] == display_round(want.by_sector["council"])
        assert got["gap"] == display_round(want.gap)
        assert got["seen_differently"] == want.seen_differently
        assert got["programme_median"] == display_round(want.programme_median)
        for number in (got["score"], got["gap"]):
            assert number is None or round(number, 1) == number


def test_withheld_figures_are_null_and_listed(client, scored):
    client.force_login(scored.sponsor)
    body = client.get(scores_url(area="area-b")).json()
    assert body["overall"] == {"score": None, "rating": None}
    for dimension in body["dimensions"]:
        assert dimension["score"] is None
        assert "all" in dimension["withheld"]
        assert f"{dimension['key']}:all" in body["withheld"]
    assert all(b["share"] is None for b in body["barriers"])
    assert "overall" in body["withheld"]
    assert {f"barrier:{b['key']}" for b in body["barriers"]} <= set(body["withheld"])
    assert body["strengths"] == [] and body["priorities"] == []


def test_a_withheld_or_unknown_gap_is_not_seen_differently_but_null(client, scored):
    """Area B's two council respondents: no gap, and no "not seen differently" either."""
    client.force_login(scored.sponsor)
    withheld = client.get(scores_url(area="area-b")).json()
    assert all(d["gap"] is None for d in withheld["dimensions"])
    assert all(d["seen_differently"] is None for d in withheld["dimensions"])
    shown = client.get(scores_url()).json()
    assert all(isinstance(d["seen_differently"], bool) for d in shown["dimensions"])


def test_statements_read_in_the_scored_direction(client, scored):
    """A reverse-worded statement comes with its positive reading and the wording as asked;
    others read as asked."""
    client.force_login(scored.sponsor)
    body = client.get(scores_url()).json()
    statements = body["strengths"] + body["priorities"]
    assert statements
    for statement in statements:
        if statement["reverse"]:
            assert statement["reading"] and statement["reading"] != statement["text"]
        else:
            assert statement["reading"] == statement["text"]


@pytest.mark.parametrize("person", ["coordinator_b", "respondent_b", "outsider"])
def test_other_areas_are_not_found(client, scored, person):
    client.force_login(getattr(scored, person))
    assert client.get(scores_url()).status_code == 404


@pytest.mark.parametrize("person", ["respondent_a", "coordinator_a", "sponsor"])
def test_nobody_but_administrators_gets_scores_before_publication(client, scored_open, person):
    client.force_login(getattr(scored_open, person))
    response = client.get(scores_url())
    assert response.status_code == 403
    assert "score" not in response.content.decode()
    if person != "respondent_a":
        assert response.json() == {
            "detail": "Results appear when the round closes and is published."
        }
    client.force_login(scored_open.admin)
    assert client.get(scores_url()).status_code == 200
    publish_results(scored_open.area_round_a)
    client.force_login(getattr(scored_open, person))
    assert client.get(scores_url()).status_code == 200


def progress_url(area="area-a", round_="spring"):
    return reverse("api:api_area_round_progress", kwargs={"area": area, "round": round_})


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor", "admin"])
def test_progress_gives_counts_by_sector_only(client, scored_open, person):
    client.force_login(getattr(scored_open, person))
    body = client.get(progress_url()).json()
    assert body["status"] == "open" and body["published"] is False
    submitted = {row["sector"]: row["submitted"] for row in body["sectors"]}
    assert submitted == {"council": 4, "vcs": 3, "other": 0}
    assert set(body) == {"area", "round", "status", "published", "sectors"}


@pytest.mark.parametrize(
    ("person", "status"),
    [("respondent_a", 403), ("coordinator_b", 404), ("outsider", 404)],
)
def test_progress_is_for_coordinators_and_sponsors(client, scored_open, person, status):
    client.force_login(getattr(scored_open, person))
    assert client.get(progress_url()).status_code == status


def test_unknown_round_is_not_found(client, scored):
    client.force_login(scored.sponsor)
    assert client.get(scores_url(round_="nope")).status_code == 404


def test_openapi_description_is_served(client, scored):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "PIP Portal API"
    paths = schema["paths"]
    assert "/api/v1/areas/" in paths
    assert "/api/v1/areas/{area}/rounds/{round}/scores/" in paths
    schemas = schema["components"]["schemas"]
    assert "ScoresOut" in schemas
    # A flag without a gap to judge is null, not false: the schema says it may be.
    flag = schemas["DimensionOut"]["properties"]["seen_differently"]
    assert {"type": "null"} in flag["anyOf"] and {"type": "boolean"} in flag["anyOf"]
    scores = schemas["ScoresOut"]["properties"]
    assert scores["withheld"]["type"] == "array"
    assert scores["strengths"]["items"] == {"$ref": "#/components/schemas/StatementOut"}
    client.force_login(scored.sponsor)
    assert client.get("/api/v1/docs").status_code == 200


def test_previous_and_change_come_only_from_a_published_earlier_round(client, scored):
    import datetime

    from assessments.scoring import scores_refresh
    from tests.factories import AreaRoundFactory, RoundFactory
    from tests.reports.conftest import respond

    earlier = RoundFactory(
        slug="winter",
        opens=scored.round.opens - datetime.timedelta(days=200),
        closes=scored.round.opens - datetime.timedelta(days=150),
    )
    before = AreaRoundFactory(area=scored.area_a, round=earlier, status="closed")
    respond(before, 3, default=1)
    scores_refresh(area_round=before)  # closed, never published
    client.force_login(scored.sponsor)
    body = client.get(scores_url()).json()
    assert all(d["previous"] is None and d["change"] is None for d in body["dimensions"])
    publish_results(before)
    body = client.get(scores_url()).json()
    assert all(d["previous"] is not None for d in body["dimensions"])
