"""Reads about areas and people shared by pages, API, exports and reports."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import AreaRound
from partnerships.access import access_for
from partnerships.models import CouncilArea, Membership, Role


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def nav_links_for(user, path: str) -> list[NavLink]:
    access = access_for(user)
    if not getattr(user, "is_authenticated", False):
        return []
    links = [(_("Home"), reverse("home"))]
    if access.sees_programme:
        links.append((_("Programme dashboard"), reverse("programme_dashboard")))
    if access.is_admin:
        links.append((_("Administration"), reverse("admin:index")))
    return [
        NavLink(label, url, path == url or (url != "/" and path.startswith(url)))
        for label, url in links
    ]


def roles_by_user(*, user_ids) -> dict[int, set[tuple[str, int | None]]]:
    """Each person's roles as ``(role, area id)`` pairs (the area is None for a sponsor),
    in one query; people without a role map to an empty set."""
    roles: dict[int, set[tuple[str, int | None]]] = {user_id: set() for user_id in user_ids}
    for user_id, role, area_id in Membership.objects.filter(user_id__in=roles).values_list(
        "user_id", "role", "area_id"
    ):
        roles[user_id].add((role, area_id))
    return roles


def areas_visible_to(user):
    """Areas a person may look at: all for sponsors and admins, else their own."""
    access = access_for(user)
    areas = CouncilArea.objects.filter(is_active=True)
    if access.sees_programme:
        return areas
    return areas.filter(pk__in=access.area_ids)


def home_links_for(user) -> list[dict]:
    """The areas on a person's home page, their rounds, and the roles they hold there."""
    access = access_for(user)
    areas = (
        CouncilArea.objects.filter(pk__in=access.area_ids)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "area_rounds",
                queryset=AreaRound.objects.select_related("round").order_by("-round__opens"),
            )
        )
    )
    return [
        {
            "area": area,
            "area_rounds": list(area.area_rounds.all()),
            "coordinator": access.coordinates(area),
            "respondent": access.responds_in(area),
        }
        for area in areas
    ]


def respondent_membership_get(*, user, area) -> dict:
    """The sector and organisation a person gave as a respondent in the area (``{}`` if they
    are not one): what their assessment's first page suggests."""
    return (
        Membership.objects.filter(user=user, area=area, role=Role.RESPONDENT)
        .values("sector", "organisation")
        .first()
        or {}
    )
