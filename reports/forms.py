from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import CouncilType
from reports.selectors import region_list, round_list_programme


class ProgrammeFilterForm(forms.Form):
    """The programme dashboard's filters (a GET form). ``rounds``: the programme's rounds,
    newest first (``round_list_programme()``); the cleaned ``round`` is one of them, or None."""

    round = forms.ChoiceField(label=_("Round"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    council_type = forms.ChoiceField(label=_("Council type"), required=False)

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = list(round_list_programme()) if rounds is None else rounds
        self.fields["round"].choices = [(r.slug, r.name) for r in self.rounds]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (region, region) for region in region_list()
        ]
        self.fields["council_type"].choices = [("", _("All council types")), *CouncilType.choices]

    def clean_round(self):
        slug = self.cleaned_data["round"]
        return next((r for r in self.rounds if r.slug == slug), None)
