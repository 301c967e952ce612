"""Writes about areas and people's roles that other apps ask for."""

from django.db import models

from partnerships.models import CouncilArea, Membership, Role


def area_profile_touch(*, area_id: int) -> None:
    """Count a change to the area's profile (``CouncilArea.profile_version``): the profile
    lives in ``profiles``, which calls this for every row it saves or deletes."""
    CouncilArea.objects.filter(pk=area_id).update(profile_version=models.F("profile_version") + 1)


def respondent_membership_ensure(*, user, area: CouncilArea, sector: str = "") -> Membership:
    """Make ``user`` a respondent in ``area`` (a no-op if they are one), recording ``sector``
    where their membership has none yet. The caller owns the transaction."""
    membership, created = Membership.objects.get_or_create(
        user=user, area=area, role=Role.RESPONDENT, defaults={"sector": sector}
    )
    if not created and not membership.sector and sector:
        membership.sector = sector
        membership.save(update_fields=["sector"])
    return membership
