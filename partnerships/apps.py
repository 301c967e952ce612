from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PartnershipsConfig(AppConfig):
    name = "partnerships"

    def ready(self):
        from partnerships import models, receivers

        profile_models = (
            models.HistoryEvent,
            models.AgreementVersion,
            models.AgreementSignature,
            models.DevelopmentAction,
            models.FundingStability,
            models.PlanAction,
            models.Recognition,
        )
        for model in profile_models:
            for signal in (post_save, post_delete):
                signal.connect(
                    receivers.profile_changed,
                    sender=model,
                    dispatch_uid=f"partnerships.profile_changed.{model.__name__}",
                )
