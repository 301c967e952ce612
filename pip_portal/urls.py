from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pip_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/login/", views.sign_in, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("profiles.urls")),
]
