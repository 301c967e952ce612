"""Storing a response takes the same, small number of SQL statements whatever the number of
statements on the page or in the framework (issue 7: at most 12)."""

from unittest import mock

from django.urls import reverse

from assessments import scoring
from assessments.models import Response, ResponseStatus
from assessments.scoring import scores_refresh
from assessments.tasks import refresh_scores
from tests.assessments.conftest import area_round_with, make_framework

# Exact budgets. If a change moves one of these, look at the SQL (pytest -vv prints it) and
# update docs/benchmarks.md with the reason.
# Saving a page: 3 session/sign-in/access (session read, user, memberships),
# area round (with area, round, framework), response, dimensions, page questions,
# response claimed (UPDATE, the row lock), answers upsert, comment upsert.
SAVE_PAGE_STATEMENTS = 10
# Submitting, the request itself: the 3, area round, response, the conditional UPDATE
# (still a draft, something answered), data_version bump. The refresh is a Celery task.
SUBMIT_STATEMENTS = 7
# A score refresh (the Celery task; in-process here): lock, 2 aggregates, respondents,
# 2 upserts, scores_version; plus dimensions and questions on the first refresh of a
# framework in the process (published frameworks are then cached).
REFRESH_STATEMENTS = 7
REFRESH_STATEMENTS_FIRST = REFRESH_STATEMENTS + 2


def _answer_page(count: int) -> dict:
    data = {f"statement-{i}": str(1 + i % 5) for i in range(1, count + 1)}
    return {**data, "comment": "Works well.", "action": "next"}


def _started(client, world, per_page: int, slug: str):
    framework = make_framework(questions_per_dimension=[per_page, per_page])
    area_round = area_round_with(framework, world.area_a, slug=slug)
    kwargs = {"area": area_round.area.slug, "round": area_round.round.slug}
    client.force_login(world.respondent_a)
    assert (
        client.post(reverse("assessment_start", kwargs=kwargs), {"sector": "vcs"}).status_code
        == 302
    )
    return area_round, kwargs


def _save_first_page(client, count_statements, world, per_page: int, slug: str):
    area_round, kwargs = _started(client, world, per_page, slug)
    url = reverse("assessment_page", kwargs={**kwargs, "page": 1})
    response, sql = count_statements(lambda: client.post(url, _answer_page(per_page)))
    assert response.status_code == 302
    saved = Response.objects.get(area_round=area_round, user=world.respondent_a)
    assert saved.answers.exclude(value=None).count() == per_page
    return sql


def test_saving_a_page_takes_the_same_statements_for_2_or_15_questions(
    client, world, count_statements
):
    small = _save_first_page(client, count_statements, world, 2, "small")
    large = _save_first_page(client, count_statements, world, 15, "large")
    assert len(small) == len(large) == SAVE_PAGE_STATEMENTS, "\n".join(large)


def _submit(client, count_statements, world, per_page: int, slug: str, *, queued=False):
    """Submit through the view: its statements, with the refresh task run in-process
    (eager, the embedded default) or, ``queued``, only queued as with a broker."""
    area_round, kwargs = _started(client, world, per_page, slug)
    for page in (1, 2):
        url = reverse("assessment_page", kwargs={**kwargs, "page": page})
        assert client.post(url, _answer_page(per_page)).status_code == 302
    url = reverse("assessment_review", kwargs=kwargs)
    with mock.patch.object(refresh_scores, "delay", wraps=refresh_scores.delay) as delay:
        if queued:
            delay.side_effect = lambda *args: None
        response, sql = count_statements(lambda: client.post(url))
    assert response.status_code == 302
    area_round.refresh_from_db()
    delay.assert_called_once_with(area_round.pk, area_round.data_version, "submitted")
    stored = Response.objects.get(area_round=area_round, user=world.respondent_a)
    assert stored.status == ResponseStatus.SUBMITTED
    if not queued:
        assert area_round.score.respondents_total == 1  # refreshed on commit, in-process
    return sql


def test_submitting_takes_the_same_statements_for_2_or_15_questions(
    client, world, count_statements
):
    small = _submit(client, count_statements, world, 2, "small", queued=True)
    large = _submit(client, count_statements, world, 15, "large", queued=True)
    assert len(small) == len(large) == SUBMIT_STATEMENTS, "\n".join(large)


def test_submitting_with_the_refresh_in_process_adds_the_refresh(client, world, count_statements):
    small = _submit(client, count_statements, world, 2, "small")
    large = _submit(client, count_statements, world, 15, "large")
    expected = SUBMIT_STATEMENTS + REFRESH_STATEMENTS_FIRST  # a new framework each time
    assert len(small) == len(large) == expected, "\n".join(large)


def test_a_score_refresh_takes_the_same_statements_for_2_or_15_questions(
    client, world, count_statements
):
    counts = []
    for per_page, slug in ((2, "small"), (15, "large")):
        area_round, _kwargs = _started(client, world, per_page, slug)
        scoring._framework_parts.clear()
        _, first = count_statements(lambda ar=area_round: scores_refresh(area_round=ar))
        _, again = count_statements(lambda ar=area_round: scores_refresh(area_round=ar))
        counts.append((len(first), len(again)))
    assert counts == [(REFRESH_STATEMENTS_FIRST, REFRESH_STATEMENTS)] * 2, "\n".join(again)
