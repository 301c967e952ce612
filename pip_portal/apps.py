from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipPortalConfig(AppConfig):
    """The project package as an app, so its signal receivers are connected at start-up."""

    name = "pip_portal"
    verbose_name = _("PIP Portal")

    def ready(self):
        from pip_portal import auth_signals, sessions  # noqa: F401 - connect the receivers
