"""Signing in through a real OpenID provider (tests.signin.harness): who is signed in, what
the protocol carries, and every way a sign-in is refused with a clear page."""

import html
import logging
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerships.access import access_for
from partnerships.models import Membership
from pip_portal.sessions import EXPIRES_IN_HEADER, EXTENDED_AT
from signin.models import ProviderAccount
from signin.refusals import RefusalReason
from tests.factories import PASSWORD, UserFactory
from tests.signin.harness import (
    COORDINATOR,
    COUNCIL,
    GUEST,
    NEWCOMER,
    UNVERIFIED,
    provider_login,
)

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
STATE_KEY = re.compile(r"^_state_oidc-")


def _authorization_url(response) -> str:
    found = re.search(r'href="(https?://127\.0\.0\.1:\d+/auth\?[^"]+)"', response.content.decode())
    assert found, "no link to the provider on the page"
    return html.unescape(found.group(1))


def begin(client, provider_id=COUNCIL, **query) -> str:
    """Open "Sign in with your council account"; the provider's authorization URL."""
    response = client.get(reverse("sso_council", kwargs={"provider": provider_id}), query)
    assert response.status_code == 200
    return _authorization_url(response)


def sign_in(client, login, provider_id=COUNCIL, address="127.0.0.1", **query):
    """The whole journey: begin, sign in at the provider as ``login``, come back."""
    back = provider_login(begin(client, provider_id, **query), login)
    return client.get(back, REMOTE_ADDR=address)


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def _refusal(response) -> str | None:
    found = re.search(r'data-refusal="([a-z_]+)"', response.content.decode())
    return found.group(1) if found else None


@pytest.fixture
def coordinator(world):
    """Area A's coordinator, whose council account is COORDINATOR."""
    world.coordinator_a.email = COORDINATOR
    world.coordinator_a.save()
    return world.coordinator_a


@pytest.fixture
def axes_on(settings):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    AccessAttempt.objects.all().delete()
    return settings


# --- signing in -------------------------------------------------------------------------------


def test_an_existing_person_signs_in_with_their_own_roles(sso, coordinator, world):
    client = Client()
    begun = client.post(reverse("sign_in_continue"), {"email": COORDINATOR.upper()})
    assert begun.status_code == 302
    assert begun["Location"] == reverse("sso_council", kwargs={"provider": COUNCIL})
    page = client.get(begun["Location"])
    assert "Sign in with your council account" in page.content.decode()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.get(provider_login(_authorization_url(page), COORDINATOR))

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert _signed_in_as(client) == str(coordinator.pk)
    roles = access_for(get_user_model().objects.get(pk=coordinator.pk))
    assert roles.coordinator_area_ids == {world.area_a.pk}
    assert not (roles.is_admin or roles.is_sponsor or roles.respondent_area_ids)
    # The session was cycled at sign-in, as for passwords.
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before and not Session.objects.filter(session_key=before).exists()
    linked = ProviderAccount.objects.get(user=coordinator)
    assert (linked.issuer, linked.subject) == (sso.url(COUNCIL), COORDINATOR)
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Signed in as" in home.content.decode()


