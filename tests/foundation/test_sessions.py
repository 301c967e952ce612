from unittest import mock

from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError, OperationalError
from django.test import Client

from pip_portal.sessions import SessionStore


def _saving_fails_with(error):
    return mock.patch(
        "django.contrib.sessions.models.Session.save", autospec=True, side_effect=error
    )


def test_a_lost_database_connection_while_saving_the_session_is_a_server_error(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator_a)
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
