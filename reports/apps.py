from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from assessments.signals import area_round_outputs_changed, area_round_scores_refreshed
        from reports.receivers import request_report_on_refresh

        area_round_scores_refreshed.connect(
            request_report_on_refresh, dispatch_uid="reports.request_report_on_refresh"
        )
        area_round_outputs_changed.connect(
            request_report_on_refresh, dispatch_uid="reports.request_report_on_outputs_changed"
        )
