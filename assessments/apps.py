from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        # Registers the receiver that refreshes stored figures when framework settings change.
        from assessments import receivers, scoring  # noqa: F401
        from assessments.models import Invitation, Response

        for model in (Invitation, Response):
            post_save.connect(
                receivers.touch_on_create,
                sender=model,
                dispatch_uid=f"assessments.touch_on_create.{model.__name__}",
            )
            post_delete.connect(
                receivers.touch_on_delete,
                sender=model,
                dispatch_uid=f"assessments.touch_on_delete.{model.__name__}",
            )
        user_logged_in.connect(
            receivers.end_invitee_on_sign_in, dispatch_uid="assessments.end_invitee_on_sign_in"
        )
