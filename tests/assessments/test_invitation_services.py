"""Invitations: inviting a pasted list, the single-use link, who a link answers as, resending
(services.invitations)."""

import datetime
import hashlib
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import tasks
from assessments.models import AreaRound, AreaRoundStatus, Invitation
from assessments.services.invitations import (
    InvitationInvalid,
    InvitationProblem,
    invitation_accept,
    invitation_get_by_token,
    invitation_resend,
    invitations_create,
    parse_email_list,
    reminders_send_due,
)
from partnerships.models import Membership, Role, Sector
from tests.factories import (
    PASSWORD,
    AreaRoundFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
)

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


def _sign_in_email_checks(message, world):
    """The sign-in email: no working link, and the sign-in page going on to the assessment."""
    html = message.alternatives[0][0]
    assert LINK.search(message.body) is None and LINK.search(html) is None
    start = reverse("assessment_start", kwargs={"area": "area-a", "round": "spring"})
    sign_in = f"{reverse('login')}?{urlencode({'next': start})}"
    assert sign_in in message.body
    assert "sign in with your account" in message.body


@pytest.mark.parametrize(
    "who", ["sponsor", "coordinator_a", "coordinator_b", "admin", "respondent_a", "respondent_b"]
)
def test_an_address_whose_account_signs_in_gets_the_sign_in_email_and_no_link(
    world, mailoutbox, django_capture_on_commit_callbacks, who
):
    account = getattr(world, who)
    _invite(world, account.email.upper(), django_capture_on_commit_callbacks)
    [message] = mailoutbox
    _sign_in_email_checks(message, world)
    invitation = Invitation.objects.get()
    assert invitation.user == account and invitation.sent_at is not None
    # They may answer once signed in: a respondent in the area, with the invited sector.
    membership = Membership.objects.get(user=account, area=world.area_a, role=Role.RESPONDENT)
    assert membership.sector == Sector.VCS
    # No account was made for the address, and no other account answers for it.
    assert get_user_model().objects.filter(email__iexact=account.email).count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"is_staff": True},
    ],
)
def test_a_switched_off_or_staff_account_without_a_password_gets_no_link(
    world, mailoutbox, django_capture_on_commit_callbacks, change
):
    account = UserFactory(username="no-password", email="no-password@example.org", **change)
    account.set_unusable_password()
    account.save()
    _invite(world, account.email, django_capture_on_commit_callbacks)
    _sign_in_email_checks(mailoutbox[0], world)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SPONSOR])
def test_a_passwordless_account_with_a_role_beyond_respondent_gets_no_link(
    world, mailoutbox, django_capture_on_commit_callbacks, role
):
    account = UserFactory(username="role-holder", email="role-holder@example.org")
    account.set_unusable_password()
    account.save()
    MembershipFactory(
        user=account, role=role, area=None if role == Role.SPONSOR else world.area_b, sector=""
    )
    _invite(world, account.email, django_capture_on_commit_callbacks)
    _sign_in_email_checks(mailoutbox[0], world)


def test_a_passwordless_respondent_of_another_area_gets_a_separate_identity_here(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    other = UserFactory(username="shared@example.org", email="shared@example.org")
    other.set_unusable_password()
    other.save()
    MembershipFactory(user=other, role=Role.RESPONDENT, area=world.area_b)
    _invite(world, "shared@example.org", django_capture_on_commit_callbacks)
    identity = invitation_accept(token=_token_in(mailoutbox[0])).user
    assert identity != other
    assert identity.email == "shared@example.org" and not identity.has_usable_password()
    assert identity.username != other.username
    assert set(Membership.objects.filter(user=identity).values_list("role", "area")) == {
        (Role.RESPONDENT, world.area_a.pk)
    }
    assert set(Membership.objects.filter(user=other).values_list("role", "area")) == {
        (Role.RESPONDENT, world.area_b.pk)
    }


def test_the_areas_identity_for_an_address_answers_again_in_a_later_round(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    first = invitation_accept(token=_token_in(mailoutbox[0])).user
    later = AreaRoundFactory(area=world.area_a, round=RoundFactory(slug="autumn"))
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(area_round=later, emails_text="ann@example.org", sector=Sector.VCS)
    assert invitation_accept(token=_token_in(mailoutbox[1])).user == first
    assert get_user_model().objects.filter(email="ann@example.org").count() == 1


def test_a_link_is_refused_once_the_address_has_an_account_that_signs_in(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "later@example.org", django_capture_on_commit_callbacks)
    token = _token_in(mailoutbox[0])
    UserFactory(username="later", email="Later@example.org")  # with a password
    for use in (invitation_get_by_token, invitation_accept):
        with pytest.raises(InvitationInvalid) as error:
            use(token=token)
        assert error.value.problem == InvitationProblem.SIGN_IN_ACCOUNT
    assert Invitation.objects.get().used_at is None
    assert get_user_model().objects.filter(email__iexact="later@example.org").count() == 1


def test_a_link_is_refused_once_its_identity_has_a_password(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    identity = invitation_accept(token=_token_in(mailoutbox[0])).user
    identity.set_password(PASSWORD)
    identity.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=Invitation.objects.get())
    # The resend already knows: it carries no link, only the sign-in page.
    _sign_in_email_checks(mailoutbox[1], world)


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


def test_a_link_sent_before_an_administrator_had_the_address_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(world, "boss@example.org", django_capture_on_commit_callbacks)
    world.admin.email = "boss@example.org"
    world.admin.save()
    with pytest.raises(InvitationInvalid) as error:
        invitation_accept(token=_token_in(mailoutbox[0]))
    assert error.value.problem == InvitationProblem.SIGN_IN_ACCOUNT


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


def test_the_invitation_states_the_rounds_minimum_group_size(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    framework = world.round.framework
    type(framework).objects.filter(pk=framework.pk).update(min_group_size=5)
    _invite(world, "ann@example.org", django_capture_on_commit_callbacks)
    [message] = mailoutbox
    promise = "results are shown only for groups of at least 5 people"
    assert promise in message.body
    assert promise in message.alternatives[0][0]
