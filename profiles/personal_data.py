"""A person's data held by ``profiles``: their sign-offs of agreements and the records they
made. ``pip_portal.personal_data`` puts every app's part together."""

from partnerships.services import area_profile_touch
from profiles.models import (
    AgreementSignature,
    AgreementVersion,
    HistoryEvent,
    PlanAction,
    Recognition,
)

ERASED_NAME = "Former participant (erased)"


def _when(value) -> str | None:
    return value.isoformat() if value else None


def signature_export(*, user) -> list[dict]:
    """The person's sign-offs of agreement versions, as JSON-ready data."""
    signatures = AgreementSignature.objects.filter(user=user).select_related("version__area")
    return [
        {
            "area": s.version.area.slug,
            "version": s.version.number,
            "sector": s.sector,
            "signed_as": s.signer_name,
            "signed_at": _when(s.signed_at),
        }
        for s in signatures
    ]


def person_record_counts(*, user) -> dict[str, int]:
    """How many profile records the person made."""
    return {
        "history_events": HistoryEvent.objects.filter(created_by=user).count(),
        "agreement_versions": AgreementVersion.objects.filter(created_by=user).count(),
        "plan_actions": PlanAction.objects.filter(created_by=user).count(),
        "recognitions": Recognition.objects.filter(recognised_by=user).count(),
    }


def person_profile_erase(*, user) -> None:
    """Take the person's name off the profiles: their sign-offs and recognitions read
    ``ERASED_NAME``, and the records they made name no maker. Call it inside the
    erasure's transaction."""
    # The names shown on the areas' profiles change: count it, so no cached dashboard
    # still shows them (``update()`` sends no signals).
    named_in = set(
        AgreementSignature.objects.filter(user=user).values_list("version__area_id", flat=True)
    ) | set(Recognition.objects.filter(recognised_by=user).values_list("area_id", flat=True))
    AgreementSignature.objects.filter(user=user).update(user=None, signer_name=ERASED_NAME)
    Recognition.objects.filter(recognised_by=user).update(
        recognised_by=None, recognised_by_name=ERASED_NAME
    )
    for area_id in sorted(named_in):
        area_profile_touch(area_id=area_id)
    for model in (HistoryEvent, AgreementVersion, PlanAction):
        model.objects.filter(created_by=user).update(created_by=None)
