"""Forms for the self-assessment and the coordinator's round page.

A page's form is built from the dimension's statements. Each statement's field name is
kept in a mapping to its question (``question_for_field``) and never parsed back.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    COMMENT_DECISION_NOTE_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    PUBLICATION_REASON_MAX_LENGTH,
    CommentHiddenReason,
)
from assessments.services.responses import AnswerInput
from common.text_limits import TextLimitsMixin, text_limits_apply
from partnerships.models import Organisation, Sector

DONT_KNOW = "dont-know"


def _helper() -> FormHelper:
    helper = FormHelper()
    # Templates write the <form> tag (action, CSRF token, buttons) themselves.
    helper.form_tag = False
    return helper


class DimensionPageForm(forms.Form):
    """One page of the assessment: each statement on the framework's scale or "don't know",
    and an optional comment on the dimension."""

    def __init__(
        self, *args, framework, questions, dimension=None, read_only: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        labels = list(framework.scale_labels or [])
        points = range(framework.scale_min, framework.scale_max + 1)
        choices = [
            (str(value), f"{value} – {labels[i]}" if i < len(labels) else str(value))
            for i, value in enumerate(points)
        ] + [(DONT_KNOW, _("Don't know"))]
        self.question_for_field = {}
        for position, question in enumerate(questions, start=1):
            name = f"statement-{position}"
            self.fields[name] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                disabled=read_only,
            )
            self.question_for_field[name] = question
        self.fields["comment"] = forms.CharField(
            label=_("Comments on this section (optional)"),
            help_text=_(
                "Comments are shown to your area's coordinators and in reports without your "
                "name, and only when enough people have responded. Before results are "
                "published, coordinators may hide a comment that contains personal data, "
                "identifies someone or could be defamatory."
            ),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=COMMENT_MAX_LENGTH,
            required=False,
            disabled=read_only,
        )
        comment_name = (
            _("Comment on %(dimension)s") % {"dimension": dimension.name} if dimension else None
        )
        text_limits_apply(self, names={"comment": comment_name} if comment_name else None)
        self.helper = _helper()

    @staticmethod
    def initial_for(*, questions, answers: dict, comment: str) -> dict:
        """Initial data from saved answers (by question id), in this form's field names."""
        initial = {"comment": comment}
        for position, question in enumerate(questions, start=1):
            answer = answers.get(question.pk)
            if answer is None:
                continue
            if answer.dont_know:
                initial[f"statement-{position}"] = DONT_KNOW
            elif answer.value is not None:
                initial[f"statement-{position}"] = str(answer.value)
        return initial

    def answers(self) -> dict[int, AnswerInput]:
        """The cleaned answers, keyed by question id."""
        result = {}
        for name, question in self.question_for_field.items():
            raw = self.cleaned_data.get(name) or ""
            if raw == DONT_KNOW:
                result[question.pk] = AnswerInput(dont_know=True)
            elif raw:
                result[question.pk] = AnswerInput(value=int(raw))
            else:
                result[question.pk] = AnswerInput()
        return result


class StartForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Which sector do you work in?"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the sector you work in")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Your organisation (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not listed / prefer not to say"),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(area=area).order_by(
            "name"
        )
        self.helper = _helper()


class RoundDatesForm(forms.Form):
    # A date input's value must be ISO (YYYY-MM-DD), whatever the page's locale.
    opens = forms.DateField(
        label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes = forms.DateField(
        label=_("Closes"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RepublishForm(TextLimitsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the results are published again"),
        help_text=_(
            "For example: a respondent asked for their answers to be removed. "
            "Everyone who can see the results sees this reason."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=PUBLICATION_REASON_MAX_LENGTH,
        error_messages={"required": _("Enter the reason for publishing the results again")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class InviteForm(TextLimitsMixin, forms.Form):
    emails = forms.CharField(
        label=_("Email addresses"),
        help_text=_("Paste one or more addresses, one a line or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50_000,
        error_messages={"required": _("Enter the email addresses of the people to invite")},
    )
    sector = forms.ChoiceField(
        label=_("Sector of the people you are inviting"),
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the sector of the people you are inviting")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ImportAction(models.TextChoices):
    """What to do with an uploaded file: the upload form's buttons."""

    CHECK = "check", _("Check the file")
    SUBMIT = "submit", _("Check and submit for an administrator to import")
    COMMIT = "commit", _("Check and import now")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Header: respondent,sector, then question codes. Each answer a whole number on "
            "the scale, or empty. A raw export imports as it is."
        ),
    )
    # Set by the button pressed; the buttons are in the template, not rendered from here.
    action = forms.TypedChoiceField(
        choices=ImportAction.choices,
        coerce=ImportAction,
        required=False,
        empty_value=ImportAction.CHECK,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout("file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(n)s bytes).")
                % {"n": settings.IMPORT_MAX_BYTES}
            )
        return upload


class ImportBatchDecisionForm(TextLimitsMixin, forms.Form):
    """An administrator's confirmation of an act on an import batch, with its reason
    where the act asks for one (rejecting, withdrawing)."""

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Recorded with the batch and shown on the round's page."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": _("Give the reason")},
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]
        self.helper = _helper()


class CommentHideForm(TextLimitsMixin, forms.Form):
    """Why a comment is hidden: a reason from the list, and an optional note."""

    text_limit_names = {"note": _("The note")}

    reason = forms.ChoiceField(
        label=_("Why hide this comment?"),
        choices=CommentHiddenReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are hiding this comment")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("Seen only by coordinators and administrators."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=COMMENT_DECISION_NOTE_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
