import pytest
from django.core.exceptions import ValidationError

from partnerships.models import Sector
from profiles import services
from profiles.models import EventEffect, EventKind, HistoryEvent
from tests.profiles.conftest import days


def _event(world, **changes):
    fields = {
        "area": world.area_a,
        "user": world.coordinator_a,
        "date": days(-100),
        "kind": EventKind.FUNDING_DISPUTE,
        "sectors": [Sector.VCS],
        "effect": EventEffect.STRAINED,
        "description": "Grants cut with two weeks' notice.",
    }
    return services.history_event_create(**{**fields, **changes})


def test_it_records_an_event_with_the_sectors_it_touched(world):
    event = _event(world, sectors=[Sector.COUNCIL, Sector.VCS])
    assert event.get_sectors_display() == ["Council", "Voluntary and community sector"]


@pytest.mark.parametrize("sectors", [[], ["police"], [Sector.VCS, Sector.VCS]])
def test_it_refuses_missing_or_unknown_sectors(world, sectors):
    with pytest.raises(ValidationError):
        _event(world, sectors=sectors)
    assert not HistoryEvent.objects.exists()


def test_it_refuses_a_description_over_500_characters(world):
    with pytest.raises(ValidationError):
        _event(world, description="x" * 501)


def test_an_edit_bumps_the_lock_version(world):
    event = _event(world)
    changed = services.history_event_update(
        event=event,
        lock_version=0,
        date=event.date,
        kind=EventKind.JOINT_COMMISSION,
        sectors=[Sector.COUNCIL],
        effect=EventEffect.HELPED,
        description="Joint commission.",
    )
    assert (changed.kind, changed.lock_version) == (EventKind.JOINT_COMMISSION, 1)
