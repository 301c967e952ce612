"""Dashboards, score exports and the API; PDF report routes follow (issue 5)."""

from django.urls import path

from reports import exports, views
from reports.api import api

urlpatterns: list = [
    path("programme/", views.programme_dashboard, name="programme_dashboard"),
    path("areas/<slug:area>/", views.area_dashboard, name="area_dashboard"),
    path(
        "areas/<slug:area>/rounds/<slug:round>/",
        views.area_round_dashboard,
        name="area_round_dashboard",
    ),
    path("rounds/<slug:round>/scores.csv", exports.scores_csv, name="scores_csv"),
    path("rounds/<slug:round>/scores.xlsx", exports.scores_xlsx, name="scores_xlsx"),
    path("api/v1/", api.urls),
]

# PDF summary reports (issue 5).
from reports import report_views  # noqa: E402

urlpatterns += [
    path(
        "areas/<slug:area>/rounds/<slug:round>/report/",
        report_views.report_status,
        name="report_status",
    ),
    path(
        "areas/<slug:area>/rounds/<slug:round>/report/request/",
        report_views.report_request_view,
        name="report_request",
    ),
    path(
        "areas/<slug:area>/rounds/<slug:round>/report.pdf",
        report_views.report_download,
        name="report_download",
    ),
    path(
        "rounds/<slug:round>/report/",
        report_views.programme_report_status,
        name="programme_report_status",
    ),
    path(
        "rounds/<slug:round>/report/request/",
        report_views.programme_report_request,
        name="programme_report_request",
    ),
    path(
        "rounds/<slug:round>/report.pdf",
        report_views.programme_report_download,
        name="programme_report_download",
    ),
]
