"""Report batches on real Celery workers over the broker, with their memory.

The workers are started here as child processes (``--pool=solo``, so the process that renders
is the one whose memory is read) on a queue of their own, so workers of another checkout on
the same broker never take these tasks, and stopped here, by their process ids.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from bench.build import BenchProgramme
from reports.models import Report, ReportReason, ReportStatus

FIRST_REPORTS = 10
POLL_SECONDS = 0.25
READY_TIMEOUT_S = 60


class WorkerFailure(RuntimeError):
    pass


@dataclass(frozen=True)
class BatchFigures:
    workers: int
    reports: int
    seconds: float
    failed: int
    rss_mb_first: float | None
    rss_mb_last: float | None


def rss_mb(pid: int) -> float | None:
    """A process's resident memory in MB (Linux), or None if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _worker_env(*, database_url: str, broker_url: str, media_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        MEDIA_ROOT=media_root,
        # Production-like: DEBUG off (DEBUG keeps every query in memory), a throwaway key.
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    return env


def _start(
    count: int, *, queue: str, env: dict, log_dir: Path
) -> list[tuple[str, subprocess.Popen]]:
    started = []
    for number in range(1, count + 1):
        name = f"{queue}-{number}@{socket.gethostname()}"
        log = (log_dir / f"worker-{count}-{number}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pip_portal",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-n",
                name,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((name, process))
    return started


def _wait_ready(app, names: list[str], processes) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if any(p.poll() is not None for _, p in processes):
            raise WorkerFailure("a Celery worker exited while starting; see its log")
        replies = app.control.ping(destination=names, timeout=1.0) or []
        answered = {name for reply in replies for name in reply}
        if set(names) <= answered:
            return
    raise WorkerFailure(f"Celery workers did not answer within {READY_TIMEOUT_S} s")


def _stop(processes) -> None:
    for _, process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for _, process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def batch_measure(
    programme: BenchProgramme,
    *,
    workers: int,
    queue: str,
    database_url: str,
    broker_url: str,
    media_root: str,
    log_dir: Path,
    timeout_s: float,
    areas: int | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> BatchFigures:
    """Request every area's report (or the first ``areas``) and time until all are ready."""
    from pip_portal.celery import app
    from reports.services import report_request

    env = _worker_env(database_url=database_url, broker_url=broker_url, media_root=media_root)
    processes = _start(workers, queue=queue, env=env, log_dir=log_dir)
    try:
        _wait_ready(app, [name for name, _ in processes], processes)
        started = time.monotonic()
        batch_started_at = timezone.now()
        ids = [
            report_request(area_round=area_round, reason=ReportReason.COMMAND).pk
            for area_round in programme.area_rounds[:areas]
        ]
        finished = Report.objects.filter(
            pk__in=ids,
            status__in=[ReportStatus.READY, ReportStatus.FAILED],
            finished_at__gte=batch_started_at,
        )
        rss_first = None
        deadline = started + timeout_s
        done = 0
        while time.monotonic() < deadline:
            done = finished.count()
            if rss_first is None and done >= FIRST_REPORTS:
                rss_first = max(filter(None, (rss_mb(p.pid) for _, p in processes)), default=None)
            if done >= len(ids):
                break
            if any(p.poll() is not None for _, p in processes):
                raise WorkerFailure("a Celery worker died during the batch; see its log")
            time.sleep(POLL_SECONDS)
        seconds = time.monotonic() - started
        if done < len(ids):
            raise WorkerFailure(f"only {done} of {len(ids)} reports finished in {timeout_s:.0f} s")
        rss_last = max(filter(None, (rss_mb(p.pid) for _, p in processes)), default=None)
        failed = Report.objects.filter(pk__in=ids, status=ReportStatus.FAILED).count()
        log(f"  {workers} worker(s): {len(ids)} reports in {seconds:.1f} s, {failed} failed")
        return BatchFigures(workers, len(ids), seconds, failed, rss_first, rss_last)
    finally:
        _stop(processes)
