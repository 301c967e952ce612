"""Import responses from a CSV file into an area's round, as an administrator (all-or-nothing).

The import is recorded as a committed batch (file name, SHA-256, who, when), which
``withdraw_import`` can withdraw until the round's results are published.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from assessments.models import AreaRound
from assessments.services.imports import ImportRejected, import_file_commit


def administrator(username: str):
    """The active superuser named ``username``, or a ``CommandError`` saying why not."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active or not user.is_superuser:
        raise CommandError(f"{username!r} is not an active administrator (superuser).")
    return user


class Command(BaseCommand):
    help = (
        "Import responses (header respondent,sector,<question code>…) into an area's round, "
        "recorded as a batch committed by an administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="The council area's slug.")
        parser.add_argument("--round", required=True, help="The round's slug.")
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The administrator importing it."
        )
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")

    def handle(self, *args, area, round, by, file, **options):
        user = administrator(by)
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
            batch = import_file_commit(
                area_round=area_round, file_name=file.name, data=file.read_bytes(), by=user
            )
        except PermissionDenied as error:
            raise CommandError(f"{by!r} may not import responses.") from error
        except ImportRejected as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in {file}."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.rows} responses as batch {batch.pk} "
                f"({batch.file_name}, SHA-256 {batch.sha256})."
            )
        )
