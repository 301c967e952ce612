"""Every change to an area's profile raises its ``profile_version`` (the area dashboard's
cache key), whichever way the change is made; other areas' versions stay as they were."""

from decimal import Decimal

import pytest

from partnerships.models import CouncilArea, Sector
from pip_portal.personal_data import person_erase
from profiles import services
from profiles.models import ActionStatus, EventEffect, EventKind, HistoryEvent
from tests.profiles.conftest import days


def _versions(world) -> tuple[int, int]:
    a, b = (
        CouncilArea.objects.get(pk=area.pk).profile_version
        for area in (world.area_a, world.area_b)
    )
    return a, b


@pytest.fixture
def event_a(world):
    return services.history_event_create(
        area=world.area_a,
        user=world.coordinator_a,
        date=days(-30),
        kind=EventKind.FUNDING_DISPUTE,
        sectors=[Sector.VCS],
        effect=EventEffect.STRAINED,
        description="Grants cut with two weeks' notice.",
    )


def test_adding_editing_and_removing_a_history_event_each_count(world, event_a):
    assert _versions(world) == (1, 0)
    services.history_event_update(
        event=event_a,
        lock_version=event_a.lock_version,
        date=event_a.date,
        kind=event_a.kind,
        sectors=event_a.sectors,
        effect=event_a.effect,
        description="Grants cut.",
    )
    assert _versions(world) == (2, 0)
    event = HistoryEvent.objects.get(pk=event_a.pk)
    services.history_event_delete(event=event, lock_version=event.lock_version)
    assert _versions(world) == (3, 0)


def test_agreement_drafts_signatures_and_development_actions_count(world, draft_a):
    after_draft = _versions(world)[0]
    assert after_draft >= 1
    services.agreement_sign(
        version=draft_a,
        user=world.coordinator_a,
        sector=Sector.COUNCIL,
        lock_version=draft_a.lock_version,
    )
    after_signature = _versions(world)[0]
    assert after_signature > after_draft
    services.development_action_create(
        area=world.area_a,
        user=world.coordinator_a,
        number=draft_a.number,
        title="Agree a shared data standard",
        owner_name="Val Voluntary",
        due_date=days(30),
    )
    assert _versions(world)[0] > after_signature
    assert _versions(world)[1] == 0


def test_funding_plan_actions_and_recognitions_count(world):
    services.funding_record_save(
        area=world.area_a,
        round=world.round,
        lock_version=None,
        long_term_share=Decimal("40.0"),
        notice_period_weeks=12,
    )
    assert _versions(world) == (1, 0)
    services.plan_action_create(
        area=world.area_a,
        round=world.round,
        user=world.coordinator_a,
        title="Joint workshop on capacity",
        owner_name="Chris Council",
        sector=Sector.COUNCIL,
        due_date=days(60),
        status=ActionStatus.NOT_STARTED,
    )
    assert _versions(world) == (2, 0)
    recognition = services.recognition_create(
        area=world.area_a, user=world.sponsor, title="Street grants", note="Decided together."
    )
    assert _versions(world) == (3, 0)
    services.recognition_withdraw(recognition=recognition)
    assert _versions(world) == (4, 0)


def test_a_change_made_outside_the_services_counts_too(world, event_a):
    """The admin saves and deletes rows directly."""
    before = _versions(world)[0]
    event_a.description = "Edited in the admin."
    event_a.save()
    assert _versions(world)[0] == before + 1
    event_a.delete()
    assert _versions(world)[0] == before + 2


def test_deleting_an_area_with_a_signed_agreement_works(world, signed_a):
    world.area_a.delete()
    assert not CouncilArea.objects.filter(pk=world.area_a.pk).exists()


def test_erasing_a_person_counts_where_their_name_was_shown(world, signed_a):
    """Erasure rewrites signers' and recognisers' names with ``update()``, which sends no
    signal: the areas whose profiles showed them still get a new version."""
    services.recognition_create(
        area=world.area_b, user=world.sponsor, title="Street grants", note="Decided together."
    )
    before = _versions(world)
    person_erase(user=world.coordinator_a)  # signed area A's agreement
    person_erase(user=world.sponsor)  # recognised area B
    after = _versions(world)
    assert after[0] > before[0] and after[1] > before[1]
