"""For fields a template writes out by hand (the sign-in page): the attributes the
character count reads (``common.text_limits.text_limits_apply`` puts them on the widget)."""

from django import template
from django.forms.utils import flatatt

register = template.Library()


@register.filter
def character_count_attrs(bound_field) -> str:
    attrs = bound_field.field.widget.attrs
    return flatatt({k: v for k, v in attrs.items() if k.startswith("data-character-")})
