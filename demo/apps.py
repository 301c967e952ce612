from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The first-wave demo programme (``manage.py seed_demo``): a development app, installed
    with ``DEBUG``, in tests, or with ``DEV_APPS=1``; never shipped in the wheel."""

    name = "demo"
