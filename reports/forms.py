from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import CouncilType
from reports.selectors import programme_regions, programme_rounds


class ProgrammeFilterForm(forms.Form):
    """The programme dashboard's filters (a GET form)."""

    round = forms.ModelChoiceField(
        label=_("Round"), queryset=None, to_field_name="slug", required=False, empty_label=None
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    council_type = forms.ChoiceField(label=_("Council type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = programme_rounds()
        self.fields["region"].choices = [("", _("All regions"))] + [
            (region, region) for region in programme_regions()
        ]
        self.fields["council_type"].choices = [("", _("All council types")), *CouncilType.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
