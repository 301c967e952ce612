"""Optimistic locking: two coordinators edit the same row; the second is told of the
conflict and nothing of theirs is saved."""

import pytest

from partnerships.models import Sector
from profiles import services
from profiles.models import ActionStatus, AgreementVersion, EventEffect, EventKind
from tests.profiles.conftest import AGREEMENT, days


def test_a_stale_agreement_edit_is_refused(world, vcs_lead_a, draft_a):
    seen = draft_a.lock_version
    services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        lock_version=seen,
        content={**AGREEMENT, "purpose": "First."},
    )
    with pytest.raises(services.EditConflict) as refusal:
        services.agreement_save(
            area=world.area_a,
            user=vcs_lead_a,
            number=1,
            lock_version=seen,
            content={**AGREEMENT, "purpose": "Second."},
        )
    assert "Someone else changed this" in refusal.value.messages[0]
    draft_a.refresh_from_db()
    assert draft_a.purpose == "First."


def test_two_edits_of_a_signed_version_make_one_new_version(world, vcs_lead_a, signed_a):
    seen = signed_a.lock_version
    services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        lock_version=seen,
        content={**AGREEMENT, "purpose": "First."},
    )
    with pytest.raises(services.EditConflict):
        services.agreement_save(
            area=world.area_a,
            user=vcs_lead_a,
            number=1,
            lock_version=seen,
            content={**AGREEMENT, "purpose": "Second."},
        )
    assert list(
        AgreementVersion.objects.filter(area=world.area_a).values_list("number", flat=True)
    ) == [2, 1]


def test_a_second_new_agreement_is_refused(world, vcs_lead_a, draft_a):
    with pytest.raises(services.EditConflict):
        services.agreement_save(
            area=world.area_a,
            user=vcs_lead_a,
            number=None,
            lock_version=None,
            content=dict(AGREEMENT),
        )


def test_signing_a_version_changed_since_it_was_read_is_refused(world, vcs_lead_a, draft_a):
    seen = draft_a.lock_version
    services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        lock_version=seen,
        content={**AGREEMENT, "purpose": "Changed."},
    )
    with pytest.raises(services.EditConflict):
        services.agreement_sign(
            version=draft_a, user=vcs_lead_a, sector=Sector.VCS, lock_version=seen
        )
    assert not draft_a.signatures.exists()


def test_a_stale_development_action_edit_is_refused(world, vcs_lead_a, draft_a):
    action = services.development_action_create(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        title="Agree a chair",
        owner_name="Sam",
        due_date=days(10),
    )
    seen = action.lock_version
    services.development_action_update(
        action=action,
        user=world.coordinator_a,
        lock_version=seen,
        title="Agree a chair",
        owner_name="Sam",
        due_date=days(10),
        done=True,
    )
    with pytest.raises(services.EditConflict):
        services.development_action_update(
            action=action,
            user=vcs_lead_a,
            lock_version=seen,
            title="Agree a co-chair",
            owner_name="Val",
            due_date=days(20),
            done=False,
        )
    action.refresh_from_db()
    assert (action.title, action.done) == ("Agree a chair", True)


def test_a_stale_history_event_edit_is_refused(world, vcs_lead_a):
    event = services.history_event_create(
        area=world.area_a,
        user=world.coordinator_a,
        date=days(-400),
        kind=EventKind.COMPACT,
        sectors=[Sector.COUNCIL, Sector.VCS],
        effect=EventEffect.HELPED,
        description="Signed.",
    )
    fields = {
        "date": event.date,
        "kind": event.kind,
        "sectors": event.sectors,
        "effect": event.effect,
    }
    services.history_event_update(event=event, lock_version=0, description="First.", **fields)
    with pytest.raises(services.EditConflict):
        services.history_event_update(event=event, lock_version=0, description="Second.", **fields)
    with pytest.raises(services.EditConflict):
        services.history_event_delete(event=event, lock_version=0)
    event.refresh_from_db()
    assert event.description == "First."


def test_a_stale_plan_action_edit_is_refused(world):
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
    fields = {
        "title": "Name leads",
        "owner_name": "Sam",
        "sector": Sector.COUNCIL,
        "due_date": days(30),
        "dimension_key": "capacity",
    }
    services.plan_action_update(action=action, lock_version=0, status=ActionStatus.DONE, **fields)
    with pytest.raises(services.EditConflict):
        services.plan_action_update(
            action=action, lock_version=0, status=ActionStatus.IN_PROGRESS, **fields
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_funding_recorded_twice_for_a_round_is_refused(world):
    services.funding_record_save(
        area=world.area_a,
        round=world.round,
        lock_version=None,
        long_term_share=20,
        notice_period_weeks=4,
    )
    with pytest.raises(services.EditConflict):
        services.funding_record_save(
            area=world.area_a,
            round=world.round,
            lock_version=None,
            long_term_share=40,
            notice_period_weeks=8,
        )
