"""Template filters that ask ``reports.presenters`` how a figure reads: no template decides."""

from django import template

from reports import presenters

register = template.Library()


@register.filter
def score(value):
    """One decimal; "not available" when there is no figure."""
    return presenters.plain(value).text


@register.filter
def change(value):
    """A signed change, e.g. ``+3.2`` or ``−1.0``; "not available" when there is none."""
    return presenters.change(value).text


@register.filter
def percent(value):
    return presenters.plain(value, suffix="%").text


@register.filter
def area_figures(result):
    """Every figure of an ``AreaRoundResult`` as people read it (``AreaFigures``); None
    where there is no result to show (an unpublished area's row)."""
    return None if result is None else presenters.area_figures(result)


@register.filter
def group_minimum(framework=None):
    """The minimum group size people are told about (``presenters.group_minimum``)."""
    return presenters.group_minimum(framework or None)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
