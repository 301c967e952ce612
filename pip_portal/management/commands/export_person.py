"""Print (or write) everything the portal holds about one person, as JSON."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pip_portal.personal_data import person_export, person_find


class Command(BaseCommand):
    help = "Export everything held about one person (a subject access request), as JSON."

    def add_arguments(self, parser):
        parser.add_argument("person", help="username or email address")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, person, output=None, **options):
        try:
            user = person_find(identifier=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        text = json.dumps(person_export(user=user), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Written to {output}")
        else:
            self.stdout.write(text)
