"""The invitation link page (views.invitation_accept_view)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation
from assessments.services.invitations import _new_token
from assessments.services.rounds import area_round_closes_at


@pytest.fixture
def token(world):
    token, token_hash = _new_token()
    Invitation.objects.create(
        area_round=world.area_round_a,
        email="invitee@example.org",
        sector="vcs",
        token_hash=token_hash,
        expires_at=area_round_closes_at(world.area_round_a),
        sent_at=timezone.now(),
    )
    return token


def _link(token):
    return reverse("invitation_accept", kwargs={"token": token})


def _signed_in(client):
    return "_auth_user_id" in client.session


def test_opening_the_link_does_not_use_it(client, token):
    page = client.get(_link(token))
    assert page.status_code == 200 and "Continue" in page.content.decode()
    assert Invitation.objects.get().used_at is None
    assert not _signed_in(client)


def test_continuing_signs_in_once_and_goes_to_the_assessment(client, token):
    page = client.post(_link(token))
    assert page.status_code == 302
    assert page.url == reverse("assessment_start", kwargs={"area": "area-a", "round": "spring"})
    assert _signed_in(client)
    assert client.get(page.url).status_code == 200


def test_a_reused_link_gets_a_clear_page_and_no_sign_in(client, token):
    client.post(_link(token))
    client.logout()
    for method in (client.get, client.post):
        page = method(_link(token))
        assert page.status_code == 410
        assert "already been used" in page.content.decode()
        assert not _signed_in(client)


def test_an_expired_link_gets_a_clear_page_and_no_sign_in(client, token):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.post(_link(token))
    assert page.status_code == 410 and "expired" in page.content.decode()
    assert not _signed_in(client)


def test_an_unknown_link_is_not_found(client, db):
    page = client.post(_link("x" * 43))
    assert page.status_code == 404 and "not recognised" in page.content.decode()
    assert not _signed_in(client)
