from django.contrib import admin
from django.urls import include, path

from pip_portal import views
from signin import views as signin_views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    # Email first, then a council's OpenID provider or the password form (signin/).
    path("accounts/login/", signin_views.sign_in, name="login"),
    path("accounts/logout/", signin_views.sign_out, name="logout"),
    path("accounts/", include("signin.urls")),
    path("admin/", admin.site.urls),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("profiles.urls")),
]
