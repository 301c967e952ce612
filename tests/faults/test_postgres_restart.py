"""Fault 3: PostgreSQL restarts under a stream of submissions. No submitted response is lost:
a request caught by the restart answers an error (500, or no connection), the client tries
it again, and nothing is half written.

Everything runs against a cluster of the test's own (``own_postgres``: ``initdb`` into a
temporary directory, port 5441) and a real server process (gunicorn, 2 workers, DEBUG off,
no broker: tasks run in-process). Respondents sign in, save every page and submit over
HTTP, several at a time; part-way through, ``pg_ctl restart -m fast`` ends every database
session. Then the database is read back: each respondent who saw the confirmation page has
a submitted response holding every answer and comment they sent, and the area round's
``data_version`` (the score refresh marker) moved once per submission.

The server runs with ``PIP_TESTING=1`` beside ``DEBUG=0``: that only swaps in the fast
password hasher and unhashed static file names (``collectstatic`` with compression takes
minutes); transactions, sessions and connections are the production ones
(``ATOMIC_REQUESTS`` off, ``CONN_MAX_AGE=0``, database sessions).

Known: a request whose view succeeded but whose session save (at sign-in, and when the
session is extended: ``pip_portal.sessions``) met the restart answers 400, not 500: Django's
database session backend turns the ``OperationalError`` into ``UpdateError`` and
``SessionMiddleware`` into ``SessionInterrupted``.
The client retries that 400 page like a 500, and the test checks that every such 400 is one
the server logged as an interrupted session (see docs/reliability.md).
"""

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from assessments.models import Answer, AreaRound, Comment, Response, ResponseStatus
from tests.factories import PASSWORD
from tests.faults.conftest import answers, free_port, report, wait_until

pytestmark = pytest.mark.faults

RESPONDENTS = 60
CLIENTS = 6  # respondents submitting at the same time
RESTART_AFTER = RESPONDENTS // 3  # confirmations before the restart
REQUEST_TIMEOUT = 20
ATTEMPTS = 40  # per request, 0.25 s apart: rides out a restart of several seconds
RETRY_PAUSE = 0.25
STREAM_WITHIN = 120  # seconds for the whole stream; the test gives up after that
AREA, ROUND = "fault-restart-area", "fault-restart-round"
CONFIRMATION = "your answers are submitted"
# The 400 page (templates/400.html). Django's database session backend turns an error while
# saving the session into SessionInterrupted, a 400: a request whose session save meets the
# restart answers this page, although the fault is the server's. A person would try again.
BAD_REQUEST_PAGE = "Sorry, there is a problem with your request"
SESSION_INTERRUPTED = "WARNING django.request The request's session was deleted"

# Run by ``manage.py shell -c`` against the test's own cluster: an open area round, its
# respondents, and what the client needs to know about the assessment, as one JSON line.
SETUP = f"""
import json, os
from assessments import selectors
from partnerships.models import Role, Sector
from tests.factories import (
    AreaRoundFactory, CouncilAreaFactory, MembershipFactory, RoundFactory, UserFactory,
)
area = CouncilAreaFactory(name="Fault area", slug="{AREA}", gss_code="E07009901")
area_round = AreaRoundFactory(area=area, round=RoundFactory(slug="{ROUND}", name="Fault round"))
usernames = []
for n in range(int(os.environ["FAULT_RESPONDENTS"])):
    user = UserFactory(username=f"fault-restart-{{n:03d}}")
    MembershipFactory(user=user, role=Role.RESPONDENT, area=area, sector=Sector.COUNCIL)
    usernames.append(user.username)
framework = area_round.round.framework
pages = [
    len(selectors.question_list(dimension=d))
    for d in selectors.dimension_list(framework=framework)
]
print(json.dumps({{
    "area_round": area_round.pk, "data_version": area_round.data_version,
    "scale": [framework.scale_min, framework.scale_max], "pages": pages,
    "usernames": usernames, "sector": Sector.COUNCIL.value,
}}))
"""


class GaveUp(Exception):
    """A request still failed after every attempt, or answered something unexpected."""


