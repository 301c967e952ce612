"""Forms for the area profile. They validate input only; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text_limits import TextLimitsMixin
from partnerships.models import Sector
from profiles.models import (
    DESCRIPTION_MAX_LENGTH,
    ActionStatus,
    AgreementVersion,
    EventEffect,
    EventKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        # A date input's value must be ISO (YYYY-MM-DD), whatever the page's locale.
        super().__init__(attrs, format=format)


class LockedForm(forms.Form):
    """A form for an existing row: carries the ``lock_version`` the editor saw."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class HistoryEventForm(TextLimitsMixin, LockedForm):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors it touched"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    effect = forms.ChoiceField(
        label=_("Effect on the partnership"),
        choices=EventEffect.choices,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            self.fields["lock_version"].required = False


class AgreementForm(TextLimitsMixin, forms.ModelForm):
    """The agreement's content. Never saved directly: ``agreement_save`` decides whether
    the change edits the draft or makes a new version."""

    number = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgreementVersion
        fields = AgreementVersion.CONTENT_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "council_role": forms.Textarea(attrs={"rows": 3}),
            "vcs_role": forms.Textarea(attrs={"rows": 3}),
            "other_roles": forms.Textarea(attrs={"rows": 2}),
            "decision_making": forms.Textarea(attrs={"rows": 3}),
            "disagreements": forms.Textarea(attrs={"rows": 3}),
            "compact_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in AgreementVersion.CONTENT_FIELDS}


class SignForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    sector = forms.ChoiceField(
        choices=[
            (Sector.COUNCIL.value, Sector.COUNCIL.label),
            (Sector.VCS.value, Sector.VCS.label),
        ],
        widget=forms.HiddenInput,
    )
    confirm = forms.BooleanField(
        label=_("I have read this version and sign it for my sector"), required=True
    )


class DevelopmentActionForm(TextLimitsMixin, forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    title = forms.CharField(label=_("Preparatory action"), max_length=300)
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    due_date = forms.DateField(label=_("Due by"), widget=DateInput)
    done = forms.BooleanField(label=_("Done"), required=False)


class FundingForm(TextLimitsMixin, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    long_term_share = forms.DecimalField(
        label=_("Share of VCS funding agreements of three years or more (%)"),
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
    )
    notice_period_weeks = forms.IntegerField(
        label=_("Typical notice period before funding changes or ends (weeks)"),
        min_value=0,
        max_value=520,
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanActionForm(TextLimitsMixin, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    suggestion_key = forms.SlugField(widget=forms.HiddenInput, required=False, max_length=60)
    dimension_key = forms.ChoiceField(label=_("Dimension"), required=False)
    title = forms.CharField(label=_("Action"), max_length=300)
    detail = forms.CharField(
        label=_("Detail"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    sector = forms.ChoiceField(label=_("Owner's sector"), choices=Sector.choices)
    due_date = forms.DateField(label=_("Due by"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def __init__(self, *args, dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension_key"].choices = [("", _("The partnership as a whole"))] + [
            (d.key, d.name) for d in dimensions
        ]


class RecognitionForm(TextLimitsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(
        label=_("Case note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the area did, and why other areas could learn from it."),
    )
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, required=False)

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].empty_label = _("Not tied to a round")