def test_the_session_rules_apply_as_for_passwords(sso, coordinator):
    client = Client()
    assert sign_in(client, COORDINATOR).status_code == 302
    assert abs(client.session[EXTENDED_AT] - time.time()) < 30
    row = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    left = (row.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < left <= settings.SESSION_COOKIE_AGE
    response = client.get(reverse("home"))
    assert int(response[EXPIRES_IN_HEADER]) > settings.SESSION_COOKIE_AGE - 60


def test_the_authorization_request_carries_pkce_state_and_nonce(sso, coordinator):
    client = Client()
    url = begin(client)
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 20 and len(query["nonce"]) >= 20
    assert query["redirect_uri"] == "http://testserver/accounts/sso/council-a/callback/"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    stored = [value for key, value in client.session.items() if STATE_KEY.match(key)]
    assert [entry["data"]["nonce"] for entry in stored] == [query["nonce"]]
    assert stored[0]["data"]["code_verifier"]  # kept here, never sent before the token request


def test_it_goes_on_to_the_page_asked_for(sso, coordinator, world):
    wanted = reverse("area_profile", kwargs={"area": world.area_a.slug})
    client = Client()
    begun = client.post(reverse("sign_in_continue"), {"email": COORDINATOR, "next": wanted})
    page = client.get(begun["Location"])
    response = client.get(provider_login(_authorization_url(page), COORDINATOR))
    assert response["Location"] == wanted


def test_it_never_goes_on_to_another_site(sso, coordinator):
    client = Client()
    response = sign_in(client, COORDINATOR, next="https://evil.example/steal")
    assert response["Location"] == reverse("home")


def test_a_new_person_gets_an_account_with_no_role_and_no_rights(sso, world):
    client = Client()
    response = sign_in(client, NEWCOMER)
    assert response.status_code == 302
    person = get_user_model().objects.get(email=NEWCOMER)
    assert _signed_in_as(client) == str(person.pk)
    assert (person.first_name, person.last_name) == ("Nia", "Newcomer")
    assert not (person.is_staff or person.is_superuser or person.has_usable_password())
    assert not Membership.objects.filter(user=person).exists()
    roles = access_for(person)
    assert not (roles.is_admin or roles.is_sponsor or roles.area_ids)
    # No area pages, no programme pages: only what any signed-in person gets.
    assert client.get(reverse("programme_dashboard")).status_code == 403
    area = reverse("area_profile", kwargs={"area": world.area_a.slug})
    assert client.get(area).status_code in (403, 404)


def test_an_administrator_matched_by_address_keeps_exactly_their_rights(sso, world):
    world.admin.email = COORDINATOR
    world.admin.save()
    client = Client()
    assert sign_in(client, COORDINATOR).status_code == 302
    assert _signed_in_as(client) == str(world.admin.pk)
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


# --- refused: the token, the address ------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider_id", "login", "reason", "words"),
    [
        ("impostor", COORDINATOR, RefusalReason.ISSUER, "an issuer other than your council"),
        ("forger", COORDINATOR, RefusalReason.SIGNATURE, "signature could not be verified"),
        ("stale", COORDINATOR, RefusalReason.EXPIRED, "had expired"),
        (COUNCIL, UNVERIFIED, RefusalReason.EMAIL_NOT_VERIFIED, "has not confirmed"),
        (COUNCIL, GUEST, RefusalReason.DOMAIN_NOT_ALLOWED, "not one this council"),
    ],
)
def test_it_refuses_with_a_clear_page(sso, coordinator, caplog, provider_id, login, reason, words):
    users_before = get_user_model().objects.count()
    client = Client()
    with caplog.at_level(logging.WARNING, logger="pip_portal.security"):
        response = sign_in(client, login, provider_id=provider_id)
    body = response.content.decode()
    assert response.status_code == 403
    assert _refusal(response) == reason.value
    assert "You could not be signed in" in body and words in body.replace("’", "'")
    assert _signed_in_as(client) is None
    assert get_user_model().objects.count() == users_before
    assert not ProviderAccount.objects.exists()
    assert f"single sign-on refused reason={reason.value} provider={provider_id}" in caplog.text


def test_a_callback_works_once(sso, coordinator):
    client = Client()
    back = provider_login(begin(client), COORDINATOR)
    assert client.get(back).status_code == 302
    client.post(reverse("logout"))
    replayed = client.get(back)
    assert replayed.status_code == 400 and _refusal(replayed) == RefusalReason.STATE
    assert _signed_in_as(client) is None


def test_a_callback_in_another_browser_signs_nobody_in(sso, coordinator):
    """Login CSRF: a victim's browser sent to the attacker's callback has no such state."""
    back = provider_login(begin(Client()), COORDINATOR)
    victim = Client()
    response = victim.get(back)
    assert response.status_code == 400 and _refusal(response) == RefusalReason.STATE
    assert _signed_in_as(victim) is None


def _stored_state(client):
    session = client.session
    key = next(key for key, _value in session.items() if STATE_KEY.match(key))
    return session, key


def test_an_id_token_for_another_nonce_is_refused(sso, coordinator):
    client = Client()
    back = provider_login(begin(client), COORDINATOR)
    session, key = _stored_state(client)
    session[key]["data"]["nonce"] = "a-nonce-of-another-sign-in"
    session.save()
    response = client.get(back)
    assert response.status_code == 403 and _refusal(response) == RefusalReason.TOKEN_INVALID
    assert _signed_in_as(client) is None


def test_a_code_redeemed_without_its_pkce_verifier_is_refused(sso, coordinator):
    client = Client()
    back = provider_login(begin(client), COORDINATOR)
    session, key = _stored_state(client)
    session[key]["data"]["code_verifier"] = "x" * 64
    session.save()
    response = client.get(back)
    assert response.status_code == 403 and _refusal(response) == RefusalReason.PROVIDER_ERROR
    assert _signed_in_as(client) is None


