from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        # Registers the receiver that refreshes stored figures when framework settings change.
        from assessments import scoring  # noqa: F401
