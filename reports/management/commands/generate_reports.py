"""Queue (or, without a broker, render) the PDF reports of a round.

python manage.py generate_reports --round baseline [--area bassetlaw] [--wait]
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from assessments.models import AreaRound, Round
from reports.models import Report, ReportReason, ReportStatus
from reports.services import report_request

POLL_SECONDS = 1.0
DONE = (ReportStatus.READY, ReportStatus.FAILED)


class Command(BaseCommand):
    help = "Queue every area report of a round (and the programme report), or render them."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="The round's slug.")
        parser.add_argument("--area", help="Only this area's report (an area slug).")
        parser.add_argument(
            "--wait",
            action="store_true",
            help="Wait for a worker to finish every report before printing the summary.",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=30 * 60,
            help="With --wait: give up after this many seconds (default 1800).",
        )

    def handle(self, *args, **options):
        round = Round.objects.filter(slug=options["round"]).first()
        if round is None:
            raise CommandError(f"No round with the slug {options['round']!r}.")
        area_rounds = AreaRound.objects.filter(round=round).select_related("area", "round")
        if options["area"]:
            area_rounds = area_rounds.filter(area__slug=options["area"])
            if not area_rounds.exists():
                raise CommandError(
                    f"The area {options['area']!r} is not taking part in {round.slug!r}."
                )
        area_rounds = list(area_rounds.order_by("area__name"))
        in_process = settings.CELERY_TASK_ALWAYS_EAGER
        verb = "Rendering" if in_process else "Queueing"
        report_ids = []
        with tqdm(total=len(area_rounds) + (0 if options["area"] else 1), desc=verb) as bar:
            for area_round in area_rounds:
                bar.set_postfix_str(area_round.area.slug)
                report = report_request(area_round=area_round, reason=ReportReason.COMMAND)
                report_ids.append(report.pk)
                bar.update(1)
            if not options["area"]:
                bar.set_postfix_str("programme")
                report = report_request(round=round, reason=ReportReason.COMMAND)
                report_ids.append(report.pk)
                bar.update(1)
        if options["wait"] and not in_process:
            self._wait(report_ids, options["timeout"])
        self._summary(report_ids, queued_only=not (in_process or options["wait"]))

    def _wait(self, report_ids: list[int], timeout: int) -> None:
        deadline = time.monotonic() + timeout
        reports = Report.objects.filter(pk__in=report_ids)
        with tqdm(total=len(report_ids), desc="Rendering") as bar:
            while True:
                done = reports.filter(status__in=DONE).count()
                bar.update(done - bar.n)
                if done == len(report_ids):
                    return
                if time.monotonic() > deadline:
                    raise CommandError(
                        f"Gave up waiting after {timeout} seconds: {done} of "
                        f"{len(report_ids)} reports finished. Is a worker running?"
                    )
                time.sleep(POLL_SECONDS)

    def _summary(self, report_ids: list[int], *, queued_only: bool) -> None:
        reports = Report.objects.filter(pk__in=report_ids).select_related(
            "area_round__area", "round"
        )
        counts = dict.fromkeys(ReportStatus.values, 0)
        for report in reports.order_by("kind", "area_round__area__name"):
            counts[report.status] += 1
            label = report.area_round.area.name if report.area_round else "Programme"
            if report.status == ReportStatus.READY and report.file:
                where = Path(settings.MEDIA_ROOT) / report.file.name
                self.stdout.write(f"{label}: {where}")
            elif report.status == ReportStatus.FAILED:
                self.stdout.write(self.style.ERROR(f"{label}: failed: {report.last_error}"))
            else:
                self.stdout.write(f"{label}: {report.get_status_display().lower()}")
        summary = (
            f"{counts[ReportStatus.READY]} ready, {counts[ReportStatus.FAILED]} failed, "
            f"{counts[ReportStatus.QUEUED] + counts[ReportStatus.RENDERING]} still queued."
        )
        if queued_only:
            summary += " A worker renders the queued reports; add --wait to wait for them."
        style = self.style.ERROR if counts[ReportStatus.FAILED] else self.style.SUCCESS
        self.stdout.write(style(summary))
