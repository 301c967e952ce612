from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The performance benchmark (``manage.py bench``): a development app, installed with
    ``DEBUG``, in tests, or with ``DEV_APPS=1``; never shipped in the wheel."""

    name = "bench"
