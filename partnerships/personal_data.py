"""A person's data held by ``partnerships``: their account found by name or address, and
their roles. ``pip_portal.personal_data`` puts every app's part together."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from partnerships.models import Membership


def person_find(*, identifier: str):
    """The one account with this username or email address (case-insensitive email)."""
    users = get_user_model().objects.filter(
        Q(username=identifier) | Q(email__iexact=identifier.strip())
    )
    found = list(users[:2])
    if not found:
        raise ValidationError(_("No account has that username or email address."))
    if len(found) > 1:
        raise ValidationError(_("More than one account matches; give the username instead."))
    return found[0]


def _when(value) -> str | None:
    return value.isoformat() if value else None


def membership_export(*, user) -> list[dict]:
    """The person's roles, as JSON-ready data."""
    memberships = Membership.objects.filter(user=user).select_related("area", "organisation")
    return [
        {
            "role": m.role,
            "area": m.area.slug if m.area else None,
            "sector": m.sector,
            "organisation": m.organisation.name if m.organisation else None,
            "since": _when(m.created_at),
        }
        for m in memberships
    ]


def membership_delete_all(*, user) -> int:
    """Delete the person's roles; returns how many went."""
    _total, per_model = Membership.objects.filter(user=user).delete()
    return per_model.get(Membership._meta.label, 0)
