"""``manage.py bench``: build a national-scale synthetic programme and measure the portal.

See docs/benchmarks.md for what each figure means, the targets and recorded runs.
"""

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.utils import OperationalError
from django.test.utils import override_settings
from django.utils import timezone

from bench import build, measure, workers

# The figures docs/benchmarks.md describes, in its order.
JSON_KEYS = (
    "submit_ms",
    "submit_queries",
    "programme_dashboard_ms",
    "programme_dashboard_queries",
    "area_dashboard_ms",
    "area_dashboard_queries",
    "plain_page_ms",
    "score_refresh_ms",
    "raw_export_s",
    "raw_export_queries",
    "scores_export_s",
    "report_s",
    "report_render_s",
    "report_ratio",
    "batch_reports_s_1_worker",
    "batch_reports_s_2_workers",
    "worker_rss_mb_first",
    "worker_rss_mb_last",
)


class Command(BaseCommand):
    help = (
        "Build a synthetic programme (default 400 areas × 50 respondents) in the configured "
        "database (on SQLite: a separate file) and measure submissions, dashboards, exports "
        "and reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--areas", type=int, default=400)
        parser.add_argument("--respondents", type=int, default=50, help="per area")
        parser.add_argument("--export-responses", type=int, default=20_000)
        parser.add_argument("--samples", type=int, default=30, help="submissions to time")
        parser.add_argument("--runs", type=int, default=15, help="timed runs of each page")
        parser.add_argument("--reports", type=int, default=5, help="area reports to time")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--json", dest="json_path", help="write the figures to this file")
        parser.add_argument(
            "--allow-existing-data",
            action="store_true",
            help="run against a database holding other data (bench rows are removed after)",
        )
        parser.add_argument(
            "--sqlite-file",
            default=str(Path(settings.BASE_DIR) / "bench.sqlite3"),
            help="on SQLite, the database file to build in (never the configured one)",
        )
        parser.add_argument("--skip-batch", action="store_true", help="no Celery batches")
        parser.add_argument("--batch-timeout", type=float, default=1800.0, help="seconds")
        parser.add_argument(
            "--batch-areas", type=int, help="render only this many areas' reports in a batch"
        )
        parser.add_argument("--build-only", action="store_true", help="build, do not measure")
        parser.add_argument(
            "--load-invitations",
            type=int,
            default=0,
            help="also create this many unused invitations with known links (load test)",
        )
        parser.add_argument(
            "--load-file", help="write the load test's links and sign-ins to this JSON file"
        )
        parser.add_argument("--sponsor-password", help="give the bench sponsors this password")

    # --- the database --------------------------------------------------------------------

    def _use_bench_database(self, options) -> str:
        """Point the default connection at the benchmark's database; returns its URL."""
        settings_dict = connections["default"].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
            path = Path(options["sqlite_file"]).resolve()
            connections.close_all()
            settings_dict["NAME"] = str(path)
            return f"sqlite:///{path}"
        try:
            connection.ensure_connection()
        except OperationalError as error:
            if "does not exist" not in str(error):
                raise
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
            self._log(f"Created database {settings_dict['NAME']}.")
        return os.environ.get("DATABASE_URL", "")

    def _prepare(self, options) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if build.foreign_data_present():
            if not options["allow_existing_data"]:
                raise CommandError(
                    "This database holds data the benchmark did not create. Point the "
                    "benchmark at a database of its own (DATABASE_URL=.../bench), or pass "
                    "--allow-existing-data to add (and afterwards remove) bench rows beside it."
                )
            build.bench_data_remove()
            return
        if connection.vendor == "sqlite":
            path = Path(connection.settings_dict["NAME"])
            connections.close_all()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            call_command("migrate", verbosity=0, interactive=False)
        else:
            call_command("flush", verbosity=0, interactive=False)

    # --- the run ------------------------------------------------------------------------

    def _log(self, message: str) -> None:
        self.stderr.write(message)

    def handle(self, *args, **options):
        if options["areas"] < 2 or options["respondents"] < 3:
            raise CommandError("Use at least 2 areas and 3 respondents per area.")
        from pip_portal.celery import app

        # Tasks this run sends go to a queue of its own (workers elsewhere never take them).
        queue = f"bench-{os.getpid()}"
        app.conf.task_default_queue = queue
        database_url = self._use_bench_database(options)
        media_root = tempfile.mkdtemp(prefix="pip-bench-media-")
        with override_settings(
            DEBUG=False,
            ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"],
            SECURE_SSL_REDIRECT=False,
            MEDIA_ROOT=media_root,
            AXES_ENABLED=False,
        ):
            self._run(options, queue=queue, database_url=database_url, media_root=media_root)

    def _run(self, options, *, queue, database_url, media_root):
        vendor = connection.vendor
        self._log(f"Benchmark database: {vendor} {connection.settings_dict['NAME']}")
        self._prepare(options)
        self._log(
            f"Building {options['areas']} areas × {options['respondents']} respondents "
            f"and an export area of {options['export_responses']:,} responses…"
        )
        programme = build.programme_build(
            areas=options["areas"],
            respondents=options["respondents"],
            export_responses=options["export_responses"],
            submit_samples=options["samples"],
            seed=options["seed"],
            load_invitations=options["load_invitations"],
            sponsor_password=options["sponsor_password"],
            log=self._log,
        )
        if options["load_file"]:
            self._write_load_file(options["load_file"], programme)
        if options["build_only"]:
            return
        figures, notes = self._measure(
            programme, options, queue=queue, database_url=database_url, media_root=media_root
        )
        self._print(figures, notes, programme, options, vendor)
        if options["json_path"]:
            Path(options["json_path"]).write_text(json.dumps(figures, indent=2) + "\n")
            self._log(f"Wrote {options['json_path']}")
        if options["allow_existing_data"]:
            build.bench_data_remove()
            self._log("Removed the bench rows.")

    def _write_load_file(self, path: str, programme) -> None:
        data = {
            "round": programme.round.slug,
            "areas": [ar.area.slug for ar in programme.area_rounds],
            "tokens": programme.load_tokens,
            "sponsors": [f"{build.PREFIX}sponsor-{n}" for n in range(1, 6)],
            "invitation_emails_like": f"{build.PREFIX}load-",
        }
        Path(path).write_text(json.dumps(data) + "\n")
        self._log(f"Wrote the load test's links to {path}")

    def _measure(self, programme, options, *, queue, database_url, media_root):
        notes: list[str] = []
        runs = options["runs"]
        self._log("Measuring submissions…")
        submit = measure.submissions_measure(
            programme, samples=options["samples"], seed=options["seed"]
        )
        self._log("Measuring dashboards…")
        pages = measure.dashboards_measure(programme, runs=runs)
        self._log("Measuring the score refresh…")
        refresh = measure.score_refresh_measure(programme, runs=runs)
        self._log("Measuring exports…")
        raw = measure.raw_export_measure(programme, runs=3)
        scores_s, scores_queries = measure.scores_export_measure(programme, runs=3)
        self._log("Measuring reports…")
        reports = measure.reports_measure(programme, samples=options["reports"])
        batches = {}
        broker_url = settings.CELERY_BROKER_URL
        if options["skip_batch"]:
            notes.append("Report batches skipped (--skip-batch).")
        elif not broker_url:
            notes.append("Report batches skipped: CELERY_BROKER_URL is not set (no broker).")
        else:
            log_dir = Path(tempfile.mkdtemp(prefix="pip-bench-workers-"))
            for count in (1, 2):
                self._log(f"Rendering every area's report with {count} worker(s)…")
                batches[count] = workers.batch_measure(
                    programme,
                    workers=count,
                    queue=queue,
                    database_url=database_url,
                    broker_url=broker_url,
                    media_root=media_root,
                    log_dir=log_dir,
                    timeout_s=options["batch_timeout"],
                    areas=options["batch_areas"],
                    log=self._log,
                )
            notes.append(f"Report batches of {batches[1].reports} areas. Worker logs: {log_dir}")
        one, two = batches.get(1), batches.get(2)
        if not raw.streamed:
            notes.append("The raw export is NOT streamed.")
        notes.append(
            f"Raw export: {raw.rows:,} rows, {raw.bytes / 2**20:.1f} MB, "
            f"peak Python memory while streaming {raw.peak_mb:.1f} MB."
        )
        notes.append(f"Scores export: {scores_queries} queries.")
        notes.append(
            "Dashboards rebuilt after a change (cache miss), median of 3: programme "
            f"{pages['programme_miss'].median:.0f} ms, area {pages['area_miss'].median:.0f} ms."
        )
        notes.append(
            f"Build: {programme.responses:,} responses, {programme.answers:,} answers in "
            f"{programme.build_s:.0f} s; every area's figures refreshed in "
            f"{programme.refresh_all_s:.0f} s."
        )
        figures = {
            "submit_ms": {
                "median": round(submit.submit.median, 2),
                "p95": round(submit.submit.p95, 2),
                "save_page_median": round(submit.save_page.median, 2),
                "save_page_p95": round(submit.save_page.p95, 2),
            },
            "submit_queries": {
                "save_page": submit.save_page_queries,
                "submit": submit.submit_queries,
            },
            "programme_dashboard_ms": round(pages["programme"].median, 2),
            "programme_dashboard_queries": pages["programme_queries"],
            "area_dashboard_ms": round(pages["area"].median, 2),
            "area_dashboard_queries": pages["area_queries"],
            "plain_page_ms": round(pages["plain"].median, 2),
            "score_refresh_ms": round(refresh.median, 2),
            "raw_export_s": round(raw.seconds, 3),
            "raw_export_queries": raw.queries,
            "scores_export_s": round(scores_s, 3),
            "report_s": round(reports.end_to_end_s, 3),
            "report_render_s": round(reports.render_s, 3),
            "report_ratio": round(reports.ratio, 3),
            "batch_reports_s_1_worker": round(one.seconds, 1) if one else None,
            "batch_reports_s_2_workers": round(two.seconds, 1) if two else None,
            "worker_rss_mb_first": _rounded(one.rss_mb_first if one else None),
            "worker_rss_mb_last": _rounded(one.rss_mb_last if one else None),
        }
        assert tuple(figures) == JSON_KEYS
        return figures, notes

    def _print(self, figures, notes, programme, options, vendor) -> None:
        out = self.stdout.write
        out("")
        out(
            f"PIP Portal benchmark — {timezone.now():%Y-%m-%d %H:%M} — {vendor}, "
            f"{os.cpu_count()} CPUs — {options['areas']} areas × {options['respondents']} "
            f"respondents, export {options['export_responses']:,} responses — load average "
            + " ".join(f"{load:.1f}" for load in os.getloadavg())
        )
        out(f"{'figure':<34} {'measured':>22}   {'target':<26} ok")
        out("-" * 90)
        for name, shown, target, ok in targets(figures):
            mark = "" if ok is None else ("yes" if ok else "NO")
            out(f"{name:<34} {shown:>22}   {target:<26} {mark}")
        for note in notes:
            out(f"note: {note}")


