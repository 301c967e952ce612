"""A comment hidden by moderation is in no output: the area dashboard (cached or not), the
PDF report, the API and the score exports; the comments left beside it still are (so
each check can fail)."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import AreaRound, CommentHiddenReason
from assessments.services.comments import comment_hide, comment_unhide
from reports.models import Report, ReportKind
from reports.pdf import render_report_pdf
from tests.assessments.conftest import SHOWN_COMMENTS, comment_with, commented_round
from tests.reports.test_report_pdf import pdf_text

HIDDEN = SHOWN_COMMENTS[2]
KEPT = SHOWN_COMMENTS[0]


@pytest.fixture
def moderated(world, django_capture_on_commit_callbacks):
    """Area A's closed round with one comment hidden by its coordinator, then published."""
    commented_round(world)
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.DEFAMATORY,
            decided_by=world.coordinator_a,
        )
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(results_published_at=timezone.now())
    world.area_round_a.refresh_from_db()
    return world


def _dashboard(client, world, person):
    client.force_login(getattr(world, person))
    url = reverse("area_round_dashboard", args=[world.area_a.slug, world.round.slug])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor", "respondent_a", "admin"])
def test_the_area_dashboard_leaves_the_hidden_comment_out(client, moderated, person):
    body = _dashboard(client, moderated, person)
    assert KEPT in body
    assert HIDDEN not in body


def test_a_dashboard_cached_before_the_decision_is_not_served_after_it(
    client, world, django_capture_on_commit_callbacks
):
    commented_round(world)
    # Before publication only an administrator sees the figures and comments.
    assert HIDDEN in _dashboard(client, world, "admin")  # rendered and cached
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.OTHER,
            decided_by=world.coordinator_a,
        )
    body = _dashboard(client, world, "admin")
    assert HIDDEN not in body and KEPT in body
    with django_capture_on_commit_callbacks(execute=True):
        comment_unhide(comment=comment_with(HIDDEN), decided_by=world.coordinator_a)
    assert HIDDEN in _dashboard(client, world, "admin")


@pytest.mark.pdf
def test_the_pdf_report_leaves_the_hidden_comment_out(moderated):
    report = Report(kind=ReportKind.AREA, round=moderated.round, area_round=moderated.area_round_a)
    text = pdf_text(render_report_pdf(report=report))
    assert "What respondents said" in text
    assert KEPT in text
    assert HIDDEN not in text


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor", "respondent_a"])
def test_the_api_leaves_the_hidden_comment_out(client, moderated, person):
    client.force_login(getattr(moderated, person))
    response = client.get(
        reverse("api:api_area_round_scores", args=[moderated.area_a.slug, moderated.round.slug])
    )
    assert response.status_code == 200
    assert HIDDEN not in response.content.decode()


def test_the_score_exports_leave_the_hidden_comment_out(client, moderated):
    client.force_login(moderated.sponsor)
    kwargs = {"round": moderated.round.slug}
    csv_body = client.get(reverse("scores_csv", kwargs=kwargs)).content.decode()
    assert "area-a" in csv_body or "Area A" in csv_body
    assert HIDDEN not in csv_body
    workbook = load_workbook(io.BytesIO(client.get(reverse("scores_xlsx", kwargs=kwargs)).content))
    cells = [str(c) for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert not any(HIDDEN in cell for cell in cells)


def test_only_the_administrators_comments_csv_still_holds_it_marked(client, moderated):
    client.force_login(moderated.admin)
    response = client.get(
        reverse("comments_export", args=[moderated.area_a.slug, moderated.round.slug])
    )
    body = b"".join(response.streaming_content).decode()
    [line] = [line for line in body.splitlines() if HIDDEN in line]
    assert ",yes,defamatory,coordinator_a," in line
