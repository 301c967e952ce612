"""Scheduled and manual reminders (services.invitations, tasks.send_due_reminders)."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import AreaRound, Invitation
from assessments.services.invitations import (
    invitation_accept,
    invitations_create,
    reminders_queue,
    reminders_send_due,
)
from assessments.services.responses import response_save_page, response_start, response_submit
from tests.assessments.conftest import all_answered
from tests.assessments.test_invitation_services import LINK, _token_in
from tests.factories import UserFactory


@pytest.fixture
def invited(world, mailoutbox, django_capture_on_commit_callbacks):
    """Three invited people: one submitted, one with a draft, one who never came."""
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        closes=timezone.localdate() + datetime.timedelta(days=7)
    )
    world.area_round_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(
            area_round=world.area_round_a,
            emails_text="done@example.org draft@example.org never@example.org",
            sector="vcs",
        )
    tokens = {m.to[0]: _token_in(m) for m in mailoutbox}
    dimension = world.round.framework.dimensions.order_by("order").first()
    for email in ("done@example.org", "draft@example.org"):
        user = invitation_accept(token=tokens[email]).user
        response = response_start(user=user, area_round=world.area_round_a, sector="vcs")
        response_save_page(
            response=response, dimension=dimension, answers=all_answered(dimension.questions.all())
        )
        if email == "done@example.org":
            response_submit(response=response)
    mailoutbox.clear()
    return world.area_round_a


def _recipients(mailoutbox):
    return sorted(m.to[0] for m in mailoutbox)


@override_settings(REMINDER_DAYS_BEFORE_CLOSE=[7, 2])
def test_it_reminds_only_those_who_have_not_submitted(invited, mailoutbox):
    assert reminders_send_due() == 2
    assert _recipients(mailoutbox) == ["draft@example.org", "never@example.org"]
    assert "Reminder" in mailoutbox[0].subject


@override_settings(REMINDER_DAYS_BEFORE_CLOSE=[7, 2])
def test_it_sends_each_schedule_mark_once(invited, mailoutbox):
    today = timezone.localdate()
    reminders_send_due(today=today)
    reminders_send_due(today=today)
    reminders_send_due(today=today + datetime.timedelta(days=1))  # 6 days left: still mark 7
    assert len(mailoutbox) == 2
    reminders_send_due(today=today + datetime.timedelta(days=5))  # 2 days left: mark 2
    reminders_send_due(today=today + datetime.timedelta(days=6))
    assert len(mailoutbox) == 4
    reminded = Invitation.objects.exclude(email="done@example.org")
    assert [i.reminders_sent for i in reminded] == [[7, 2], [7, 2]]
    assert Invitation.objects.get(email="done@example.org").reminders_sent == []


@override_settings(REMINDER_DAYS_BEFORE_CLOSE=[7, 2])
def test_nothing_is_sent_before_the_first_mark_or_after_close(invited, mailoutbox):
    today = timezone.localdate()
    assert reminders_send_due(today=today - datetime.timedelta(days=1)) == 0
    assert reminders_send_due(today=today + datetime.timedelta(days=8)) == 0
    assert not mailoutbox


@override_settings(REMINDER_DAYS_BEFORE_CLOSE=[7, 2])
def test_the_beat_task_sends_due_reminders(invited, mailoutbox):
    assert tasks.send_due_reminders() == 2


def test_a_reminder_link_signs_in_again(invited, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_queue(area_round=invited) == 2
    invitation = invitation_accept(token=_token_in(mailoutbox[0]))
    assert invitation.user is not None


def test_a_manual_reminder_is_not_repeated_within_hours(
    invited, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_queue(area_round=invited)
        reminders_queue(area_round=invited)
    assert _recipients(mailoutbox) == ["draft@example.org", "never@example.org"]
    assert all(not i.reminders_sent for i in Invitation.objects.all())


def test_a_reminder_to_an_address_whose_account_signs_in_carries_no_link(
    invited, mailoutbox, django_capture_on_commit_callbacks
):
    never = Invitation.objects.get(email="never@example.org")
    UserFactory(username="never", email="never@example.org")  # an account with a password
    with django_capture_on_commit_callbacks(execute=True):
        reminders_queue(area_round=invited)
    [message] = [m for m in mailoutbox if m.to == ["never@example.org"]]
    assert LINK.search(message.body) is None
    assert reverse("login") in message.body
    never.refresh_from_db()
    assert never.user.username == "never"
