"""Single sign-on routes, under ``accounts/`` (the sign-in and sign-out pages themselves
keep their names ``login`` and ``logout``: see pip_portal/urls.py)."""

from django.urls import path

from signin import views

urlpatterns = [
    path("login/continue/", views.sign_in_continue, name="sign_in_continue"),
    path("signed-out/", views.signed_out, name="sso_signed_out"),
    path("sso/<slug:provider>/", views.council_sign_in, name="sso_council"),
    path("sso/<slug:provider>/callback/", views.callback, name="sso_callback"),
]
