"""The area profile pages: who reads, who edits, and what a save does."""

import pytest
from django.urls import resolve, reverse

from partnerships.models import Sector
from profiles import selectors as profile_selectors
from profiles import services
from profiles.models import (
    ActionStatus,
    AgreementVersion,
    EventEffect,
    EventKind,
    HistoryEvent,
    PlanAction,
    Recognition,
)
from profiles.suggestions import Suggestion
from profiles.views import agreement, funding, overview, plan, recognition, timeline
from tests.factories import publish_results
from tests.profiles.conftest import AGREEMENT, days

READ_PAGES = [
    "area_profile",
    "area_timeline",
    "area_agreement",
    "agreement_versions",
    "area_funding",
    "area_action_plan",
    "area_recognition",
]
EDIT_PAGES = ["timeline_event_add", "agreement_edit", "plan_action_add"]


def url(name, area, **kwargs):
    return reverse(name, kwargs={"area": area.slug, **kwargs})


@pytest.mark.parametrize(
    ("name", "kwargs", "view"),
    [
        ("area_profile", {}, overview.profile),
        ("area_timeline", {}, timeline.timeline),
        ("timeline_event_add", {}, timeline.timeline_event_add),
        ("timeline_event_edit", {"pk": 1}, timeline.timeline_event_edit),
        ("timeline_event_delete", {"pk": 1}, timeline.timeline_event_delete),
        ("area_agreement", {}, agreement.agreement),
        ("agreement_edit", {}, agreement.agreement_edit),
        ("agreement_sign", {}, agreement.agreement_sign),
        ("agreement_versions", {}, agreement.agreement_versions),
        ("agreement_version", {"number": 1}, agreement.agreement_version),
        ("development_action_add", {}, agreement.development_action_add),
        ("development_action_edit", {"pk": 1}, agreement.development_action_edit),
        ("development_action_delete", {"pk": 1}, agreement.development_action_delete),
        ("area_funding", {}, funding.funding),
        ("funding_edit", {"round": "spring"}, funding.funding_edit),
        ("area_action_plan", {}, plan.action_plan),
        ("plan_action_add", {}, plan.plan_action_add),
        ("plan_action_edit", {"pk": 1}, plan.plan_action_edit),
        ("plan_action_delete", {"pk": 1}, plan.plan_action_delete),
        ("area_recognition", {}, recognition.recognition),
        ("recognition_withdraw", {"pk": 1}, recognition.recognition_withdraw),
    ],
)
def test_each_url_reaches_its_own_view(name, kwargs, view):
    path = reverse(name, kwargs={"area": "area-a", **kwargs})
    assert resolve(path).func is view


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize("who", ["coordinator_a", "respondent_a", "sponsor", "admin"])
def test_people_of_the_area_and_sponsors_read_the_profile(client, world, page, who):
    client.force_login(getattr(world, who))
    response = client.get(url(page, world.area_a))
    assert response.status_code == 200
    assert "Area A" in response.content.decode()


@pytest.mark.parametrize("page", READ_PAGES + EDIT_PAGES)
@pytest.mark.parametrize("who", ["coordinator_b", "respondent_b", "outsider"])
def test_people_of_other_areas_see_nothing(client, world, page, who):
    client.force_login(getattr(world, who))
    assert client.get(url(page, world.area_a)).status_code == 404


@pytest.mark.parametrize("page", EDIT_PAGES)
@pytest.mark.parametrize("who", ["respondent_a", "sponsor"])
def test_readers_may_not_edit(client, world, page, who):
    client.force_login(getattr(world, who))
    assert client.get(url(page, world.area_a)).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get(url("area_profile", world.area_a))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _event_form(**changes):
    return {
        "date": "2019-11-04",
        "kind": EventKind.COMPACT,
        "sectors": [Sector.COUNCIL, Sector.VCS],
        "effect": EventEffect.HELPED,
        "description": "The local Compact was refreshed.",
        **changes,
    }


def test_a_coordinator_adds_a_history_event(client, world):
    client.force_login(world.coordinator_a)
    response = client.post(url("timeline_event_add", world.area_a), _event_form())
    assert response.status_code == 302
    event = HistoryEvent.objects.get(area=world.area_a)
    assert event.sectors == [Sector.COUNCIL, Sector.VCS]
    page = client.get(url("area_timeline", world.area_a)).content.decode()
    assert "The local Compact was refreshed." in page


def test_a_respondent_cannot_post_an_event(client, world):
    client.force_login(world.respondent_a)
    response = client.post(url("timeline_event_add", world.area_a), _event_form())
    assert response.status_code == 403
    assert not HistoryEvent.objects.exists()


