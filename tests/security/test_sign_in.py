"""Sign-in: throttling, password rules, session rotation, deactivation; single-use links
that sign nobody in."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from assessments.invitees import SESSION_KEY
from assessments.models import Invitation
from tests.factories import PASSWORD
from tests.security.conftest import VALID_TOKEN

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _sign_in(client, username, password, address=ATTACKER):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    return settings


def test_repeated_failures_lock_the_account_from_that_address(world, axes_on):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, "coordinator_a", "not-the-password-at-all")
        assert response.status_code == 400  # the form again, with an error
    # The failure that reaches the limit is answered with the lockout page.
    assert _sign_in(client, "coordinator_a", "not-the-password-at-all").status_code == 429
    locked = _sign_in(client, "coordinator_a", PASSWORD)
    assert locked.status_code == 429
    assert _signed_in_as(client) is None


def test_a_lockout_does_not_lock_the_person_out_from_their_own_address(world, axes_on):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _sign_in(Client(), "coordinator_a", "not-the-password-at-all")
    own = Client()
    response = _sign_in(own, "coordinator_a", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert _signed_in_as(own) == str(world.coordinator_a.pk)


def test_a_lockout_of_one_account_leaves_other_accounts_alone(world, axes_on):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _sign_in(Client(), "coordinator_a", "not-the-password-at-all")
    client = Client()
    assert _sign_in(client, "respondent_a", PASSWORD).status_code == 302


def test_failures_below_the_limit_are_forgiven_by_a_good_sign_in(world, axes_on):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "coordinator_a", "not-the-password-at-all")
    assert _sign_in(client, "coordinator_a", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Sh0rt-pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(world, password, reason):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=world.coordinator_a)
    assert any(reason in message for message in error.value.messages)


def test_a_long_uncommon_passphrase_is_accepted(world):
    validate_password("marmalade-lighthouse-quarrel", user=world.coordinator_a)


def test_signing_in_gives_a_new_session_id(world):
    client = Client()
    before = SessionStore()
    before["visited"] = True
    before.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    assert _sign_in(client, "coordinator_a", PASSWORD).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not Session.objects.filter(session_key=before.session_key).exists()
    assert _signed_in_as(client) == str(world.coordinator_a.pk)


def test_deactivating_an_account_ends_its_sessions(world):
    phone, laptop, other = Client(), Client(), Client()
    phone.force_login(world.coordinator_a)
    laptop.force_login(world.coordinator_a)
    other.force_login(world.coordinator_b)
    world.coordinator_a.is_active = False
    world.coordinator_a.save()
    for client in (phone, laptop):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert other.get(reverse("home")).status_code == 200
    # Reactivating does not bring the old sessions back.
    world.coordinator_a.is_active = True
    world.coordinator_a.save()
    assert phone.get(reverse("home")).status_code == 302


def test_an_invitation_link_works_once_and_signs_nobody_in(scene):
    url = reverse("invitation_accept", kwargs={"token": VALID_TOKEN})
    first, second = Client(), Client()
    assert first.post(url).status_code == 302
    assert _signed_in_as(first) is None
    assert SESSION_KEY in first.session
    again = second.post(url)
    assert again.status_code == 410
    assert _signed_in_as(second) is None and SESSION_KEY not in second.session
    assert b"already been used" in again.content
    assert Invitation.objects.get(pk=scene.invitation.pk).used_at is not None


def test_an_over_long_username_is_refused_by_name_and_kept(world, client):
    name = "u" * 151
    response = client.post(reverse("login"), {"username": name, "password": "anything"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Username must be 150 characters or fewer; you entered 151" in body
    assert f'value="{name}"' in body
    assert "You can enter up to 150 characters" in body
    assert 'data-character-limit="150"' in body and "maxlength" not in body
