"""Dashboards, score exports, the API and the PDF reports' pages."""

from django.urls import path

from reports.api import api
from reports.views import dashboards, exports, report_pages

urlpatterns: list = [
    path("programme/", dashboards.programme_dashboard, name="programme_dashboard"),
    path("areas/<slug:area>/", dashboards.area_dashboard, name="area_dashboard"),
    path(
        "areas/<slug:area>/rounds/<slug:round>/",
        dashboards.area_round_dashboard,
        name="area_round_dashboard",
    ),
    path("rounds/<slug:round>/scores.csv", exports.scores_csv, name="scores_csv"),
    path("rounds/<slug:round>/scores.xlsx", exports.scores_xlsx, name="scores_xlsx"),
    path("api/v1/", api.urls),
    path(
        "areas/<slug:area>/rounds/<slug:round>/report/",
        report_pages.report_status,
        name="report_status",
    ),
    path(
        "areas/<slug:area>/rounds/<slug:round>/report/request/",
        report_pages.report_request_view,
        name="report_request",
    ),
    path(
        "areas/<slug:area>/rounds/<slug:round>/report.pdf",
        report_pages.report_download,
        name="report_download",
    ),
    path(
        "rounds/<slug:round>/report/",
        report_pages.programme_report_status,
        name="programme_report_status",
    ),
    path(
        "rounds/<slug:round>/report/request/",
        report_pages.programme_report_request,
        name="programme_report_request",
    ),
    path(
        "rounds/<slug:round>/report.pdf",
        report_pages.programme_report_download,
        name="programme_report_download",
    ),
]
