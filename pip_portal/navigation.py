"""The site navigation: the links every page's header shows a person."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from partnerships.access import access_for


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def nav_link_list(*, user, path: str) -> list[NavLink]:
    """The site navigation's links for a person, the current page's marked active."""
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
