"""The programme dashboard serves its figures from the cache until the data changes: a
change to answers, settings, a publication or a recognition gives a new cache key, so the
next request shows the new figure."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Dimension, Question
from assessments.scoring import scores_mark_changed
from assessments.services.invitations import invitations_create
from assessments.services.responses import AnswerInput, response_save_page, response_start
from assessments.services.rounds import (
    area_round_close,
    area_round_publish,
    area_round_republish,
)
from partnerships.models import Sector
from profiles.services import recognition_create
from reports.selectors import programme_figures_version
from tests.factories import publish_results
from tests.reports.conftest import respond

URL = reverse("programme_dashboard") + "?round=spring"
WITHHELD = "withheld (fewer than 3 people)"


def _cell(body: str, area: str, dimension: str) -> str:
    row = body.split(f'data-area="{area}"')[1].split("</tr>")[0]
    cell = row.split(f'data-dimension="{dimension}"')[1].split("</td>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell.split(">", 1)[1])).strip()


def _figures(response) -> str:
    body = response.content.decode()
    return body[body.index('<p class="lead">') : body.index("</main>")]


def count_statements(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return response, captured.captured_queries


def _refreshed(area_round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scores_mark_changed(area_round=area_round, reason="test")


def test_a_second_request_is_served_from_the_cache_in_fewer_statements(client, scored):
    client.force_login(scored.sponsor)
    first, miss = count_statements(lambda: client.get(URL))
    second, hit = count_statements(lambda: client.get(URL))
    third, hit_again = count_statements(lambda: client.get(URL))
    assert "rows" in first.context and "rows" not in second.context
    assert len(hit) < len(miss)
    assert len(hit) == len(hit_again)
    assert _cell(first.content.decode(), "area-a", "history") == _cell(
        second.content.decode(), "area-a", "history"
    )
    assert _figures(first) == _figures(second) == _figures(third)


def test_new_submissions_show_in_the_counts_on_the_next_request(
    client, scored_open, django_capture_on_commit_callbacks
):
    client.force_login(scored_open.sponsor)
    assert _asked(client.get(URL).content.decode(), "area-b") == "2 of 2 asked"
    respond(scored_open.area_round_b, 3, Sector.VCS, default=5)
    _refreshed(scored_open.area_round_b, django_capture_on_commit_callbacks)
    assert _asked(client.get(URL).content.decode(), "area-b") == "5 of 5 asked"
    row_b = client.get(URL).content.decode().split('data-area="area-b"')[1].split("</tr>")[0]
    assert "Results appear when the round closes and is published." in row_b
    assert "data-dimension" not in row_b


def test_published_figures_change_only_when_published_again(
    client, scored, django_capture_on_commit_callbacks
):
    client.force_login(scored.sponsor)
    before = _cell(client.get(URL).content.decode(), "area-a", "capacity")
    capacity = Question.objects.filter(dimension__key="capacity")
    Answer.objects.filter(response__area_round=scored.area_round_a, question__in=capacity).update(
        value=1, dont_know=False
    )
    _refreshed(scored.area_round_a, django_capture_on_commit_callbacks)
    assert _cell(client.get(URL).content.decode(), "area-a", "capacity") == before
    with django_capture_on_commit_callbacks(execute=True):
        area_round_republish(
            area_round=scored.area_round_a, by=scored.admin, reason="Paper forms corrected"
        )
    assert _cell(client.get(URL).content.decode(), "area-a", "capacity") != before


def test_a_settings_change_shows_once_published_again(
    client, scored, django_capture_on_commit_callbacks
):
    client.force_login(scored.sponsor)
    assert _cell(client.get(URL).content.decode(), "area-b", "overall") == WITHHELD
    framework = scored.round.framework
    framework.min_group_size = 1
    with django_capture_on_commit_callbacks(execute=True):
        framework.save()
    assert _cell(client.get(URL).content.decode(), "area-b", "overall") == WITHHELD
    with django_capture_on_commit_callbacks(execute=True):
        area_round_republish(
            area_round=scored.area_round_b, by=scored.admin, reason="Smaller groups shown"
        )
    assert _cell(client.get(URL).content.decode(), "area-b", "overall") != WITHHELD


def test_publishing_shows_on_the_next_request(client, scored_open):
    area_round_close(area_round=scored_open.area_round_a)
    client.force_login(scored_open.sponsor)
    row_a = client.get(URL).content.decode().split('data-area="area-a"')[1].split("</tr>")[0]
    assert "Results published" not in row_a
    assert "data-in-progress" in row_a
    area_round_publish(area_round=scored_open.area_round_a)
    row_a = client.get(URL).content.decode().split('data-area="area-a"')[1].split("</tr>")[0]
    assert "Results published" in row_a
    assert "data-in-progress" not in row_a


def test_a_new_recognition_shows_on_the_next_request(client, scored):
    client.force_login(scored.sponsor)
    assert "Street-level grants" not in client.get(URL).content.decode()
    recognition_create(
        area=scored.area_a,
        user=scored.sponsor,
        title="Street-level grants",
        note="Small grants decided together.",
        round=scored.round,
    )
    assert "Street-level grants" in client.get(URL).content.decode()


def test_each_filter_has_its_own_entry(client, scored):
    scored.area_b.region = "Wales"
    scored.area_b.save()
    client.force_login(scored.sponsor)
    client.get(URL)
    filtered = client.get(URL + "&region=Wales")
    assert [row.area.slug for row in filtered.context["rows"]] == ["area-b"]
    assert 'data-area="area-a"' not in filtered.content.decode()


AREA_URL = reverse("area_round_dashboard", kwargs={"area": "area-a", "round": "spring"})


def _area_figure(client, dimension="history", figure="score") -> str:
    body = client.get(AREA_URL).content.decode()
    table = body.split('id="dimension-table"')[1]
    row = table.split(f'data-dimension="{dimension}"')[1].split("</tr>")[0]
    return row.split(f'data-figure="{figure}">')[1].split("</td>")[0].strip()


def test_the_area_dashboard_is_served_from_the_cache_until_its_answers_change(
    client, scored_open, django_capture_on_commit_callbacks
):
    # Only an administrator sees an open round's figures, live.
    client.force_login(scored_open.admin)
    first = client.get(AREA_URL)
    second = client.get(AREA_URL)
    assert "result" in first.context and "result" not in second.context
    before = _area_figure(client)
    respond(scored_open.area_round_a, 5, Sector.COUNCIL, default=1)
    _refreshed(scored_open.area_round_a, django_capture_on_commit_callbacks)
    assert _area_figure(client) != before


def test_another_areas_published_figures_change_the_programme_median_shown(
    client, scored_open, django_capture_on_commit_callbacks
):
    publish_results(scored_open.area_round_a)
    client.force_login(scored_open.sponsor)
    before = _area_figure(client, figure="programme_median")
    # Area B's answers while its round is open must not move the median anyone sees:
    # before and after one submission would tell what that person said.
    respond(scored_open.area_round_b, 5, Sector.COUNCIL, default=1)
    _refreshed(scored_open.area_round_b, django_capture_on_commit_callbacks)
    assert _area_figure(client, figure="programme_median") == before
    publish_results(scored_open.area_round_b)
    assert _area_figure(client, figure="programme_median") != before


def test_a_profile_change_shows_on_the_area_dashboard(client, scored):
    client.force_login(scored.sponsor)
    assert "Street-level grants" not in client.get(AREA_URL).content.decode()
    recognition_create(
        area=scored.area_a, user=scored.sponsor, title="Street-level grants", note="Together."
    )
    assert "Street-level grants" in client.get(AREA_URL).content.decode()


def test_access_is_checked_before_the_cache(client, scored):
    client.force_login(scored.sponsor)
    assert client.get(AREA_URL).status_code == 200
    client.force_login(scored.coordinator_b)
    assert client.get(AREA_URL).status_code == 404
    client.force_login(scored.outsider)
    assert client.get(URL).status_code == 403


def test_an_unreachable_cache_is_a_miss_not_an_error(client, scored, monkeypatch):
    from reports.views import dashboards as views

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(views, "cache", Down())
    client.force_login(scored.sponsor)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-area="area-a"' in response.content.decode()
    assert client.get(AREA_URL).status_code == 200


def test_a_renamed_area_shows_its_new_name_on_the_next_request(client, scored):
    client.force_login(scored.sponsor)
    assert "Area A" in client.get(URL).content.decode()
    area = scored.area_round_a.area
    area.name = "Renamed Borough"
    area.save()
    body = client.get(URL).content.decode()
    assert "Renamed Borough" in body


def _asked(body: str, area: str) -> str:
    row = body.split(f'data-area="{area}"')[1].split("</tr>")[0]
    match = re.search(r"(\d+) of (\d+) asked|Nobody asked yet", row)
    return match.group(0)


def test_new_invitations_show_in_the_response_rate_on_the_next_request(client, scored_open):
    client.force_login(scored_open.sponsor)
    before = _asked(client.get(URL).content.decode(), "area-a")
    invitations_create(
        area_round=scored_open.area_round_a,
        emails_text="one@example.org\ntwo@example.org",
        sector=Sector.VCS,
    )
    after = _asked(client.get(URL).content.decode(), "area-a")
    assert (before, after) == ("7 of 7 asked", "7 of 9 asked")


def test_a_response_started_without_an_invitation_counts_as_asked_at_once(client, scored_open):
    client.force_login(scored_open.sponsor)
    assert _asked(client.get(URL).content.decode(), "area-a") == "7 of 7 asked"
    draft = response_start(
        user=scored_open.respondent_a, area_round=scored_open.area_round_a, sector=Sector.VCS
    )
    assert _asked(client.get(URL).content.decode(), "area-a") == "7 of 8 asked"
    draft.delete()
    assert _asked(client.get(URL).content.decode(), "area-a") == "7 of 7 asked"


def test_saving_a_draft_page_leaves_the_programme_figures_cached(client, scored_open):
    draft = response_start(
        user=scored_open.respondent_a, area_round=scored_open.area_round_a, sector=Sector.VCS
    )
    version = programme_figures_version(round=scored_open.round)
    dimension = Dimension.objects.filter(framework=scored_open.round.framework).first()
    question = dimension.questions.first()
    response_save_page(
        response=draft, dimension=dimension, answers={question.pk: AnswerInput(value=4)}
    )
    assert programme_figures_version(round=scored_open.round) == version
