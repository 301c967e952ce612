from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProfilesConfig(AppConfig):
    name = "profiles"

    def ready(self):
        from profiles import models, receivers

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
                    dispatch_uid=f"profiles.profile_changed.{model.__name__}",
                )
