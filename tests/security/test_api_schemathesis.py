"""The API fuzzed with schemathesis against its own OpenAPI description (/api/v1/openapi.json).

The description is loaded from the Django WSGI application, and every generated request goes
through the real middleware, authentication and views, against the test's database (the
``scene``: area A with a published round and an open one, area B with neither published).
Path parameters are random strings or, about half the time, real area and round slugs, so
the 200 / 403 / 404 branches are reached (each is also checked once deterministically).
Each operation gets a bounded number of examples (schemathesis's coverage cases plus
``EXAMPLES`` generated ones, positive and negative); a request with a method the API does
not offer must answer 405.

- Signed in (a sponsor, a respondent of area A, a coordinator of area B): no 5xx, and every
  response conforms to the description — a documented status code, a documented content
  type, a body that validates.
- Signed out, or with a made-up session id: every operation answers 401 ``Unauthorized``.

schemathesis's lazy ``from_fixture`` loader cannot be used with pytest 9.2 (it sets
``Node._nodeid``, which pytest 9.2 replaced with a slotted ``_id``); loading the description
when the module is imported needs no database, and the per-operation tests still get the
ordinary pytest-django fixtures.
"""

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

OPENAPI_PATH = "/api/v1/openapi.json"
SCORES_PATH = "/api/v1/areas/{area}/rounds/{round}/scores/"
EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The scene's slugs (tests/security/conftest.py): area A's "last-autumn" round is published,
# "spring" is open; area B has neither published.
REAL_PATHS = st.sampled_from(
    [{"area": a, "round": r} for a in ("area-a", "area-b") for r in ("last-autumn", "spring")]
)

schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, WSGIHandler())


@schema.hook("flatmap_path_parameters")
def _real_slugs_too(ctx, path_parameters):
    if not path_parameters or set(path_parameters) != {"area", "round"}:
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), REAL_PATHS)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request's start and end must not close the connection
    that holds the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def person_session(scene, person) -> str:
    return _session(getattr(scene, person))


def _offered(case) -> bool:
    return case.method.upper() == case.operation.method.upper()


@schema.parametrize()
@FUZZ
@pytest.mark.parametrize("person", ["sponsor", "respondent_a", "coordinator_b"])
def test_a_signed_in_caller_gets_documented_answers_and_no_server_errors(case, person_session):
    # The description's cookie security scheme makes schemathesis generate a session id; a
    # real one replaces it.
    case.cookies = {settings.SESSION_COOKIE_NAME: person_session}
    response = case.call_and_validate(checks=CHECKS)
    if not _offered(case):
        assert response.status_code == 405, case.method
    else:
        assert response.status_code != 401, case.path


@schema.parametrize()
@FUZZ
def test_a_signed_out_caller_gets_401_from_every_operation(case, db):
    # Generated session cookies (empty or made up) must not authenticate anyone.
    response = case.call_and_validate(checks=CHECKS)
    if not _offered(case):
        assert response.status_code == 405, case.method
    else:
        assert response.status_code == 401, (case.path, case.path_parameters, case.cookies)
        assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize(
    ("person", "area", "round_", "status"),
    [
        ("sponsor", "area-a", "last-autumn", 200),
        ("respondent_a", "area-a", "spring", 403),
        ("coordinator_b", "area-a", "last-autumn", 404),
    ],
)
def test_each_scores_answer_conforms_to_the_description(
    person_session, person, area, round_, status
):
    """Each branch deterministically: published (200), not yet visible to a member of the
    area (403), an area the person has no role in (404)."""
    case = schema[SCORES_PATH]["GET"].Case(
        path_parameters={"area": area, "round": round_},
        cookies={settings.SESSION_COOKIE_NAME: person_session},
    )
    response = case.call_and_validate(checks=CHECKS)

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert (body["area"], body["round"]) == (area, round_)
        assert body["dimensions"], body
