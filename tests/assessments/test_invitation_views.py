"""The invitation link page (views.invitation_accept_view) and the session invitee it makes
(assessments.invitees): a link opens one area round's assessment and signs nobody in."""

import datetime

import pytest
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse
from django.utils import timezone

from assessments.invitees import SESSION_KEY
from assessments.models import AreaRound, AreaRoundStatus, Invitation
from assessments.services.invitations import _new_token
from assessments.services.rounds import area_round_closes_at
from tests.factories import PASSWORD, UserFactory

START = reverse("assessment_start", kwargs={"area": "area-a", "round": "spring"})


def _invitation(area_round, email="invitee@example.org"):
    token, token_hash = _new_token()
    Invitation.objects.create(
        area_round=area_round,
        email=email,
        sector="vcs",
        token_hash=token_hash,
        expires_at=area_round_closes_at(area_round),
        sent_at=timezone.now(),
    )
    return token


@pytest.fixture
def token(world):
    return _invitation(world.area_round_a)


@pytest.fixture
def sign_ins():
    """Every sign-in the test makes, by signal: a link must make none."""
    seen = []

    def record(sender, user, **kwargs):
        seen.append(user)

    user_logged_in.connect(record, dispatch_uid="test-invitation-sign-ins")
    yield seen
    user_logged_in.disconnect(dispatch_uid="test-invitation-sign-ins")


def _link(token):
    return reverse("invitation_accept", kwargs={"token": token})


def _signed_in(client):
    return "_auth_user_id" in client.session


def _is_invitee(client):
    return SESSION_KEY in client.session


def test_opening_the_link_does_not_use_it(client, token):
    page = client.get(_link(token))
    assert page.status_code == 200 and "Continue" in page.content.decode()
    assert Invitation.objects.get().used_at is None
    assert not _signed_in(client) and not _is_invitee(client)


def test_continuing_opens_the_assessment_without_signing_anyone_in(client, token, sign_ins):
    client.get(_link(token))
    before = client.session.session_key
    page = client.post(_link(token))
    assert page.status_code == 302 and page.url == START
    assert not sign_ins and not _signed_in(client)
    assert _is_invitee(client)
    assert client.session.session_key != before  # a new session key once the link is used
    start = client.get(START)
    assert start.status_code == 200
    assert start.wsgi_request.user.is_anonymous
    body = start.content.decode()
    assert "Sign out" not in body and "Signed in as" not in body
    invitation = Invitation.objects.get()
    assert invitation.used_at is not None and not invitation.user.has_usable_password()


def test_the_invitee_is_a_signed_out_visitor_everywhere_else(client, token, world):
    client.post(_link(token))
    for name, kwargs in [
        ("home", {}),
        ("area_profile", {"area": "area-a"}),
        ("round_manage", {"area": "area-a", "round": "spring"}),
        ("assessment_start", {"area": "area-b", "round": "spring"}),
    ]:
        page = client.get(reverse(name, kwargs=kwargs))
        assert page.status_code == 302 and page.url.startswith(reverse("login")), name


def test_a_reused_link_gets_a_clear_page_and_no_sign_in(client, token):
    client.post(_link(token))
    client.logout()
    for method in (client.get, client.post):
        page = method(_link(token))
        assert page.status_code == 410
        assert "already been used" in page.content.decode()
        assert not _signed_in(client) and not _is_invitee(client)


def test_reopening_ones_own_link_goes_back_to_the_assessment(client, token):
    client.post(_link(token))
    for method in (client.get, client.post):
        page = method(_link(token))
        assert page.status_code == 302 and page.url == START


def test_an_expired_link_gets_a_clear_page_and_no_sign_in(client, token):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.post(_link(token))
    assert page.status_code == 410 and "expired" in page.content.decode()
    assert not _signed_in(client) and not _is_invitee(client)


def test_an_unknown_link_is_not_found(client, db):
    page = client.post(_link("x" * 43))
    assert page.status_code == 404 and "not recognised" in page.content.decode()
    assert not _signed_in(client) and not _is_invitee(client)


def test_a_link_for_an_address_whose_account_signs_in_asks_to_sign_in(client, token):
    UserFactory(username="invitee", email="invitee@example.org")  # appeared after sending
    for method in (client.get, client.post):
        page = method(_link(token))
        body = page.content.decode()
        assert page.status_code == 403
        assert "Sign in with your account to answer" in body
        assert f'href="{reverse("login")}?next={START}"' in body
        assert not _signed_in(client) and not _is_invitee(client)
    assert Invitation.objects.get().used_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_opening_a_link_while_signed_in_asks_and_does_not_switch(
    client, token, world, method, sign_ins
):
    client.force_login(world.coordinator_a)
    sign_ins.clear()
    page = getattr(client, method)(_link(token))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sign out and continue as the invited person" in body
    assert "Stay signed in as" in body and world.coordinator_a.get_full_name() in body
    assert client.session["_auth_user_id"] == str(world.coordinator_a.pk)
    assert not _is_invitee(client)
    assert Invitation.objects.get().used_at is None
    assert (
        client.get(
            reverse("round_manage", kwargs={"area": "area-a", "round": "spring"})
        ).status_code
        == 200
    )


def test_choosing_the_invited_person_signs_out_and_uses_the_link(client, token, world, sign_ins):
    client.force_login(world.coordinator_a)
    sign_ins.clear()
    page = client.post(_link(token), {"continue_as_invitee": "1"})
    assert page.status_code == 302 and page.url == START
    assert not _signed_in(client) and _is_invitee(client) and not sign_ins
    assert Invitation.objects.get().used_at is not None
    # The coordinator's own pages are gone with the sign-out.
    manage = client.get(reverse("round_manage", kwargs={"area": "area-a", "round": "spring"}))
    assert manage.status_code == 302 and manage.url.startswith(reverse("login"))


def test_opening_another_link_as_an_invitee_asks_and_does_not_switch(client, token, world):
    client.post(_link(token))
    other = _invitation(world.area_round_b, email="someone.else@example.org")
    page = client.get(_link(other))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Continue as the person invited by this link" in body
    assert "Go back to the health check for Area A" in body
    assert client.post(_link(other)).status_code == 200  # not confirmed: still asks
    assert client.get(START).status_code == 200
    assert Invitation.objects.get(email="someone.else@example.org").used_at is None
    switched = client.post(_link(other), {"continue_as_invitee": "1"})
    assert switched.url == reverse(
        "assessment_start", kwargs={"area": "area-b", "round": "spring"}
    )
    assert client.get(switched.url).status_code == 200
    assert client.get(START).status_code == 302  # area A's round is no longer theirs


def test_the_invitee_lapses_when_the_link_is_replaced(
    client, token, django_capture_on_commit_callbacks
):
    from assessments.services.invitations import invitation_resend

    client.post(_link(token))
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=Invitation.objects.get())
    page = client.get(START)
    assert page.status_code == 302 and page.url.startswith(reverse("login"))
    assert not _is_invitee(client)


def test_the_invitee_lapses_when_the_round_closes(client, token, world):
    client.post(_link(token))
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    page = client.get(START)
    assert page.status_code == 302 and page.url.startswith(reverse("login"))


def test_signing_in_ends_the_invitee(client, token, world):
    client.post(_link(token))
    client.post(reverse("login"), {"username": "respondent_b", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(world.respondent_b.pk)
    assert not _is_invitee(client)
    client.logout()
    assert client.get(START).status_code == 302
