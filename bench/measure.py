"""Measurements over the benchmark programme, through the real views and services.

Requests go through Django's test ``Client`` (the whole middleware stack, a signed-in
session, the real templates); query counts come from ``CaptureQueriesContext``. Every
loop here is bounded by a count given by the caller.
"""

import random
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.models import Dimension, Question
from assessments.scoring import scores_refresh
from assessments.services.rounds import area_round_touch
from bench.build import BenchProgramme
from reports.models import Report, ReportReason, ReportStatus


class BenchFailure(RuntimeError):
    """A measured request did not do what it should (wrong status, nothing stored)."""


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> "Timing":
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
        return cls(median=statistics.median(ordered), p95=p95, runs=len(ordered))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _expect(response, status: int, what: str) -> None:
    if response.status_code != status:
        body = b"" if getattr(response, "streaming", False) else response.content[:300]
        raise BenchFailure(f"{what}: HTTP {response.status_code}, expected {status}. {body!r}")


TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)


def statements(captured: list[dict]) -> list[str]:
    """The SQL statements that read or write data: transaction control is left out, because
    SQLite logs its BEGIN/COMMIT and PostgreSQL does not, so counts agree across databases."""
    return [q["sql"] for q in captured if not TRANSACTION_CONTROL.match(q["sql"])]


