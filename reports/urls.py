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
