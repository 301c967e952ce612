from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Single sign-on with councils' OpenID providers, beside the password sign-in."""

    name = "signin"
    verbose_name = _("Single sign-on")
    default_auto_field = "django.db.models.BigAutoField"
