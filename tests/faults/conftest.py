"""Fault scripts against the real services: PostgreSQL (DATABASE_URL) and Redis
(CELERY_BROKER_URL). Each module is marked ``faults``; ``make faults`` runs them alone.

They skip, saying why, when the services are not configured or not answering. They never
stop the machine's own Redis or PostgreSQL: a test that stops a service starts its own copy
on another port (Redis 6390, PostgreSQL 5440) and stops only that.

The Celery worker fixtures are the worker tests' (``tests/worker/conftest.py``).
"""

import os
import socket
import time

import pytest
from django.conf import settings

from tests.worker.conftest import (  # noqa: F401 - fixtures reused, not duplicated
    celery_worker,
    worker_env,
    worker_queue,
)

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")


def pytest_configure(config):
    config.addinivalue_line("markers", "faults: fault scripts against the real services")
    config.addinivalue_line(
        "markers", "render_delay(seconds): the worker sleeps this long in every report render"
    )


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port(preferred: int) -> int:
    """``preferred`` if nothing listens there, else a free port the kernel picks."""
    if not answers("127.0.0.1", preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def services_reason() -> str | None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return "DATABASE_URL is not PostgreSQL: fault scripts run against the real services"
    if not BROKER_URL.startswith("redis://"):
        return "CELERY_BROKER_URL is not Redis: fault scripts run against the real services"
    db = settings.DATABASES["default"]
    if not answers(db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)):
        return "PostgreSQL is not answering"
    from urllib.parse import urlparse

    broker = urlparse(BROKER_URL)
    if not answers(broker.hostname or "127.0.0.1", broker.port or 6379):
        return "Redis is not answering"
    return None


@pytest.fixture
def real_services():
    reason = services_reason()
    if reason:
        pytest.skip(reason)


def report(capsys, line: str) -> None:
    """Print a fault script's figures, whatever pytest's capture setting."""
    with capsys.disabled():
        print(f"\n[faults] {line}")


def wait_until(condition, *, within: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + within
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up after {within} s waiting for {what}")
        time.sleep(every)