def test_a_sign_in_cancelled_at_the_provider_is_refused(sso):
    client = Client()
    begin(client)
    response = client.get(
        reverse("sso_callback", kwargs={"provider": COUNCIL}),
        {"error": "access_denied", "state": "whatever"},
    )
    assert response.status_code == 403 and _refusal(response) == RefusalReason.PROVIDER_ERROR


# --- refused: the account ---------------------------------------------------------------------


def _fail_password(username, address, times):
    for _ in range(times):
        Client().post(
            reverse("login"),
            {"username": username, "password": "not-the-password-at-all"},
            REMOTE_ADDR=address,
        )


def test_a_locked_out_account_is_refused_from_that_address(sso, coordinator, axes_on):
    _fail_password("coordinator_a", ATTACKER, settings.AXES_FAILURE_LIMIT)
    client = Client()
    response = sign_in(client, COORDINATOR, address=ATTACKER)
    assert response.status_code == 429 and _refusal(response) == RefusalReason.LOCKED_OUT
    assert _signed_in_as(client) is None
    # The lockout is of the account at that address, as for passwords.
    other = Client()
    assert sign_in(other, COORDINATOR, address=ELSEWHERE).status_code == 302
    assert _signed_in_as(other) == str(coordinator.pk)


def test_a_switched_off_account_is_refused_and_not_replaced(sso, coordinator):
    coordinator.is_active = False
    coordinator.save()
    client = Client()
    response = sign_in(client, COORDINATOR)
    assert _refusal(response) == RefusalReason.ACCOUNT_INACTIVE
    assert get_user_model().objects.filter(email__iexact=COORDINATOR).count() == 1
    assert _signed_in_as(client) is None


def test_an_address_given_to_someone_new_is_refused(sso, coordinator):
    ProviderAccount.objects.create(
        user=coordinator,
        issuer=sso.url(COUNCIL),
        subject="the-previous-holder-of-this-mailbox",
        last_signed_in_at="2026-01-01T00:00Z",
    )
    client = Client()
    response = sign_in(client, COORDINATOR)
    assert _refusal(response) == RefusalReason.ACCOUNT_MISMATCH
    assert _signed_in_as(client) is None


def test_an_address_of_two_accounts_that_sign_in_is_refused(sso, coordinator):
    UserFactory(username="coordinator_a_twin", email=COORDINATOR)
    client = Client()
    response = sign_in(client, COORDINATOR)
    assert _refusal(response) == RefusalReason.ACCOUNT_AMBIGUOUS
    assert _signed_in_as(client) is None


# --- signing out ------------------------------------------------------------------------------


def test_signing_out_ends_the_session_and_offers_the_providers_sign_out(sso, coordinator):
    client = Client()
    sign_in(client, COORDINATOR)
    signed_in_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    id_token = client.session["pip_sso"]["id_token"]

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response["Location"] == reverse("sso_signed_out")
    assert not Session.objects.filter(session_key=signed_in_key).exists()
    assert _signed_in_as(client) is None
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    page = client.get(reverse("sso_signed_out"))
    body = page.content.decode()
    assert page.status_code == 200 and "You have been signed out of PIP Portal" in body
    link = re.search(r'href="([^"]*/session/end\?[^"]+)"', body)
    assert link, body
    url = html.unescape(link.group(1))
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(sso.url(COUNCIL) + "/session/end?")
    assert query["id_token_hint"] == id_token
    assert query["post_logout_redirect_uri"] == "http://testserver/accounts/login/"
    assert query["client_id"] == "pip-portal"
    # The provider accepts it: its own "sign out?" page, not an error.
    at_provider = requests.get(url, timeout=10)
    assert at_provider.status_code == 200, at_provider.text[:500]
    assert "logout" in at_provider.text.lower()


def test_someone_signed_in_with_a_password_signs_out_as_before(sso, world):
    client = Client()
    client.post(reverse("login"), {"username": "coordinator_a", "password": PASSWORD})
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("sso_signed_out"))["Location"] == reverse("login")


def test_the_signed_out_page_without_a_provider_sign_in_sends_to_sign_in(db):
    response = Client().get(reverse("sso_signed_out"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_no_provider_sign_out_is_offered_to_someone_signed_in_again(sso, coordinator):
    client = Client()
    sign_in(client, COORDINATOR)
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "coordinator_a", "password": PASSWORD})
    assert _signed_in_as(client) == str(coordinator.pk)
    assert client.get(reverse("sso_signed_out"))["Location"] == reverse("login")
