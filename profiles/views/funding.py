"""Funding stability: how stable VCS funding is in the area, recorded once per round."""

from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.selectors import round_list
from profiles import selectors, services
from profiles.forms import FundingForm
from profiles.views.pages import (
    coordinator_page,
    fields,
    form_page,
    posted,
    section_context,
    viewer_page,
)

FUNDING_FIELDS = ["long_term_share", "notice_period_weeks", "notes"]


@viewer_page
def funding(request, area):
    records = {record.round_id: record for record in selectors.funding_record_list(area=area)}
    rows = [(round, records.get(round.pk)) for round in round_list(area=area)]
    return render(
        request, "profiles/funding.html", {**section_context(request, area), "rows": rows}
    )


def _funding_initial(record) -> dict:
    if record is None:
        return {}
    return {**model_to_dict(record, fields=FUNDING_FIELDS), "lock_version": record.lock_version}


@coordinator_page
def funding_edit(request, area, round):
    round = get_object_or_404(round_list(area=area), slug=round)
    record = selectors.funding_record_list(area=area).filter(round=round).first()
    return form_page(
        request,
        area=area,
        form=FundingForm(posted(request), initial=_funding_initial(record)),
        template="profiles/funding_form.html",
        context={"round": round},
        save=lambda data: services.funding_record_save(
            area=area,
            round=round,
            lock_version=data["lock_version"],
            **fields(data, FUNDING_FIELDS),
        ),
        success=_("Funding stability was recorded."),
        done=reverse("area_funding", kwargs={"area": area.slug}),
    )
