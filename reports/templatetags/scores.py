"""Template filters that show scoring figures the one way every output shows them."""

from django import template
from django.utils.translation import gettext as _

from assessments.scoring import display_round

register = template.Library()

NO_FIGURE = "–"


@register.filter
def score(value):
    """One decimal (``display_round``), or a dash when there is no figure."""
    shown = display_round(value)
    return NO_FIGURE if shown is None else f"{shown + 0.0:.1f}"


@register.filter
def change(value):
    """A signed change, e.g. ``+3.2`` or ``−1.0``; a dash when there is none."""
    shown = display_round(value)
    if shown is None:
        return NO_FIGURE
    if shown == 0:
        return "0.0"
    return f"{shown:+.1f}".replace("-", "−")


@register.filter
def percent(value):
    shown = display_round(value)
    return NO_FIGURE if shown is None else f"{shown + 0.0:.1f}%"


@register.filter
def rating_css(rating):
    """The CSS suffix for a rating: green, amber, red, or withheld when there is none."""
    return getattr(rating, "value", rating) or "withheld"


@register.filter
def rating_label(rating):
    return rating.label if rating else _("Withheld or no data")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
