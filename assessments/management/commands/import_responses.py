"""Import responses from a CSV file into an area's round (all-or-nothing)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.models import AreaRound
from assessments.services.imports import ImportRejected, responses_import


class Command(BaseCommand):
    help = "Import responses (header respondent,sector,<question code>…) into an area's round."

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="The council area's slug.")
        parser.add_argument("--round", required=True, help="The round's slug.")
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")

    def handle(self, *args, area, round, file, **options):
        area_round = (
            AreaRound.objects.select_related("round__framework", "area")
            .filter(area__slug=area, round__slug=round)
            .first()
        )
        if area_round is None:
            raise CommandError(f"No round {round!r} for area {area!r}.")
        try:
            size = file.stat().st_size
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        if size > settings.IMPORT_MAX_BYTES:
            raise CommandError(f"{file} is larger than {settings.IMPORT_MAX_BYTES} bytes.")
        try:
            outcome = responses_import(area_round=area_round, data=file.read_bytes())
        except ImportRejected as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in {file}."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {outcome.created} new and updated {outcome.updated} responses."
            )
        )
