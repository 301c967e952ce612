"""Report status pages, requests and downloads: who may do what, and what they see."""

from pathlib import Path
from unittest import mock

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from assessments.models import AreaRound
from reports.models import Report, ReportKind, ReportStatus
from reports.views import report_pages
from tests.factories import publish_results

PDF = b"%PDF-1.7 a report"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sent():
    with mock.patch("reports.tasks.render_report.delay") as delay:
        yield delay


def login(client, user):
    client.force_login(user)
    return client


def area_url(name, world, area=None):
    area = area or world.area_a
    return reverse(name, kwargs={"area": area.slug, "round": world.round.slug})


def ready_report(media, *, area_round=None, round=None, data_version=0):
    kind = ReportKind.AREA if area_round else ReportKind.PROGRAMME
    report = Report.objects.create(
        kind=kind,
        round=round or area_round.round,
        area_round=area_round,
        status=ReportStatus.READY,
        data_version=data_version,
        size_bytes=len(PDF),
        finished_at=timezone.now(),
    )
    report.file.name = f"reports/report-{report.pk}.pdf"
    report.save()
    path = Path(media) / report.file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    return report


@pytest.fixture
def published(world):
    """Area A's results published: its coordinators and the sponsors may see reports."""
    publish_results(world.area_round_a)
    return world


def test_each_url_reaches_its_own_view(world):
    assert resolve(area_url("report_status", world)).func == report_pages.report_status
    assert resolve(area_url("report_request", world)).func == report_pages.report_request_view
    assert resolve(area_url("report_download", world)).func == report_pages.report_download
    programme = {"round": world.round.slug}
    assert (
        resolve(reverse("programme_report_status", kwargs=programme)).func
        == report_pages.programme_report_status
    )
    assert (
        resolve(reverse("programme_report_request", kwargs=programme)).func
        == report_pages.programme_report_request
    )
    assert (
        resolve(reverse("programme_report_download", kwargs=programme)).func
        == report_pages.programme_report_download
    )
    assert area_url("report_download", world) == "/areas/area-a/rounds/spring/report.pdf"
    assert reverse("programme_report_download", kwargs=programme) == "/rounds/spring/report.pdf"


def test_a_coordinator_requests_a_report_and_sees_it_queued(
    client, published, sent, django_capture_on_commit_callbacks
):
    world = published
    login(client, world.coordinator_a)
    page = client.get(area_url("report_status", world))
    assert "No report has been prepared yet." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(area_url("report_request", world))
    assert response.status_code == 302
    report = Report.objects.get(area_round=world.area_round_a)
    assert report.status == ReportStatus.QUEUED
    assert report.requested_by == world.coordinator_a
    sent.assert_called_once_with(report.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Queued" in page
    assert 'hx-trigger="every 2s"' in page  # progress without reloading


def test_htmx_polls_a_fragment_until_the_report_is_ready(client, published, media):
    world = published
    login(client, world.coordinator_a)
    report = Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        status=ReportStatus.RENDERING,
    )
    fragment = client.get(area_url("report_status", world), HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body
    assert "Being prepared" in body and 'hx-trigger="every 2s"' in body
    report.delete()
    ready_report(media, area_round=world.area_round_a)
    body = client.get(area_url("report_status", world), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in body  # polling stops
    assert area_url("report_download", world) in body


def test_a_report_is_marked_stale_when_the_data_changed(client, published, media):
    world = published
    ready_report(media, area_round=world.area_round_a, data_version=0)
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(data_version=3)
    login(client, world.coordinator_a)
    body = client.get(area_url("report_status", world)).content.decode()
    assert "Out of date" in body
    assert "Prepare a new report" in body


def test_a_failed_report_shows_the_error_and_a_retry_button(client, published):
    world = published
    Report.objects.create(
        kind=ReportKind.AREA,
        round=world.round,
        area_round=world.area_round_a,
        status=ReportStatus.FAILED,
        last_error="The report took too long to prepare. Please try again later.",
    )
    login(client, world.coordinator_a)
    body = client.get(area_url("report_status", world)).content.decode()
    assert "The report took too long to prepare." in body
    assert "Try again" in body


def test_the_download_is_an_attachment_with_a_sensible_name(client, published, media):
    world = published
    ready_report(media, area_round=world.area_round_a)
    login(client, world.sponsor)
    response = client.get(area_url("report_download", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="pip-health-check-area-a-spring.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_there_is_nothing_to_download_before_a_report_is_ready(client, published):
    world = published
    login(client, world.coordinator_a)
    assert client.get(area_url("report_download", world)).status_code == 404


def test_outsiders_and_other_areas_coordinators_get_not_found(client, world, media):
    ready_report(media, area_round=world.area_round_a)
    for person in (world.outsider, world.coordinator_b):
        login(client, person)
        for name in ("report_status", "report_download"):
            assert client.get(area_url(name, world)).status_code == 404
        assert client.post(area_url("report_request", world)).status_code == 404


@pytest.mark.parametrize("person", ["coordinator_a", "sponsor"])
def test_nobody_but_administrators_sees_a_report_before_publication(
    client, world, media, sent, person
):
    ready_report(media, area_round=world.area_round_a)
    login(client, getattr(world, person))
    for name in ("report_status", "report_download"):
        response = client.get(area_url(name, world))
        assert response.status_code == 403
        assert "Results appear when the round closes and is published." in (
            response.content.decode()
        )
    assert client.post(area_url("report_request", world)).status_code == 403
    assert not sent.called
    login(client, world.admin)
    assert client.get(area_url("report_download", world)).status_code == 200


def test_respondents_see_the_report_only_once_results_are_published(client, world, media):
    ready_report(media, area_round=world.area_round_a)
    login(client, world.respondent_a)
    assert client.get(area_url("report_download", world)).status_code == 403
    publish_results(world.area_round_a)
    assert client.get(area_url("report_download", world)).status_code == 200
    body = client.get(area_url("report_status", world)).content.decode()
    assert "Prepare a new report" not in body  # may see, may not request
    assert client.post(area_url("report_request", world)).status_code == 403


def test_signing_in_is_required(client, world):
    response = client.get(area_url("report_status", world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_programme_report_is_for_sponsors_and_admins(
    client, world, media, sent, django_capture_on_commit_callbacks
):
    programme = {"round": world.round.slug}
    ready_report(media, round=world.round)
    login(client, world.coordinator_a)
    assert client.get(reverse("programme_report_download", kwargs=programme)).status_code == 403
    assert client.post(reverse("programme_report_request", kwargs=programme)).status_code == 403
    for person in (world.sponsor, world.admin):
        login(client, person)
        response = client.get(reverse("programme_report_download", kwargs=programme))
        assert response.status_code == 200
        assert "pip-health-check-programme-spring.pdf" in response["Content-Disposition"]
        assert client.get(reverse("programme_report_status", kwargs=programme)).status_code == 200
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(data_version=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programme_report_request", kwargs=programme), HTTP_HX_REQUEST="true"
        )
    assert "Queued" in response.content.decode()
    assert Report.objects.get(kind=ReportKind.PROGRAMME).requested_by == world.admin
    assert sent.called
