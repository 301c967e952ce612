from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.area_import import AreaImportError, areas_import


class Command(BaseCommand):
    help = (
        "Create or update council areas from a CSV file "
        "(name,slug,gss_code,region,nation,council_type)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            result = areas_import(text=text)
        except AreaImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"{len(error.errors)} bad row(s) in {file}: nothing was written."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"{result.created} area(s) created, {result.updated} updated.")
        )