class Browser:
    """One person's cookies over plain HTTP (no redirects followed), like a browser tab."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode(errors="replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return answer.status, answer.getheader("Location", ""), text
        finally:
            connection.close()


@dataclass
class Stream:
    port: int
    plan: dict
    deadline: float
    confirmed: list = field(default_factory=list)  # (username, answers sent, their sum)
    failures: Counter = field(default_factory=Counter)  # what a failed attempt saw
    gave_up: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    restart_due: threading.Event = field(default_factory=threading.Event)

    def attempt(self, browser, method, path, form=None, *, expect) -> str:
        """Send until the answer is what ``expect`` accepts; retry only what a restart can
        cause (5xx, no connection). Anything else (a 403, a form error) is a failure."""
        outcome = ""
        for _ in range(ATTEMPTS):
            if time.monotonic() > self.deadline:
                break
            try:
                status, location, text = browser.request(method, path, form)
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
            else:
                if expect(status, location, text):
                    return location
                if status == 400 and BAD_REQUEST_PAGE in text:
                    outcome = "HTTP 400"
                elif status < 500:
                    raise GaveUp(f"{method} {path} answered {status} {location}: {text[:300]}")
                else:
                    outcome = f"HTTP {status}"
            with self.lock:
                self.failures[outcome] += 1
            time.sleep(RETRY_PAUSE)
        raise GaveUp(f"{method} {path} still failing after {ATTEMPTS} attempts: {outcome}")

    def respondent(self, number: int, username: str) -> None:
        base = f"/areas/{AREA}/rounds/{ROUND}/assessment/"
        low, high = self.plan["scale"]
        browser = Browser(self.port)
        try:
            self.attempt(browser, "GET", "/accounts/login/", expect=lambda s, loc, t: s == 200)
            self.attempt(
                browser,
                "POST",
                "/accounts/login/",
                {"username": username, "password": PASSWORD},
                expect=lambda s, loc, t: s == 302 and "/login/" not in loc,
            )
            self.attempt(
                browser,
                "POST",
                base,
                {"sector": self.plan["sector"], "organisation": ""},
                expect=lambda s, loc, t: s == 302 and loc.endswith(f"{base}1/"),
            )
            sent = total = 0
            pages = self.plan["pages"]
            for page, questions in enumerate(pages, start=1):
                form = {"action": "next", "comment": f"Page {page} from {username}"}
                for position in range(1, questions + 1):
                    value = low + (number + page + position) % (high - low + 1)
                    form[f"statement-{position}"] = str(value)
                    sent += 1
                    total += value
                following = f"{base}{page + 1}/" if page < len(pages) else f"{base}review/"
                self.attempt(
                    browser,
                    "POST",
                    f"{base}{page}/",
                    form,
                    expect=lambda s, loc, t, f=following: s == 302 and loc.endswith(f),
                )
            self.attempt(
                browser,
                "POST",
                f"{base}review/",
                {},
                expect=lambda s, loc, t: s == 302 and loc.endswith(f"{base}done/"),
            )
            self.attempt(
                browser,
                "GET",
                f"{base}done/",
                expect=lambda s, loc, t: s == 200 and CONFIRMATION in t,
            )
        except GaveUp as error:
            with self.lock:
                self.gave_up.append(f"{username}: {error}")
            return
        with self.lock:
            self.confirmed.append((username, sent, total))
            if len(self.confirmed) >= RESTART_AFTER:
                self.restart_due.set()


class Server:
    """gunicorn serving the portal against the test's own cluster."""

    def __init__(self, *, database_url: str, port: int, log_path: Path, media_root: Path):
        self.port = port
        self.log_path = log_path
        self.env = dict(os.environ)
        self.env.update(
            DJANGO_SETTINGS_MODULE="pip_portal.settings",
            CELERY_BROKER_URL="",  # no broker: tasks run in-process (set, so .env cannot)
            CONN_MAX_AGE="0",  # the default: a fresh connection for every request
            DATABASE_URL=database_url,
            DEBUG="0",
            PIP_TESTING="1",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            MEDIA_ROOT=str(media_root),
            LOG_LEVEL="WARNING",
        )
        self.process = None
        self.plan: dict = {}  # the SETUP snippet's answer

    def manage(self, *args: str, timeout: float = 120, **extra_env) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            pytest.fail(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
        return done.stdout

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pip_portal.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                "2",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_until(
            lambda: answers("127.0.0.1", self.port) or self.process.poll() is not None,
            within=30,
            what="gunicorn to listen",
        )
        if self.process.poll() is not None:
            pytest.fail(f"gunicorn exited at start:\n{self.log()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def server(own_postgres, tmp_path):
    """A migrated database with an open area round and its respondents, and gunicorn."""
    server = Server(
        database_url=own_postgres.url,
        port=free_port(8941),
        log_path=tmp_path / "gunicorn.log",
        media_root=tmp_path / "media",
    )
    server.manage("migrate", "--no-input", "-v", "0")
    output = server.manage("shell", "-c", SETUP, FAULT_RESPONDENTS=str(RESPONDENTS))
    server.plan = json.loads(output.strip().splitlines()[-1])
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _stored(cluster, area_round_id: int) -> tuple[dict, int]:
    """Per username: (status, answers with a value, their sum, comments); and the area
    round's data_version. Read straight from the cluster, table names from the models."""
    users = get_user_model()._meta.db_table
    sql = (
        f"SELECT u.username, r.status, "
        f'(SELECT count(a.value) FROM "{Answer._meta.db_table}" a WHERE a.response_id = r.id), '
        f'(SELECT coalesce(sum(a.value), 0) FROM "{Answer._meta.db_table}" a '
        f"WHERE a.response_id = r.id), "
        f'(SELECT count(*) FROM "{Comment._meta.db_table}" c WHERE c.response_id = r.id) '
        f'FROM "{Response._meta.db_table}" r JOIN "{users}" u ON u.id = r.user_id '
        f"WHERE r.area_round_id = %s"
    )
    connection = psycopg2.connect(
        host="127.0.0.1", port=cluster.port, user="postgres", dbname=cluster.database
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, [area_round_id])
            rows = {row[0]: row[1:] for row in cursor.fetchall()}
            cursor.execute(
                f'SELECT data_version FROM "{AreaRound._meta.db_table}" WHERE id = %s',
                [area_round_id],
            )
            return rows, cursor.fetchone()[0]
    finally:
        connection.close()


def test_a_postgres_restart_under_submissions_loses_no_submitted_response(
    own_postgres, server, capsys
):
    plan = server.plan
    stream = Stream(port=server.port, plan=plan, deadline=time.monotonic() + STREAM_WITHIN)
    restarts = []

    def restart_when_due():
        stream.restart_due.wait(timeout=STREAM_WITHIN)
        restarts.append(own_postgres.restart())

    restarter = threading.Thread(target=restart_when_due, daemon=True)
    restarter.start()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(stream.respondent, range(RESPONDENTS), plan["usernames"]))
    stream.restart_due.set()  # the stream ended early: restart anyway, so the thread ends
    restarter.join(timeout=120)

    assert restarts, "PostgreSQL was not restarted"
    assert not stream.gave_up, (
        "Clients gave up:\n" + "\n".join(stream.gave_up[:10]) + f"\n{server.log()[-3000:]}"
    )
    failed = sum(stream.failures.values())
    assert failed > 0, "No request failed: the restart did not happen under the stream"
    # Every 400 the clients saw was a session save that met the restart, none a bad form.
    assert server.log().count(SESSION_INTERRUPTED) == stream.failures["HTTP 400"]

    stored, data_version = _stored(own_postgres, plan["area_round"])
    submitted = {name for name, row in stored.items() if row[0] == ResponseStatus.SUBMITTED}
    confirmed = {name for name, _sent, _total in stream.confirmed}
    lost = confirmed - submitted
    assert not lost, f"Confirmed to the client but not stored as submitted: {sorted(lost)}"
    assert submitted == confirmed  # nothing submitted behind a client's back either
    half_written = [
        (name, sent, total, stored[name])
        for name, sent, total in stream.confirmed
        if stored[name][1:] != (sent, total, len(plan["pages"]))
    ]
    assert not half_written, f"(username, answers sent, sum, stored): {half_written[:5]}"
    # The score refresh marker moved once per submission, in the submission's transaction.
    assert data_version - plan["data_version"] == len(submitted)

    report(
        capsys,
        f"postgres restart: {len(confirmed)} submitted, {len(submitted)} stored, "
        f"{len(lost)} lost, {failed} requests failed during the restart and were retried "
        f"({', '.join(f'{n} {what}' for what, n in stream.failures.most_common())}); "
        f"restart took {restarts[0]:.1f} s",
    )