def test_an_invalid_event_is_shown_back_with_the_error_summary(client, world):
    client.force_login(world.coordinator_a)
    response = client.post(url("timeline_event_add", world.area_a), _event_form(sectors=[]))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_a_coordinator_editing_a_stale_event_is_told_of_the_conflict(client, world):
    event = services.history_event_create(
        area=world.area_a,
        user=world.coordinator_a,
        date=days(-10),
        kind=EventKind.OTHER,
        sectors=[Sector.VCS],
        effect=EventEffect.NEUTRAL,
        description="Original.",
    )
    services.history_event_update(
        event=event,
        lock_version=0,
        date=event.date,
        kind=event.kind,
        sectors=event.sectors,
        effect=event.effect,
        description="Someone else's change.",
    )
    client.force_login(world.coordinator_a)
    response = client.post(
        url("timeline_event_edit", world.area_a, pk=event.pk),
        _event_form(description="My change.", lock_version=0),
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    event.refresh_from_db()
    assert event.description == "Someone else's change."


def test_an_event_of_another_area_is_not_found(client, world):
    event = services.history_event_create(
        area=world.area_b,
        user=world.coordinator_b,
        date=days(-10),
        kind=EventKind.OTHER,
        sectors=[Sector.VCS],
        effect=EventEffect.NEUTRAL,
        description="B's event.",
    )
    client.force_login(world.coordinator_a)
    assert client.get(url("timeline_event_edit", world.area_a, pk=event.pk)).status_code == 404


def _agreement_form(**changes):
    form = {k: ("" if v is None else v) for k, v in AGREEMENT.items()}
    form["multi_year_funding"] = "on"
    return {**form, **changes}


def test_coordinators_draft_and_both_sector_leads_sign(client, world, vcs_lead_a):
    client.force_login(world.coordinator_a)
    assert client.post(url("agreement_edit", world.area_a), _agreement_form()).status_code == 302
    version = AgreementVersion.objects.get(area=world.area_a)
    page = client.get(url("area_agreement", world.area_a)).content.decode()
    assert "Draft (version 1)" in page
    sign = {"number": 1, "lock_version": version.lock_version, "confirm": "on"}
    client.post(url("agreement_sign", world.area_a), {**sign, "sector": Sector.COUNCIL})
    client.force_login(vcs_lead_a)
    client.post(url("agreement_sign", world.area_a), {**sign, "sector": Sector.VCS})
    assert version.signatures.count() == 2
    page = client.get(url("area_profile", world.area_a)).content.decode()
    assert "Signed by both sectors (version 1)" in page


def test_a_respondent_cannot_sign(client, world, draft_a):
    client.force_login(world.respondent_a)
    response = client.post(
        url("agreement_sign", world.area_a),
        {"number": 1, "lock_version": draft_a.lock_version, "sector": Sector.VCS, "confirm": "on"},
    )
    assert response.status_code == 403
    assert not draft_a.signatures.exists()


def test_changing_a_signed_agreement_makes_version_two(client, world, signed_a):
    client.force_login(world.coordinator_a)
    response = client.post(
        url("agreement_edit", world.area_a),
        _agreement_form(purpose="A new purpose.", number=1, lock_version=signed_a.lock_version),
    )
    assert response.status_code == 302
    page = client.get(url("area_agreement", world.area_a)).content.decode()
    assert "Draft (version 2)" in page
    assert "Version 1 was signed by both sectors." in page
    old = client.get(url("agreement_version", world.area_a, number=1)).content.decode()
    assert AGREEMENT["purpose"] in old
    assert "Signed for the Council by" in old


def test_a_second_editor_of_the_agreement_is_told_of_the_conflict(client, world, draft_a):
    stale = {"number": 1, "lock_version": draft_a.lock_version}
    client.force_login(world.coordinator_a)
    client.post(url("agreement_edit", world.area_a), _agreement_form(purpose="One.", **stale))
    response = client.post(
        url("agreement_edit", world.area_a), _agreement_form(purpose="Two.", **stale)
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.purpose == "One."


def test_a_coordinator_adds_a_development_action(client, world, draft_a):
    client.force_login(world.coordinator_a)
    response = client.post(
        url("development_action_add", world.area_a),
        {
            "number": 1,
            "title": "Agree a chair",
            "owner_name": "Sam",
            "due_date": days(20).isoformat(),
        },
    )
    assert response.status_code == 302
    assert draft_a.development_actions.get().title == "Agree a chair"


def test_a_coordinator_records_funding_stability_for_a_round(client, world):
    client.force_login(world.coordinator_a)
    response = client.post(
        url("funding_edit", world.area_a, round=world.round.slug),
        {"long_term_share": "42.5", "notice_period_weeks": 12, "notes": ""},
    )
    assert response.status_code == 302
    page = client.get(url("area_funding", world.area_a)).content.decode()
    assert "42.5%" in page


@pytest.fixture
def suggested(monkeypatch):
    suggestion = Suggestion(
        "name-leads-skills", "capacity", "Name leads in each sector", "Fund skills support."
    )
    monkeypatch.setattr(profile_selectors, "suggestion_list", lambda area_round: [suggestion])
    return suggestion


def test_nobody_but_administrators_sees_suggestions_before_publication(client, world, suggested):
    client.force_login(world.coordinator_a)
    page = client.get(url("area_action_plan", world.area_a)).content.decode()
    assert "Suggested next steps" not in page
    form = client.get(
        url("plan_action_add", world.area_a) + f"?round={world.round.slug}"
        f"&suggestion={suggested.key}"
    )
    assert form.context["form"].initial == {}
    assert "Name leads in each sector" not in form.content.decode()


def test_the_coordinator_sees_suggestions_and_adopts_one(client, world, suggested):
    publish_results(world.area_round_a)
    client.force_login(world.coordinator_a)
    page = client.get(url("area_action_plan", world.area_a)).content.decode()
    assert "Suggested next steps" in page
    form = client.get(
        url("plan_action_add", world.area_a) + f"?round={world.round.slug}"
        f"&suggestion={suggested.key}"
    )
    assert form.context["form"].initial["title"] == "Name leads in each sector"
    response = client.post(
        url("plan_action_add", world.area_a) + f"?round={world.round.slug}",
        {
            "suggestion_key": suggested.key,
            "dimension_key": "capacity",
            "title": "Name leads in each sector",
            "owner_name": "Sam",
            "sector": Sector.COUNCIL,
            "due_date": days(30).isoformat(),
            "status": ActionStatus.NOT_STARTED,
        },
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(area=world.area_a)
    assert (action.round, action.dimension_key) == (world.round, "capacity")
    page = client.get(url("area_action_plan", world.area_a)).content.decode()
    assert "Suggested next steps" not in page  # adopted suggestions are not offered again


def test_respondents_see_no_suggestions_before_results_are_published(client, world, suggested):
    client.force_login(world.respondent_a)
    page = client.get(url("area_action_plan", world.area_a)).content.decode()
    assert "Suggested next steps" not in page


def test_overdue_actions_are_marked(client, world):
    services.plan_action_create(
        area=world.area_a,
        round=world.round,
        user=world.coordinator_a,
        title="Late action",
        owner_name="Sam",
        sector=Sector.COUNCIL,
        due_date=days(-1),
    )
    services.plan_action_create(
        area=world.area_a,
        round=world.round,
        user=world.coordinator_a,
        title="Done action",
        owner_name="Sam",
        sector=Sector.COUNCIL,
        due_date=days(-1),
        status=ActionStatus.DONE,
    )
    client.force_login(world.respondent_a)
    response = client.get(url("area_action_plan", world.area_a))
    page = response.content.decode()
    assert page.count('class="table-warning overdue"') == 1
    assert "1 overdue" in page


def test_a_sponsor_recognises_innovation_worth_sharing(client, world):
    client.force_login(world.sponsor)
    response = client.post(
        url("area_recognition", world.area_a),
        {"title": "Joint commissioning", "note": "Worth sharing.", "round": world.round.pk},
    )
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert (recognition.area, recognition.round, recognition.recognised_by) == (
        world.area_a,
        world.round,
        world.sponsor,
    )


@pytest.mark.parametrize(("who", "status"), [("coordinator_a", 403), ("outsider", 404)])
def test_only_sponsors_recognise(client, world, who, status):
    client.force_login(getattr(world, who))
    response = client.post(
        url("area_recognition", world.area_a), {"title": "Mine", "note": "Self-praise."}
    )
    assert response.status_code == status
    assert not Recognition.objects.exists()


def test_a_second_editor_of_a_plan_action_is_told_of_the_conflict(client, world):
    action = services.plan_action_create(
        area=world.area_a,
        round=world.round,
        user=world.coordinator_a,
        title="Name leads",
        owner_name="Sam",
        sector=Sector.COUNCIL,
        due_date=days(30),
        dimension_key="capacity",
    )
    form = {
        "lock_version": 0,
        "dimension_key": "capacity",
        "title": "Name leads",
        "owner_name": "Sam",
        "sector": Sector.COUNCIL,
        "due_date": days(30).isoformat(),
    }
    client.force_login(world.coordinator_a)
    edit = url("plan_action_edit", world.area_a, pk=action.pk)
    assert client.post(edit, {**form, "status": ActionStatus.DONE}).status_code == 302
    response = client.post(edit, {**form, "status": ActionStatus.IN_PROGRESS})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_a_second_editor_of_a_development_action_is_told_of_the_conflict(client, world, draft_a):
    action = services.development_action_create(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        title="Agree a chair",
        owner_name="Sam",
        due_date=days(10),
    )
    form = {
        "number": 1,
        "lock_version": 0,
        "title": "Agree a chair",
        "owner_name": "Sam",
        "due_date": days(10).isoformat(),
    }
    client.force_login(world.coordinator_a)
    edit = url("development_action_edit", world.area_a, pk=action.pk)
    assert client.post(edit, {**form, "done": "on"}).status_code == 302
    response = client.post(edit, {**form, "owner_name": "Val"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    action.refresh_from_db()
    assert (action.owner_name, action.done) == ("Sam", True)
