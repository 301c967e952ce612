"""Watching live figures: a coordinator or a sponsor snapshots every output of an open round
before and after one person submits, to read that person's scores off the difference (and
tie their comment to them). While the round is open nothing but counts by sector may show,
so the two snapshots differ only in those counts.
"""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.scoring import area_round_result, display_round
from assessments.selectors import dimension_list, question_list
from assessments.services.responses import (
    AnswerInput,
    response_save_page,
    response_start,
    response_submit,
)
from partnerships.models import Sector
from tests.factories import publish_results, submitted_response

THEIR_COMMENT = "Only the new respondent wrote this: 9d2f"


def _outputs(client, area_round) -> dict[str, str]:
    """Every page, API answer and export a coordinator or sponsor can reach for the round."""
    kwargs = {"area": area_round.area.slug, "round": area_round.round.slug}
    urls = {
        "dashboard": reverse("area_round_dashboard", kwargs=kwargs),
        "area": reverse("area_dashboard", kwargs={"area": area_round.area.slug}),
        "programme": reverse("programme_dashboard") + f"?round={area_round.round.slug}",
        "api scores": reverse("api:api_area_round_scores", kwargs=kwargs),
        "api progress": reverse("api:api_area_round_progress", kwargs=kwargs),
        "api areas": reverse("api:api_areas"),
        "csv": reverse("scores_csv", kwargs={"round": area_round.round.slug}),
        "xlsx": reverse("scores_xlsx", kwargs={"round": area_round.round.slug}),
        "report": reverse("report_status", kwargs=kwargs),
        "manage": reverse("round_manage", kwargs=kwargs),
        "action plan": reverse("area_action_plan", kwargs={"area": area_round.area.slug}),
        "home": reverse("home"),
    }
    outputs = {}
    for name, url in urls.items():
        response = client.get(url, follow=True)
        body = response.content
        if name == "xlsx" and response.status_code == 200:
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(body)).active
            body = repr(list(sheet.iter_rows(values_only=True))).encode()
        outputs[name] = body.decode("utf-8", "replace")
    return outputs


def _figures_of(area_round) -> set[str]:
    """Every figure of the round an administrator would see, as outputs print them."""
    result = area_round_result(area_round=area_round)
    values = [result.overall]
    for d in result.dimensions:
        values += [d.score, *d.by_sector.values(), d.gap]
    values += [s.score for s in [*result.strongest, *result.weakest]]
    values += [b.share for b in result.barriers]
    return {f"{display_round(v):.1f}" for v in values if v is not None}


def _mentions(text: str, figure: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text) is not None


_CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def _only_counts_differ(before: str, after: str) -> bool:
    """The same text but for whole numbers, with their plural words, and the form
    tokens every response has."""

    def masked(text):
        counted = re.sub(r"\d+", "N", _CSRF.sub(r"\1", text))
        return re.sub(r"N (\w+?)s\b", r"N \1", counted)  # "1 comment", "2 comments"

    return masked(before) == masked(after)


@pytest.fixture
def open_round(world):
    for value in (4, 5, 4, 3, 5):
        submitted_response(area_round=world.area_round_a, sector=Sector.COUNCIL, default=value)
    for value in (2, 3):
        submitted_response(area_round=world.area_round_a, sector=Sector.VCS, default=value)
    publish_results(world.area_round_b)  # something published elsewhere, for the heat map
    return world


def _submit_one_more(world, django_capture_on_commit_callbacks):
    """respondent_a (VCS) answers everything with 1 and a comment, and submits; the score
    refresh runs as it would in production."""
    framework = world.area_round_a.round.framework
    with django_capture_on_commit_callbacks(execute=True):
        response = response_start(
            user=world.respondent_a, area_round=world.area_round_a, sector=Sector.VCS
        )
        for dimension in dimension_list(framework=framework):
            questions = question_list(dimension=dimension)
            response_save_page(
                response=response,
                dimension=dimension,
                answers={q.pk: AnswerInput(value=1) for q in questions},
                comment=THEIR_COMMENT if dimension.key == "history" else "",
            )
        response_submit(response=response, area_round=world.area_round_a)


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor"])
def test_snapshots_around_one_submission_show_only_counts(
    world, open_round, person, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(getattr(world, person))
    figures_before = _figures_of(world.area_round_a)
    before = _outputs(client, world.area_round_a)
    _submit_one_more(world, django_capture_on_commit_callbacks)
    figures_after = _figures_of(world.area_round_a)
    after = _outputs(client, world.area_round_a)

    assert figures_before != figures_after  # the figures did move, for an administrator
    assert before["api scores"] == after["api scores"]
    assert "Results appear when the round closes and is published." in after["dashboard"]
    for name in before:
        for text in (before[name], after[name]):
            assert THEIR_COMMENT not in text, name
            for figure in (figures_before | figures_after) - {"0.0", "100.0"}:
                # Counts and dates are whole numbers; every figure has one decimal.
                assert not _mentions(text, figure), (name, figure)
        assert _only_counts_differ(before[name], after[name]), name
    # The counts by sector do move: that is all anyone learns (someone from the VCS
    # submitted), which the round page has always said.
    vcs_before = re.search(r'"sector": "vcs"[^}]*"submitted": (\d+)', before["api progress"])
    vcs_after = re.search(r'"sector": "vcs"[^}]*"submitted": (\d+)', after["api progress"])
    assert (vcs_before.group(1), vcs_after.group(1)) == ("2", "3")


def test_an_administrator_still_sees_the_open_rounds_figures(
    world, open_round, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(world.admin)
    url = reverse(
        "api:api_area_round_scores", kwargs={"area": "area-a", "round": world.round.slug}
    )
    before = client.get(url).json()
    _submit_one_more(world, django_capture_on_commit_callbacks)
    assert client.get(url).json() != before
