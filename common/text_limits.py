"""Text limits for every form: shown, counted while typing, and enforced with a message.

A browser silently cuts whatever is typed or pasted into a field with a ``maxlength``
attribute, so no field here carries one. Instead each visible text field with a limit gets:

- a hint in its help text, "You can enter up to 2,000 characters" (works without script);
- ``data-character-limit`` and ``data-character-count`` (the translated messages) for
  ``static/js/character-count.js``, which shows "You have N characters remaining" / "N
  characters too many" as the person types, and never stops them typing;
- a validator refusing over-long text with a message naming the field, the limit and what
  was entered: "Comment on History must be 2,000 characters or fewer; you entered 2,850".

Line breaks are counted as one character, as the browser counts them: a textarea posts
each as CRLF, which is stored as LF, so the limit the counter shows is the one enforced.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import ngettext

# A sample number for each CLDR plural category, so the browser (Intl.PluralRules) can pick
# the message gettext would give for a number of that category.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 100}


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def too_long_message(*, name: str, limit: int, count: int) -> str:
    """The one wording of a refusal for length, for forms and services alike."""
    return ngettext(
        "%(name)s must be %(limit)s character or fewer; you entered %(count)s",
        "%(name)s must be %(limit)s characters or fewer; you entered %(count)s",
        limit,
    ) % {"name": name, "limit": _number(limit), "count": _number(count)}


def limit_hint(limit: int) -> str:
    return ngettext(
        "You can enter up to %(n)s character", "You can enter up to %(n)s characters", limit
    ) % {"n": _number(limit)}


def _count_messages() -> str:
    """The counter's messages in the active language, by plural category; ``%(n)s`` is
    replaced in the browser."""

    def forms_of(singular: str, plural: str) -> dict[str, str]:
        # Only the categories whose text differs from "other" (the browser's fallback).
        other = ngettext(singular, plural, PLURAL_SAMPLES["other"])
        texts = {
            category: ngettext(singular, plural, sample)
            for category, sample in PLURAL_SAMPLES.items()
        }
        return {c: text for c, text in texts.items() if c == "other" or text != other}

    return json.dumps(
        {
            "under": forms_of(
                "You have %(n)s character remaining", "You have %(n)s characters remaining"
            ),
            "over": forms_of("%(n)s character too many", "%(n)s characters too many"),
        },
        ensure_ascii=False,
    )


class TextLimitValidator:
    """Refuses text longer than ``limit`` characters, naming the field (``name``)."""

    code = "too_long"

    def __init__(self, *, limit: int, name: str):
        self.limit = limit
        self.name = name

    def __call__(self, value) -> None:
        count = len(value)
        if count > self.limit:
            raise ValidationError(
                too_long_message(name=self.name, limit=self.limit, count=count), code=self.code
            )

    def __eq__(self, other):
        return isinstance(other, TextLimitValidator) and (self.limit, self.name) == (
            other.limit,
            other.name,
        )


def _normalised_newlines(data, keys: list[str]):
    data = data.copy()
    for key in keys:
        if hasattr(data, "getlist"):
            if key in data:
                data.setlist(key, [_lf(value) for value in data.getlist(key)])
        elif isinstance(data.get(key), str):
            data[key] = _lf(data[key])
    return data


def _lf(value):
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _auto_id(form: forms.BaseForm, name: str) -> str:
    """The field's id, as ``BoundField.auto_id`` gives it (without building the bound field,
    which would keep the help text it saw)."""
    html_name = form.add_prefix(name)
    if form.auto_id and "%s" in str(form.auto_id):
        return form.auto_id % html_name
    return html_name if form.auto_id else ""


def text_limits_apply(form: forms.BaseForm, *, names: dict[str, str] | None = None) -> None:
    """Give every text field of ``form`` with a ``max_length`` its hint, counter and
    validator (see the module's docstring), once its fields are built. ``names``: how a
    message names a field, where its label does not say it well (default: the label)."""
    names = names or {}
    limited = []
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit:
            continue
        limited.append(form.add_prefix(name))
        label = names.get(name) or field.label or name
        field.validators = [
            v
            for v in field.validators
            if not isinstance(v, MaxLengthValidator | TextLimitValidator)
        ]
        field.validators.append(TextLimitValidator(limit=limit, name=str(label)))
        widget = field.widget
        widget.attrs.pop("maxlength", None)
        if widget.is_hidden or isinstance(widget, forms.PasswordInput) or field.disabled:
            continue
        widget.attrs["data-character-limit"] = str(limit)
        widget.attrs["data-character-count"] = _count_messages()
        hint = format_html(
            '<span class="character-count__hint" id="{}">{}</span>',
            f"{_auto_id(form, name)}_limit",
            limit_hint(limit),
        )
        field.help_text = format_html("{} {}", field.help_text, hint) if field.help_text else hint
    if form.is_bound and limited:
        form.data = _normalised_newlines(form.data, limited)


class TextLimitsMixin:
    """For a form whose fields are all declared on the class: applies
    ``text_limits_apply`` (names from ``text_limit_names``) once the form is built."""

    text_limit_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_apply(self, names=self.text_limit_names)
