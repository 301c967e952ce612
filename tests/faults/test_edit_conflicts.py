"""Fault 4: two coordinators edit the same agreement or action; the second is told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Role, Sector
from profiles import services
from profiles.models import ActionStatus, AgreementVersion, PlanAction
from tests.factories import MembershipFactory, UserFactory
from tests.faults.conftest import report

pytestmark = pytest.mark.faults

CONTENT = {
    "purpose": "Improve advice services together.",
    "council_role": "Hosts the board.",
    "vcs_role": "Represents frontline organisations.",
    "decision_making": "By consensus.",
    "disagreements": "An independent chair mediates.",
}


@pytest.fixture
def second_coordinator(world):
    user = UserFactory(username="coordinator_a2")
    MembershipFactory(user=user, role=Role.COORDINATOR, area=world.area_a, sector=Sector.VCS)
    return user


def test_the_second_save_of_an_agreement_is_refused_not_merged(world, second_coordinator, capsys):
    first = services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=None,
        lock_version=None,
        content=CONTENT,
    )
    seen = (first.number, first.lock_version)  # both opened the form on this version
    services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=seen[0],
        lock_version=seen[1],
        content={**CONTENT, "purpose": "First editor's purpose."},
    )
    with pytest.raises(ValidationError) as conflict:
        services.agreement_save(
            area=world.area_a,
            user=second_coordinator,
            number=seen[0],
            lock_version=seen[1],
            content={**CONTENT, "purpose": "Second editor's purpose."},
        )
    assert conflict.value.code == "conflict"
    assert "Someone else changed this" in " ".join(conflict.value.messages)
    stored = AgreementVersion.objects.get(area=world.area_a)
    assert stored.purpose == "First editor's purpose."
    report(capsys, "agreement: 2 concurrent saves, 1 stored, 1 told of the conflict, 0 lost")


def test_the_second_save_of_an_action_through_the_page_answers_409(
    world, second_coordinator, capsys
):
    action = PlanAction.objects.create(
        area=world.area_a,
        round=world.round,
        title="Shared training budget",
        owner_name="A. Lead",
        sector=Sector.COUNCIL,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    url = reverse("plan_action_edit", kwargs={"area": "area-a", "pk": action.pk})
    form = {
        "title": "Shared training budget",
        "owner_name": "A. Lead",
        "sector": Sector.COUNCIL,
        "due_date": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(),
        "status": ActionStatus.IN_PROGRESS,
        "dimension_key": "capacity",
        "detail": "",
        "lock_version": action.lock_version,
    }
    first, second = Client(), Client()
    first.force_login(world.coordinator_a)
    second.force_login(second_coordinator)
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200

    saved = first.post(url, {**form, "owner_name": "First editor"})
    refused = second.post(url, {**form, "owner_name": "Second editor"})

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert "Someone else changed this" in refused.content.decode()
    action.refresh_from_db()
    assert action.owner_name == "First editor" and action.lock_version == 1
    report(capsys, "action plan: 2 concurrent saves, 1 stored, 1 answered 409, 0 lost")
