"""A real Celery worker for the tests, over the Redis named by CELERY_BROKER_URL.

Each test gets its own queue name, so a worker never takes another test's (or another
person's) tasks, and the worker opens the same test database as the test: a file for
SQLite (see ``DATABASES["default"]["TEST"]`` in settings), the test database for PostgreSQL.
Tests using it need ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``
so that what they write is committed where the worker can read it.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
SKIP_REASON = "CELERY_BROKER_URL is not set: the worker tests need Redis (CI sets it)"
READY_WITHIN_SECONDS = 60
STOP_WITHIN_SECONDS = 30


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "render_delay(seconds): the worker sleeps this long in every report render"
    )


def database_url_for_worker() -> str:
    """A DATABASE_URL naming the database this test process is using right now."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        assert name != ":memory:" and "mode=memory" not in name, (
            "The worker needs a file test database (settings: DATABASES TEST NAME)"
        )
        return f"sqlite:///{name}"
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def wait_for(condition, *, within: float, what: str, every: float = 0.1):
    """Poll until ``condition()`` is truthy; fail with ``what`` if it takes too long."""
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up after {within} s waiting for {what}")
        time.sleep(every)


@dataclass
class Worker:
    queue: str
    media_root: Path
    log_path: Path
    env: dict
    process: subprocess.Popen | None = None
    starts: list[int] = field(default_factory=list)

    def start(self) -> None:
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pip_portal",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}@%h",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.starts.append(self.process.pid)
        wait_for(
            lambda: " ready." in self.log(offset) or self.process.poll() is not None,
            within=READY_WITHIN_SECONDS,
            what="the Celery worker to start",
        )
        if self.process.poll() is not None:
            pytest.fail(f"The Celery worker exited at start:\n{self.log(offset)}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            self.process.wait(timeout=STOP_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_WITHIN_SECONDS)

    def log(self, offset: int = 0) -> str:
        if not self.log_path.exists():
            return ""
        return self.log_path.read_bytes()[offset:].decode(errors="replace")

    def pool_children(self) -> list[int]:
        """The prefork pool's child processes (Linux)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


@pytest.fixture
def worker_queue(tmp_path, settings):
    """A queue of this test's own: tasks this process sends go there."""
    if not BROKER_URL:
        pytest.skip(SKIP_REASON)
    from pip_portal.celery import app

    queue = f"pip-portal-test-{uuid.uuid4().hex[:12]}"
    saved = (app.conf.task_default_queue, app.conf.task_always_eager)
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    settings.MEDIA_ROOT = tmp_path / "media"
    yield queue
    app.conf.task_default_queue, app.conf.task_always_eager = saved
    _delete_queue(queue)


def _delete_queue(queue: str) -> None:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        client.delete(queue, *client.keys(f"{queue}\x06*"))
    finally:
        client.close()


def queue_length(queue: str) -> int:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        return client.llen(queue)
    finally:
        client.close()


@pytest.fixture
def worker_env(worker_queue, settings):
    """The environment for a worker: the test database, the broker, the test's media."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pip_portal.settings",
        "PIP_TESTING": "1",
        "DATABASE_URL": database_url_for_worker(),
        "CELERY_BROKER_URL": BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REPORT_RENDER_DELAY_SECONDS": "0",
    }


@pytest.fixture
def celery_worker(worker_queue, worker_env, settings, tmp_path, request):
    """A started worker on the test's queue; stopped after the test.

    ``@pytest.mark.render_delay(seconds)`` makes every render sleep first, so a test can
    act while a report is rendering.
    """
    marker = request.node.get_closest_marker("render_delay")
    env = dict(worker_env)
    if marker:
        env["REPORT_RENDER_DELAY_SECONDS"] = str(marker.args[0])
    worker = Worker(
        queue=worker_queue,
        media_root=Path(settings.MEDIA_ROOT),
        log_path=tmp_path / "worker.log",
        env=env,
    )
    worker.start()
    yield worker
    worker.stop()
