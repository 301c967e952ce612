"""The sign-in page asks for an email address first (signin.views): a council address goes
to "Sign in with your council account", anything else to the password form, which works
exactly as before. Nothing here reaches a provider (tests.signin.offline)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from signin.refusals import RefusalReason
from tests.factories import PASSWORD
from tests.signin.offline import OFFLINE, offline_provider

COUNCIL_ADDRESS = "pat@offline-council.test"


@pytest.fixture
def offline(settings, db):
    settings.OIDC_PROVIDERS = (offline_provider(),)
    return settings.OIDC_PROVIDERS[0]


def _continue(client, email, **extra):
    return client.post(reverse("sign_in_continue"), {"email": email, **extra})


def _is_password_form(body: str) -> bool:
    return (
        f'action="{reverse("login")}"' in body
        and 'name="password"' in body
        and 'name="username"' in body
    )


def test_without_providers_the_sign_in_page_is_the_password_form(db, client):
    body = client.get(reverse("login")).content.decode()
    assert _is_password_form(body)
    assert reverse("sign_in_continue") not in body


def test_with_providers_it_asks_for_an_email_address_first(offline, client):
    response = client.get(reverse("login"), {"next": "/privacy/"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reverse("sign_in_continue")}"' in body
    assert 'name="email"' in body and 'name="password"' not in body
    assert 'name="next" value="/privacy/"' in body


def test_a_council_address_goes_to_its_councils_sign_in(offline, client):
    response = _continue(client, "  Pat@Offline-Council.TEST ", next="/privacy/")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("sso_council", kwargs={"provider": OFFLINE.id}) + "?next=%2Fprivacy%2F"
    )


@pytest.mark.parametrize("entry", ["pat@elsewhere.example", "coordinator_a"])
def test_anything_else_gets_the_password_form_filled_in(offline, world, entry):
    client = Client()
    response = _continue(client, entry, next="/privacy/")
    body = response.content.decode()
    assert response.status_code == 200
    assert _is_password_form(body)
    assert f'value="{entry}"' in body and 'name="next" value="/privacy/"' in body


def test_the_password_form_after_the_email_step_signs_in_as_before(offline, world):
    client = Client()
    _continue(client, "coordinator_a")
    response = client.post(
        reverse("login"), {"username": "coordinator_a", "password": PASSWORD, "next": "/privacy/"}
    )
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert client.session["_auth_user_id"] == str(world.coordinator_a.pk)


def test_the_password_lockout_still_holds_with_providers_configured(offline, world, settings):
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    AccessAttempt.objects.all().delete()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coordinator_a", "password": "wrong-guess-1"})
    locked = client.post(reverse("login"), {"username": "coordinator_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_no_entry_is_refused_by_name(offline, client):
    response = _continue(client, "   ")
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and "Enter your email address or username" in body
    assert 'aria-invalid="true"' in body


def test_an_over_long_entry_is_refused_by_name_and_kept(offline, client):
    entry = "a" * 243 + "@example.org"  # 255 characters
    response = _continue(client, entry)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Email address must be 254 characters or fewer; you entered 255" in body
    assert f'value="{entry}"' in body and 'data-character-limit="254"' in body


def test_someone_signed_in_is_sent_on(offline, world):
    client = Client()
    client.force_login(world.respondent_a)
    assert _continue(client, COUNCIL_ADDRESS)["Location"] == reverse("home")
    council = client.get(reverse("sso_council", kwargs={"provider": OFFLINE.id}))
    assert council["Location"] == reverse("home")


def test_the_council_page_links_to_the_provider_with_a_fresh_state(offline, client):
    url = reverse("sso_council", kwargs={"provider": OFFLINE.id})
    first, second = client.get(url), client.get(url)
    links = [
        re.search(r'href="([^"]+/auth\?[^"]+)"', page.content.decode()).group(1)
        for page in (first, second)
    ]
    assert first.status_code == 200
    assert "Sign in with your council account" in first.content.decode()
    assert all(link.startswith(f"{OFFLINE.issuer}/auth?") for link in links)
    states = [re.search(r"state=([^&]+)", link).group(1) for link in links]
    assert states[0] != states[1]
    assert first["Cache-Control"].startswith("max-age=0")


def test_an_unknown_provider_is_not_found(offline, client):
    assert client.get(reverse("sso_council", kwargs={"provider": "nowhere"})).status_code == 404
    assert client.get(reverse("sso_callback", kwargs={"provider": "nowhere"})).status_code == 404


def test_a_provider_that_does_not_answer_is_said_so(settings, client, db):
    settings.OIDC_PROVIDERS = (OFFLINE,)  # no discovery document given: port 9 refuses
    response = client.get(reverse("sso_council", kwargs={"provider": OFFLINE.id}))
    assert response.status_code == 502
    assert (
        f'data-refusal="{RefusalReason.PROVIDER_UNREACHABLE.value}"' in response.content.decode()
    )


def test_a_callback_without_a_sign_in_under_way_signs_nobody_in(offline, client):
    response = client.get(
        reverse("sso_callback", kwargs={"provider": OFFLINE.id}), {"code": "c", "state": "s"}
    )
    assert response.status_code == 400
    assert f'data-refusal="{RefusalReason.STATE.value}"' in response.content.decode()
    assert "_auth_user_id" not in client.session
