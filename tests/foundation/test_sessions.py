import datetime
import re
import time
from unittest import mock

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import DatabaseError, OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pip_portal.sessions import EXPIRES_IN_HEADER, EXTENDED_AT, SessionStore
from tests.factories import PASSWORD
from tests.foundation.test_settings import PRODUCTION_ENV, run_manage


def _saving_fails_with(error):
    return mock.patch(
        "django.contrib.sessions.models.Session.save", autospec=True, side_effect=error
    )


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _as_if_extended(client, seconds_ago: float) -> None:
    """Age the session: last extended ``seconds_ago``, expiring SESSION_COOKIE_AGE later."""
    session = client.session
    session[EXTENDED_AT] = time.time() - seconds_ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now()
        + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds_ago)
    )


def _session_writes(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in query["sql"]
    ]
    return response, writes


def _expires_in_full(row: Session) -> bool:
    """Whether the row expires SESSION_COOKIE_AGE from now (give or take the test's time)."""
    left = (row.expire_date - timezone.now()).total_seconds()
    return settings.SESSION_COOKIE_AGE - 5 < left <= settings.SESSION_COOKIE_AGE


def _rendered(response, attribute: str) -> int:
    return int(re.search(rf'{attribute}="(\d+)"', response.content.decode()).group(1))


def test_a_lost_database_connection_while_saving_the_session_is_a_server_error(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator_a)
    _as_if_extended(client, settings.SESSION_REFRESH_SECONDS + 1)  # so this request saves it
    with _saving_fails_with(OperationalError("server closed the connection unexpectedly")):
        response = client.get("/accessibility/")
    assert response.status_code == 500


def test_a_session_deleted_meanwhile_is_still_an_update_error(db):
    store = SessionStore()
    store.create()
    store["x"] = 1
    with _saving_fails_with(DatabaseError("Forced update did not affect any rows.")):
        try:
            store.save()
        except UpdateError:
            pass
        else:
            raise AssertionError("UpdateError expected")


def test_a_request_soon_after_sign_in_writes_no_session(world):
    client = Client()
    signed_in = client.post(reverse("login"), {"username": "coordinator_a", "password": PASSWORD})
    assert signed_in.status_code == 302
    expiry = _row(client).expire_date

    response, writes = _session_writes(lambda: client.get(reverse("home")))

    assert response.status_code == 200
    assert writes == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # no fresh cookie either
    assert _row(client).expire_date == expiry


def test_a_session_extended_within_the_refresh_interval_is_not_written(world):
    client = _signed_in(world.coordinator_a)
    _as_if_extended(client, settings.SESSION_REFRESH_SECONDS - 10)
    expiry = _row(client).expire_date

    response, writes = _session_writes(lambda: client.get(reverse("home")))

    assert response.status_code == 200
    assert writes == []
    assert _row(client).expire_date == expiry


def test_the_session_is_extended_once_the_refresh_interval_has_passed(world):
    client = _signed_in(world.coordinator_a)
    _as_if_extended(client, settings.SESSION_REFRESH_SECONDS + 1)
    assert not _expires_in_full(_row(client))

    response, writes = _session_writes(lambda: client.get(reverse("home")))

    assert response.status_code == 200
    assert len(writes) == 1 and writes[0].startswith("UPDATE")
    assert _expires_in_full(_row(client))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    assert abs(client.session[EXTENDED_AT] - time.time()) < 5
    # Extended now: the next request writes nothing again.
    assert _session_writes(lambda: client.get(reverse("home")))[1] == []


def test_a_session_never_extended_is_extended_on_its_next_request(world):
    client = _signed_in(world.coordinator_a)
    session = client.session
    del session[EXTENDED_AT]  # as a session from before extensions were recorded
    session.save()

    response, writes = _session_writes(lambda: client.get(reverse("home")))

    assert response.status_code == 200
    assert len(writes) == 1
    assert EXTENDED_AT in client.session


def test_the_page_shows_the_time_left_not_the_full_age(world):
    client = _signed_in(world.coordinator_a)
    _as_if_extended(client, 200)

    response = client.get(reverse("home"))

    left = settings.SESSION_COOKIE_AGE - 200
    assert left - 2 <= _rendered(response, "data-session-timeout-seconds") <= left
    assert _rendered(response, "data-session-age-seconds") == settings.SESSION_COOKIE_AGE
    assert left - 2 <= int(response[EXPIRES_IN_HEADER]) <= left


def test_the_page_of_a_session_extended_just_now_shows_the_full_age(world):
    client = _signed_in(world.coordinator_a)
    _as_if_extended(client, settings.SESSION_REFRESH_SECONDS + 1)

    response = client.get(reverse("home"))

    timeout = _rendered(response, "data-session-timeout-seconds")
    assert settings.SESSION_COOKIE_AGE - 2 <= timeout <= settings.SESSION_COOKIE_AGE


def test_keepalive_extends_the_session(world):
    client = _signed_in(world.coordinator_a)
    _as_if_extended(client, 200)  # within the refresh interval: an ordinary request waits

    response, writes = _session_writes(lambda: client.post(reverse("session_keepalive")))

    assert response.status_code == 204
    assert len(writes) == 1
    assert _expires_in_full(_row(client))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    assert int(response[EXPIRES_IN_HEADER]) >= settings.SESSION_COOKIE_AGE - 2


def test_an_anonymous_visitor_gets_no_session(db):
    client = Client()
    for path in ["/accessibility/", reverse("login")]:
        response, writes = _session_writes(lambda path=path: client.get(path))
        assert response.status_code == 200
        assert writes == []
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert EXPIRES_IN_HEADER not in response
    assert not Session.objects.exists()


def test_an_unknown_session_cookie_creates_no_session(db):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired0or0unknown0session0key0x"

    response, writes = _session_writes(lambda: client.get("/accessibility/"))

    assert response.status_code == 200
    assert writes == []
    assert not Session.objects.exists()


def test_signing_out_tells_no_time_left(world):
    client = _signed_in(world.coordinator_a)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert EXPIRES_IN_HEADER not in response


def test_a_refresh_interval_as_long_as_the_session_stops_start_up():
    env = {**PRODUCTION_ENV, "SESSION_COOKIE_AGE": "600", "SESSION_REFRESH_SECONDS": "600"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SESSION_REFRESH_SECONDS=600 must be" in result.stderr
