"""Sign-ins, failures, lockouts and refused access are logged — without secrets."""

import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.security.conftest import INVITEE_TOKEN, VALID_TOKEN

WRONG_PASSWORD = "Wrong-Password-Never-Logged-4417"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _security_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "pip_portal.security"]


def _all_text(caplog):
    return "\n".join(r.getMessage() for r in caplog.records) + caplog.text


def test_a_failed_sign_in_is_logged_without_the_password(world, security_log):
    Client().post(
        reverse("login"),
        {"username": "coordinator_a", "password": WRONG_PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    lines = _security_lines(security_log)
    assert any(
        "sign-in failed" in line and f"user={world.coordinator_a.pk}" in line for line in lines
    )
    assert any("203.0.113.9" in line for line in lines)
    assert WRONG_PASSWORD not in _all_text(security_log)


def test_a_failed_sign_in_with_an_unknown_name_does_not_log_what_was_typed(world, security_log):
    # People type their password into the name box; it must not reach the log.
    Client().post(reverse("login"), {"username": WRONG_PASSWORD, "password": WRONG_PASSWORD})
    assert any("unknown account" in line for line in _security_lines(security_log))
    assert WRONG_PASSWORD not in _all_text(security_log)


def test_a_sign_in_is_logged_without_the_session_id(world, security_log):
    client = Client()
    client.post(reverse("login"), {"username": "coordinator_a", "password": PASSWORD})
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert any(
        line.startswith("sign-in succeeded") and f"user={world.coordinator_a.pk}" in line
        for line in _security_lines(security_log)
    )
    assert session_key not in _all_text(security_log)
    assert PASSWORD not in _all_text(security_log)


def test_a_lockout_is_logged(world, security_log, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(3):
        client.post(reverse("login"), {"username": "coordinator_b", "password": WRONG_PASSWORD})
    assert any("locked out" in line for line in _security_lines(security_log))


def test_refused_access_is_logged_by_route_not_path(scene, security_log):
    client = Client()
    client.force_login(scene.respondent_b)
    client.get(reverse("round_manage", kwargs={"area": "area-a", "round": scene.round.slug}))
    lines = [line for line in _security_lines(security_log) if "access refused" in line]
    assert any(
        "status=404" in line and f"user={scene.respondent_b.pk}" in line and "<slug:area>" in line
        for line in lines
    ), lines


def test_invitation_tokens_never_reach_the_log(scene, security_log):
    unknown = "an-unknown-token-that-looks-real-Zx81"
    Client().get(reverse("invitation_accept", kwargs={"token": unknown}))
    Client().post(reverse("invitation_accept", kwargs={"token": VALID_TOKEN}))
    Client().post(reverse("invitation_accept", kwargs={"token": VALID_TOKEN}))  # used: 410
    Client().get(reverse("invitation_accept", kwargs={"token": INVITEE_TOKEN}))
    text = _all_text(security_log)
    assert "access refused" in text
    for token in (unknown, VALID_TOKEN, INVITEE_TOKEN):
        assert token not in text


def test_the_console_handler_redacts_tokens_from_any_logger(world):
    from pip_portal.security import RedactTokensFilter

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/invite/abc123/",), None
    )
    RedactTokensFilter().filter(record)
    assert record.getMessage() == "Not Found: /invite/[redacted]/"
