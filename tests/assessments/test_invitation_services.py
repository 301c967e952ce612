"""Invitations: inviting a pasted list, the single-use link, resending (services.invitations)."""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import tasks
from assessments.models import AreaRound, AreaRoundStatus, Invitation
from assessments.services.invitations import (
    InvitationInvalid,
    InvitationProblem,
    invitation_accept,
    invitation_resend,
    invitations_create,
    parse_email_list,
    reminders_send_due,
)
from partnerships.models import Membership, Role, Sector

LINK = re.compile(r"/invite/([A-Za-z0-9_-]+)/")


def _invite(world, text, captured, sector=Sector.VCS):
    with captured(execute=True):
        return invitations_create(
            area_round=world.area_round_a,
            emails_text=text,
            sector=sector,
            invited_by=world.coordinator_a,
        )


def _token_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_it_lists_bad_addresses_back_and_still_invites_the_good_ones(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    outcome = _invite(
        world,
        "ann@example.org, not-an-address\nBob Smith <BOB@example.org>; ann@example.org  @nope",
        django_capture_on_commit_callbacks,
    )
    assert outcome.invited == ["ann@example.org", "bob@example.org"]
    assert outcome.rejected == ["not-an-address", "@nope"]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ann@example.org",
        "bob@example.org",
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "bob@example.org"]
    assert all(m.alternatives and m.alternatives[0][1] == "text/html" for m in mailoutbox)
    assert "Area A" in mailoutbox[0].subject


def test_parse_email_list_keeps_order_and_drops_duplicates():
    good, bad = parse_email_list("b@example.org a@example.org B@example.org x@")
    assert good == ["b@example.org", "a@example.org"]
    assert bad == ["x@"]


def test_people_already_invited_are_listed_and_not_emailed_again(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    outcome = _invite(world, "ann@example.org eve@example.org", django_capture_on_commit_callbacks)
    assert outcome.already_invited == ["ann@example.org"]
    assert [m.to[0] for m in mailoutbox] == ["ann@example.org", "eve@example.org"]


def test_it_stores_only_a_hash_of_a_long_random_token(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    token = _token_in(mailoutbox[0])
    assert len(token) >= 43  # 32 random bytes, base64: 256 bits
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get())
    assert invitation.sent_at is not None and invitation.send_count == 1


def test_it_refuses_to_invite_into_a_round_that_is_not_open(world):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.DRAFT)
    world.area_round_a.refresh_from_db()
    with pytest.raises(ValidationError):
        invitations_create(
            area_round=world.area_round_a, emails_text="ann@example.org", sector=Sector.VCS
        )
    assert not Invitation.objects.exists()


def test_accepting_creates_a_person_without_a_password_and_a_respondent_role(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "new.person@example.org", django_capture_on_commit_callbacks)
    invitation = invitation_accept(token=_token_in(mailoutbox[0]))
    user = invitation.user
    assert user.email == "new.person@example.org"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user, area=world.area_a)
    assert membership.role == Role.RESPONDENT and membership.sector == Sector.VCS
    assert Invitation.objects.get().used_at is not None


def test_an_address_with_an_apostrophe_gets_an_account(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "o'brien@example.org", django_capture_on_commit_callbacks)
    user = invitation_accept(token=_token_in(mailoutbox[0])).user
    assert user.email == "o'brien@example.org"
    assert user.username == "o_brien@example.org"  # the username validator refuses "'"


def test_addresses_alike_in_their_first_140_characters_get_different_usernames(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    local = "a" * 140
    _invite(
        world, f"{local}1@example.org {local}2@example.org", django_capture_on_commit_callbacks
    )
    users = [invitation_accept(token=_token_in(message)).user for message in mailoutbox]
    usernames = {user.username for user in users}
    assert len(usernames) == 2
    assert all(len(name) <= 150 and name.startswith(local[:130]) for name in usernames)
    assert {user.email for user in users} == {f"{local}1@example.org", f"{local}2@example.org"}


def test_accepting_signs_in_an_existing_person_by_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, world.respondent_b.email.upper(), django_capture_on_commit_callbacks)
    invitation = invitation_accept(token=_token_in(mailoutbox[0]))
    assert invitation.user == world.respondent_b
    assert Membership.objects.filter(
        user=world.respondent_b, area=world.area_a, role=Role.RESPONDENT
    ).exists()
    assert get_user_model().objects.filter(email__iexact=world.respondent_b.email).count() == 1


def test_a_used_link_is_refused(world, mailoutbox, django_capture_on_commit_callbacks):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    token = _token_in(mailoutbox[0])
    invitation_accept(token=token)
    with pytest.raises(InvitationInvalid) as error:
        invitation_accept(token=token)
    assert error.value.problem == InvitationProblem.USED


def test_an_expired_link_is_refused_and_creates_nobody(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(InvitationInvalid) as error:
        invitation_accept(token=_token_in(mailoutbox[0]))
    assert error.value.problem == InvitationProblem.EXPIRED
    assert not get_user_model().objects.filter(email="ann@example.org").exists()
    assert Invitation.objects.get().used_at is None


def test_a_link_expires_when_the_round_is_closed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    with pytest.raises(InvitationInvalid) as error:
        invitation_accept(token=_token_in(mailoutbox[0]))
    assert error.value.problem == InvitationProblem.EXPIRED


def test_the_link_expires_at_the_end_of_the_closing_day(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    expires = timezone.localtime(Invitation.objects.get().expires_at)
    assert expires.date() == world.area_round_a.closes + datetime.timedelta(days=1)
    assert (expires.hour, expires.minute) == (0, 0)


def test_an_unknown_token_is_refused(db):
    with pytest.raises(InvitationInvalid) as error:
        invitation_accept(token="made-up")
    assert error.value.problem == InvitationProblem.UNKNOWN


def test_a_link_never_signs_in_an_administrator(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, world.admin.email, django_capture_on_commit_callbacks)
    with pytest.raises(InvitationInvalid) as error:
        invitation_accept(token=_token_in(mailoutbox[0]))
    assert error.value.problem == InvitationProblem.PASSWORD_ACCOUNT


def test_resending_sends_a_new_link_and_the_old_one_stops_working(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    old = _token_in(mailoutbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=Invitation.objects.get())
    new = _token_in(mailoutbox[1])
    assert new != old
    with pytest.raises(InvitationInvalid):
        invitation_accept(token=old)
    assert invitation_accept(token=new).send_count == 2


def test_a_second_delivery_of_the_send_task_sends_nothing(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    assert tasks.send_invitation(Invitation.objects.get().pk) is False
    assert len(mailoutbox) == 1


def test_a_broker_failure_keeps_the_invitation_and_the_sweep_sends_it_later(
    world, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken_delay(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.send_invitation, "delay", broken_delay)
    outcome = _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    assert outcome.invited == ["ann@example.org"]
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None and not mailoutbox
    assert "could not queue" in caplog.text
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert reminders_send_due() == 1
    assert [m.to[0] for m in mailoutbox] == ["ann@example.org"]
    assert Invitation.objects.get().sent_at is not None


def test_a_response_started_after_accepting_is_linked_to_the_invitation(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from assessments.services.responses import response_start

    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    user = invitation_accept(token=_token_in(mailoutbox[0])).user
    response = response_start(user=user, area_round=world.area_round_a, sector=Sector.VCS)
    assert response.invitation == Invitation.objects.get()
