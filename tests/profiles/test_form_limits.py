"""Every text field of the area profile's forms: over-long text is refused with a message
naming the field and its limit, kept in the form, and nothing is saved (views)."""

import pytest
from django.urls import reverse

from profiles.models import (
    AgreementVersion,
    DevelopmentAction,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)

# view, who posts, field, how the message names it, limit, what must stay empty
CASES = [
    ("timeline_event_add", "coordinator_a", "description", "What happened", 500, HistoryEvent),
    (
        "agreement_edit",
        "coordinator_a",
        "purpose",
        "Purpose of the partnership",
        4000,
        AgreementVersion,
    ),
    ("agreement_edit", "coordinator_a", "compact_notes", "Other Compact commitments", 4000, None),
    ("development_action_add", "coordinator_a", "title", "Preparatory action", 300, None),
    ("development_action_add", "coordinator_a", "owner_name", "Owner", 200, None),
    ("funding_edit", "coordinator_a", "notes", "Notes", 500, FundingStability),
    ("plan_action_add", "coordinator_a", "title", "Action", 300, PlanAction),
    ("plan_action_add", "coordinator_a", "detail", "Detail", 2000, PlanAction),
    ("plan_action_add", "coordinator_a", "owner_name", "Owner", 200, PlanAction),
    ("area_recognition", "sponsor", "title", "Title", 200, Recognition),
    ("area_recognition", "sponsor", "note", "Case note", 2000, Recognition),
]


def _url(name, world):
    kwargs = {"area": world.area_a.slug}
    if name == "funding_edit":
        kwargs["round"] = world.round.slug
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "who", "field", "label", "limit", "model"), CASES)
def test_over_long_text_is_refused_by_name_and_kept(
    client, world, draft_a, name, who, field, label, limit, model
):
    client.force_login(getattr(world, who))
    count = limit + 112
    text = "y" * count
    actions_before = DevelopmentAction.objects.count()
    response = client.post(_url(name, world), {field: text, "number": draft_a.number})
    body = response.content.decode()
    assert response.status_code == 400
    message = f"{label} must be {limit:,} characters or fewer; you entered {count:,}"
    summary = body.split('class="error-summary"')[1].split("</div>")[0]
    assert message in summary
    assert f"\n{text}</textarea>" in body or f'value="{text}"' in body
    assert "maxlength" not in body.split("<main")[1]
    if model is AgreementVersion:
        assert AgreementVersion.objects.count() == 1  # the draft only, unchanged
        assert getattr(AgreementVersion.objects.get(), field) != text
    elif model is not None:
        assert not model.objects.exists()
    assert DevelopmentAction.objects.count() == actions_before


@pytest.mark.parametrize("name", ["timeline_event_add", "plan_action_add", "area_recognition"])
def test_each_form_shows_its_limits_and_carries_the_counter(client, world, name):
    client.force_login(world.sponsor if name == "area_recognition" else world.coordinator_a)
    body = client.get(_url(name, world)).content.decode()
    main = body.split("<main")[1]
    assert "You can enter up to" in main
    assert "data-character-limit=" in main
    assert "maxlength" not in main