def _rounded(value):
    return None if value is None else round(value, 1)


def targets(f: dict) -> list[tuple[str, str, str, bool | None]]:
    """Each figure as shown, its target (docs/benchmarks.md) and whether it is met (None:
    no target)."""
    plain = f["plain_page_ms"] or 1e-9
    one, two = f["batch_reports_s_1_worker"], f["batch_reports_s_2_workers"]
    first, last = f["worker_rss_mb_first"], f["worker_rss_mb_last"]
    submit, queries = f["submit_ms"], f["submit_queries"]

    def maybe(value, fmt="{}"):
        return "skipped" if value is None else fmt.format(value)

    return [
        (
            "submit_ms (median / p95)",
            f"{submit['median']:.1f} / {submit['p95']:.1f}",
            "median <= 15 ms",
            submit["median"] <= 15,
        ),
        (
            "save page ms (median / p95)",
            f"{submit['save_page_median']:.1f} / {submit['save_page_p95']:.1f}",
            "median <= 15 ms",
            submit["save_page_median"] <= 15,
        ),
        (
            "submit_queries (page / submit)",
            f"{queries['save_page']} / {queries['submit']}",
            "<= 12, any question count",
            max(queries.values()) <= 12,
        ),
        ("plain_page_ms", f"{plain:.1f}", "the floor", None),
        (
            "programme_dashboard_ms",
            f"{f['programme_dashboard_ms']:.1f} ({f['programme_dashboard_ms'] / plain:.1f}×)",
            "<= 3× plain page",
            f["programme_dashboard_ms"] <= 3 * plain,
        ),
        (
            "programme_dashboard_queries",
            str(f["programme_dashboard_queries"]),
            "<= 15",
            f["programme_dashboard_queries"] <= 15,
        ),
        (
            "area_dashboard_ms",
            f"{f['area_dashboard_ms']:.1f} ({f['area_dashboard_ms'] / plain:.1f}×)",
            "<= 2× plain page",
            f["area_dashboard_ms"] <= 2 * plain,
        ),
        ("area_dashboard_queries", str(f["area_dashboard_queries"]), "", None),
        (
            "score_refresh_ms (100 resp.)",
            f"{f['score_refresh_ms']:.1f}",
            "<= 50 ms",
            f["score_refresh_ms"] <= 50,
        ),
        ("raw_export_s", f"{f['raw_export_s']:.2f}", "<= 3 s, streamed", f["raw_export_s"] <= 3),
        (
            "raw_export_queries",
            str(f["raw_export_queries"]),
            "<= 5",
            f["raw_export_queries"] <= 5,
        ),
        ("scores_export_s", f"{f['scores_export_s']:.2f}", "", None),
        ("report_s (end to end)", f"{f['report_s']:.3f}", "", None),
        ("report_render_s (WeasyPrint)", f"{f['report_render_s']:.3f}", "", None),
        (
            "report_ratio",
            f"{f['report_ratio']:.2f}",
            "<= 1.25",
            f["report_ratio"] <= 1.25,
        ),
        ("batch_reports_s_1_worker", maybe(one), "", None),
        (
            "batch_reports_s_2_workers",
            maybe(two) + ("" if not (one and two) else f" ({two / one:.2f}×)"),
            "<= 0.6× one worker",
            None if not (one and two) else two <= 0.6 * one,
        ),
        ("worker_rss_mb_first (10 reports)", maybe(first), "", None),
        (
            "worker_rss_mb_last",
            maybe(last) + ("" if not (first and last) else f" ({last / first:.2f}×)"),
            "<= 1.2× first",
            None if not (first and last) else last <= 1.2 * first,
        ),
    ]
