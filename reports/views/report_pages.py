"""Report pages: status with live progress, request (POST), and the PDF download."""

from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments.models import AreaRound, Round
from assessments.selectors import area_round_get
from partnerships.access import (
    area_for_viewer,
    can_request_report,
    can_see_progress,
    can_see_results,
    require_programme_view,
    require_results_view,
)
from reports.models import Report, ReportKind, ReportStatus
from reports.services import report_download_name, report_is_stale, report_request

IN_HAND = (ReportStatus.QUEUED, ReportStatus.RENDERING)


class _NotPublished(Exception):
    def __init__(self, area_round: AreaRound):
        self.area_round = area_round


def _area_round_for_viewer(user, area_slug: str, round_slug: str) -> AreaRound:
    """The area round whose results (and so report) the person may see, or 404/403;
    ``_NotPublished`` for those who will see it once it is published."""
    area = area_for_viewer(user, area_slug)
    area_round = area_round_get(area=area, round_slug=round_slug)
    if not can_see_results(user, area_round) and can_see_progress(user, area_round):
        raise _NotPublished(area_round)
    require_results_view(user, area_round)
    return area_round


def _area_report_page(view):
    """The view gets the URL's area round, for a person who may see its results (others:
    404/403); those who will see them once published get the not-published page."""

    @wraps(view)
    def wrapped(request, area: str, round: str):
        try:
            area_round = _area_round_for_viewer(request.user, area, round)
        except _NotPublished as error:
            return _not_published(request, error)
        return view(request, area_round)

    return wrapped


def _not_published(request, error: _NotPublished):
    return render(
        request,
        "reports/status/not_published.html",
        {"area_round": error.area_round, "area": error.area_round.area},
        status=403,
    )


def _file_path(report: Report | None) -> Path | None:
    if report is None or not report.file:
        return None
    path = Path(settings.MEDIA_ROOT) / report.file.name
    return path if path.is_file() else None


def _status_context(*, report, status_url, request_url, download_url, may_request) -> dict:
    has_file = _file_path(report) is not None
    return {
        "report": report,
        "status": report.status if report else None,
        "statuses": ReportStatus,
        "polling": report is not None and report.status in IN_HAND,
        "stale": report is not None and has_file and report_is_stale(report=report),
        "has_file": has_file,
        "status_url": status_url,
        "request_url": request_url,
        "download_url": download_url,
        "may_request": may_request,
    }


def _render_status(request, page_template: str, context: dict):
    if request.htmx:
        return render(request, "reports/status/_status.html", context)
    return render(request, page_template, context)


def _area_urls(area_round: AreaRound) -> dict:
    kwargs = {"area": area_round.area.slug, "round": area_round.round.slug}
    return {
        "status_url": reverse("report_status", kwargs=kwargs),
        "request_url": reverse("report_request", kwargs=kwargs),
        "download_url": reverse("report_download", kwargs=kwargs),
    }


def _programme_urls(round: Round) -> dict:
    kwargs = {"round": round.slug}
    return {
        "status_url": reverse("programme_report_status", kwargs=kwargs),
        "request_url": reverse("programme_report_request", kwargs=kwargs),
        "download_url": reverse("programme_report_download", kwargs=kwargs),
    }


def _area_status_context(request, area_round: AreaRound) -> dict:
    report = (
        Report.objects.select_related("round__framework")
        .filter(area_round=area_round, kind=ReportKind.AREA)
        .first()
    )
    return {
        "area": area_round.area,
        "round": area_round.round,
        "area_round": area_round,
        **_status_context(
            report=report,
            may_request=can_request_report(request.user, area_round),
            **_area_urls(area_round),
        ),
    }


def _programme_status_context(request, round: Round) -> dict:
    report = Report.objects.filter(round=round, kind=ReportKind.PROGRAMME).first()
    return {
        "round": round,
        **_status_context(report=report, may_request=True, **_programme_urls(round)),
    }


def _download(report: Report | None):
    path = _file_path(report)
    if path is None:
        raise Http404(_("This report has not been prepared yet."))
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=report_download_name(report=report),
        content_type="application/pdf",
    )


# --- an area's report -------------------------------------------------------------------


@never_cache
@login_required
@require_GET
@_area_report_page
def report_status(request, area_round):
    return _render_status(
        request, "reports/status/area.html", _area_status_context(request, area_round)
    )


@login_required
@require_POST
@_area_report_page
def report_request_view(request, area_round):
    if not can_request_report(request.user, area_round):
        raise PermissionDenied
    report_request(area_round=area_round, requested_by=request.user)
    if request.htmx:
        return render(
            request, "reports/status/_status.html", _area_status_context(request, area_round)
        )
    messages.success(request, _("The report has been requested. It will be ready shortly."))
    return redirect("report_status", area=area_round.area.slug, round=area_round.round.slug)


@never_cache  # a confidential file: never kept by shared caches
@login_required
@require_GET
@_area_report_page
def report_download(request, area_round):
    report = (
        Report.objects.select_related("round__framework", "area_round__area")
        .filter(area_round=area_round, kind=ReportKind.AREA)
        .first()
    )
    return _download(report)


# --- the programme's report ---------------------------------------------------------------


@never_cache
@login_required
@require_GET
def programme_report_status(request, round: str):
    require_programme_view(request.user)
    round = get_object_or_404(Round.objects.select_related("framework"), slug=round)
    return _render_status(
        request, "reports/status/programme.html", _programme_status_context(request, round)
    )


@login_required
@require_POST
def programme_report_request(request, round: str):
    require_programme_view(request.user)
    round = get_object_or_404(Round, slug=round)
    report_request(round=round, requested_by=request.user)
    if request.htmx:
        return render(
            request, "reports/status/_status.html", _programme_status_context(request, round)
        )
    messages.success(request, _("The report has been requested. It will be ready shortly."))
    return redirect("programme_report_status", round=round.slug)


@never_cache  # a confidential file: never kept by shared caches
@login_required
@require_GET
def programme_report_download(request, round: str):
    require_programme_view(request.user)
    round = get_object_or_404(Round, slug=round)
    report = (
        Report.objects.select_related("round__framework")
        .filter(round=round, kind=ReportKind.PROGRAMME)
        .first()
    )
    return _download(report)
