"""Fault scripts against the real services: PostgreSQL (DATABASE_URL) and Redis
(CELERY_BROKER_URL). Each module is marked ``faults``; ``make faults`` runs them alone.

They skip, saying why, when the services are not configured or not answering. They never
stop the machine's own Redis or PostgreSQL: a test that stops a service starts its own copy
on another port (Redis 6390, PostgreSQL 5441) and stops only that.

The Celery worker fixtures are the worker tests' (``tests/worker/conftest.py``).
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

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


# --- a PostgreSQL cluster of the test's own (fault 3) ----------------------------------

OWN_POSTGRES_PORT = 5441
POSTGRES_OS_USER = "postgres"


def postgres_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: ``PG_BINDIR``, the ``PATH``, or the
    newest ``/usr/lib/postgresql/<version>/bin`` (Debian keeps them off the ``PATH``)."""
    candidates = [Path(os.environ["PG_BINDIR"])] if os.environ.get("PG_BINDIR") else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(
        versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True
    )
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def own_postgres_reason() -> str | None:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return "DATABASE_URL is not PostgreSQL: fault scripts run against the real services"
    if postgres_bindir() is None:
        return "initdb and pg_ctl (the PostgreSQL server binaries) are not installed"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam(POSTGRES_OS_USER)
        except KeyError:
            return "running as root and there is no postgres OS user to run initdb as"
        if runuser() is None:
            return "running as root and runuser (util-linux) is not installed"
    return None


def runuser() -> str | None:
    return shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")


class OwnPostgres:
    """A throwaway PostgreSQL cluster in a temporary directory, on its own port, with trust
    authentication for the ``postgres`` role. Run as the ``postgres`` OS user when the tests
    run as root (PostgreSQL refuses to run as root)."""

    def __init__(self, *, bindir: Path, port: int, database: str = "pip_portal"):
        self.bindir = bindir
        self.port = port
        self.database = database
        self.dir = Path(tempfile.mkdtemp(prefix="pip-portal-faults-pg-"))
        self.data = self.dir / "data"
        self.log_path = self.dir / "postgres.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, POSTGRES_OS_USER, POSTGRES_OS_USER)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_postgres:
            command = [runuser(), "-u", POSTGRES_OS_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            pytest.fail(
                f"{program} {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}\n{self.log()[-2000:]}"
            )

    def _pg_ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log_path),
            "-w",
            "-t",
            "60",
            *args,
            timeout=90,
        )

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self._pg_ctl("start")
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", self.database
        )

    def restart(self) -> float:
        """``pg_ctl restart -m fast``: open sessions are ended, their transactions rolled
        back. Returns the seconds until the cluster accepted connections again."""
        started = time.monotonic()
        self._pg_ctl("restart", "-m", "fast")
        return time.monotonic() - started

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@pytest.fixture
def own_postgres():
    """A PostgreSQL cluster of this test's own (port 5441, or a free one), created empty;
    stopped and its directory removed afterwards, whatever happened. The machine's
    PostgreSQL is never touched."""
    reason = own_postgres_reason()
    if reason:
        pytest.skip(reason)
    cluster = OwnPostgres(bindir=postgres_bindir(), port=free_port(OWN_POSTGRES_PORT))
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()