def _measured(call: Callable[[], object]) -> tuple[object, float, int]:
    """Run ``call`` once: its result, milliseconds, and SQL statements."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, len(statements(queries.captured_queries))


def repeated_get(client: Client, url: str, *, runs: int, warmup: int = 2) -> tuple[Timing, int]:
    """GET ``url`` ``warmup`` + ``runs`` times: timing of the measured runs, and queries."""
    for _ in range(warmup):
        _expect(client.get(url), 200, url)
    times, counts = [], set()
    for _ in range(runs):
        response, elapsed, count = _measured(lambda: client.get(url))
        _expect(response, 200, url)
        times.append(elapsed)
        counts.add(count)
    return Timing.of(times), max(counts)


# --- storing responses -----------------------------------------------------------------


@dataclass(frozen=True)
class SubmitFigures:
    save_page: Timing
    save_page_queries: int
    submit: Timing
    submit_queries: int
    submitted: int


def submissions_measure(programme: BenchProgramme, *, samples: int, seed: int) -> SubmitFigures:
    """``samples`` people each start, save every page and submit, through the views."""
    rng = random.Random(seed)
    area_round = programme.submit_area_round
    kwargs = {"area": area_round.area.slug, "round": area_round.round.slug}
    dimensions = list(
        Dimension.objects.filter(framework=programme.framework).order_by("order", "pk")
    )
    per_page = [Question.objects.filter(dimension=d).count() for d in dimensions]
    page_times, page_counts, submit_times, submit_counts = [], set(), [], set()
    for user in programme.submit_users[:samples]:
        client = signed_in(user)
        _expect(
            client.post(reverse("assessment_start", kwargs=kwargs), {"sector": "council"}),
            302,
            "start",
        )
        for number, statements in enumerate(per_page, start=1):
            data = {f"statement-{i}": str(rng.randint(1, 5)) for i in range(1, statements + 1)}
            data.update(comment="", action="next")
            url = reverse("assessment_page", kwargs={**kwargs, "page": number})
            response, elapsed, count = _measured(
                lambda url=url, data=data, client=client: client.post(url, data)
            )
            _expect(response, 302, f"save page {number}")
            page_times.append(elapsed)
            page_counts.add(count)
        url = reverse("assessment_review", kwargs=kwargs)
        response, elapsed, count = _measured(lambda url=url, client=client: client.post(url))
        _expect(response, 302, "submit")
        submit_times.append(elapsed)
        submit_counts.add(count)
    from assessments.models import Response, ResponseStatus

    submitted = Response.objects.filter(
        area_round=area_round,
        user__in=programme.submit_users[:samples],
        status=ResponseStatus.SUBMITTED,
    ).count()
    if submitted != min(samples, len(programme.submit_users)):
        raise BenchFailure(f"only {submitted} of {samples} submissions were stored")
    return SubmitFigures(
        save_page=Timing.of(page_times),
        save_page_queries=max(page_counts),
        submit=Timing.of(submit_times),
        submit_queries=max(submit_counts),
        submitted=submitted,
    )


# --- pages -------------------------------------------------------------------------------


def dashboards_measure(programme: BenchProgramme, *, runs: int) -> dict:
    sponsor = signed_in(programme.sponsor)
    plain, _ = repeated_get(sponsor, reverse("accessibility"), runs=runs)
    programme_url = reverse("programme_dashboard") + f"?round={programme.round.slug}"
    programme_timing, programme_queries = repeated_get(sponsor, programme_url, runs=runs)
    area_round = programme.area_rounds[len(programme.area_rounds) // 2]
    area_url = reverse(
        "area_round_dashboard",
        kwargs={"area": area_round.area.slug, "round": area_round.round.slug},
    )
    area_timing, area_queries = repeated_get(sponsor, area_url, runs=runs)
    return {
        "plain": plain,
        "programme": programme_timing,
        "programme_queries": programme_queries,
        "area": area_timing,
        "area_queries": area_queries,
        "programme_miss": _after_a_change(sponsor, programme_url, area_round),
        "area_miss": _after_a_change(sponsor, area_url, area_round),
    }


def _after_a_change(client: Client, url: str, area_round, runs: int = 3) -> Timing:
    """GET ``url`` right after the figures changed (an area round touched, as an invitation
    does), so the page is rebuilt rather than served from the cache."""
    times = []
    for _ in range(runs):
        area_round_touch(area_round_id=area_round.pk)
        response, elapsed, _ = _measured(lambda: client.get(url))
        _expect(response, 200, url)
        times.append(elapsed)
    return Timing.of(times)


def score_refresh_measure(programme: BenchProgramme, *, runs: int) -> Timing:
    area_round = programme.refresh_area_round
    scores_refresh(area_round=area_round)  # warm-up
    times = []
    for _ in range(runs):
        _, elapsed, _ = _measured(lambda: scores_refresh(area_round=area_round))
        times.append(elapsed)
    return Timing.of(times)


# --- exports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFigures:
    seconds: float
    queries: int
    rows: int
    bytes: int
    peak_mb: float
    streamed: bool


def _drain(response) -> tuple[int, int]:
    """Read a (streaming) response to the end without keeping it: bytes and lines."""
    size = lines = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return size, lines


def raw_export_measure(programme: BenchProgramme, *, runs: int) -> ExportFigures:
    area_round = programme.export_area_round
    url = reverse(
        "responses_export", kwargs={"area": area_round.area.slug, "round": area_round.round.slug}
    )
    admin = signed_in(programme.admin)
    times, counts, size, lines, streamed = [], set(), 0, 0, False

    def download():
        response = admin.get(url)
        _expect(response, 200, "raw export")
        return response.streaming, *_drain(response)

    for _ in range(runs):
        (streamed, size, lines), elapsed, count = _measured(download)
        times.append(elapsed / 1000)
        counts.add(count)
    # A separate, untimed pass: the most memory Python held while the export streamed.
    tracemalloc.start()
    try:
        download()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return ExportFigures(
        seconds=statistics.median(times),
        queries=max(counts),
        rows=lines - 1,
        bytes=size,
        peak_mb=peak / 2**20,
        streamed=streamed,
    )


def scores_export_measure(programme: BenchProgramme, *, runs: int) -> tuple[float, int]:
    # As an administrator: the bench's current round is open, and nobody else sees an open
    # round's figures (a sponsor gets 403 until its results are published).
    admin = signed_in(programme.admin)
    url = reverse("scores_csv", kwargs={"round": programme.round.slug})
    times, counts = [], set()
    for _ in range(runs):
        response, elapsed, count = _measured(lambda: admin.get(url))
        _expect(response, 200, "scores export")
        _drain(response)
        times.append(elapsed / 1000)
        counts.add(count)
    return statistics.median(times), max(counts)


# --- reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFigures:
    end_to_end_s: float
    render_s: float
    ratio: float
    reports: int


def reports_measure(programme: BenchProgramme, *, samples: int) -> ReportFigures:
    """Area reports end to end in the task (in-process), and WeasyPrint alone on the same HTML.

    End to end is ``report_request`` with the task run in this process: claim, figures,
    template, WeasyPrint, file written, row marked ready.
    """
    from pip_portal.celery import app
    from reports.pdf import area_report_context, render_html_to_pdf
    from reports.services import report_request

    area_rounds = programme.area_rounds[:samples]
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        report_request(area_round=programme.area_rounds[-1], reason=ReportReason.COMMAND)  # warm
        whole, render = [], []
        for area_round in area_rounds:
            started = time.perf_counter()
            report = report_request(area_round=area_round, reason=ReportReason.COMMAND)
            whole.append(time.perf_counter() - started)
            report.refresh_from_db()
            if report.status != ReportStatus.READY:
                raise BenchFailure(
                    f"report {report.pk} ended {report.status}: {report.last_error}"
                )
            with translation.override("en-gb"):
                html = render_to_string(
                    "reports/pdf/area.html", area_report_context(report=report)
                )
            started = time.perf_counter()
            render_html_to_pdf(html)
            render.append(time.perf_counter() - started)
    finally:
        app.conf.task_always_eager = was_eager
    end_to_end, render_only = statistics.median(whole), statistics.median(render)
    return ReportFigures(
        end_to_end_s=end_to_end,
        render_s=render_only,
        ratio=end_to_end / render_only,
        reports=Report.objects.filter(area_round__in=area_rounds).count(),
    )
