"""Keeps ``CouncilArea.profile_version`` in step with the area's profile.

The area dashboard is cached under a key that includes the area's ``profile_version``, so
it reads no profile table before serving the cached page. Every profile row saved or
deleted (by a service, the admin, or a cascade) bumps it, in the same transaction.
"""

from django.core.exceptions import ObjectDoesNotExist

from partnerships.services import area_profile_touch


def profile_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    area_id = getattr(instance, "area_id", None)
    if area_id is None:  # a signature or a development action: the area of its version
        try:
            area_id = instance.version.area_id
        except ObjectDoesNotExist:  # deleted with its version, and so with its area
            return
    area_profile_touch(area_id=area_id)
