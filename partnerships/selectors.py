"""Reads about areas and people shared by pages, API, exports and reports."""

from partnerships.access import access_for
from partnerships.models import CouncilArea, Membership, Role


def role_map_get(*, user_ids) -> dict[int, set[tuple[str, int | None]]]:
    """Each person's roles as ``(role, area id)`` pairs (the area is None for a sponsor),
    in one query; people without a role map to an empty set."""
    roles: dict[int, set[tuple[str, int | None]]] = {user_id: set() for user_id in user_ids}
    for user_id, role, area_id in Membership.objects.filter(user_id__in=roles).values_list(
        "user_id", "role", "area_id"
    ):
        roles[user_id].add((role, area_id))
    return roles


def area_list_visible(*, user):
    """Areas a person may look at: all for sponsors and admins, else their own."""
    access = access_for(user)
    areas = CouncilArea.objects.filter(is_active=True)
    if access.sees_programme:
        return areas
    return areas.filter(pk__in=access.area_ids)


def respondent_membership_get(*, user, area) -> dict:
    """The sector and organisation a person gave as a respondent in the area (``{}`` if they
    are not one): what their assessment's first page suggests."""
    return (
        Membership.objects.filter(user=user, area=area, role=Role.RESPONDENT)
        .values("sector", "organisation")
        .first()
        or {}
    )
