import json

from django.core.management.base import BaseCommand, CommandError

from assessments.frameworks import framework_export
from assessments.models import Framework


class Command(BaseCommand):
    help = "Print a framework (latest version, or --version N) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--version-number", "--framework-version", type=int, dest="number")

    def handle(self, *args, slug: str, number: int | None, **options):
        versions = Framework.objects.filter(slug=slug).order_by("-version")
        framework = versions.filter(version=number).first() if number else versions.first()
        if framework is None:
            raise CommandError(f"No framework {slug!r}" + (f" version {number}" if number else ""))
        self.stdout.write(json.dumps(framework_export(framework=framework), indent=2))
