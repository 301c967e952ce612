"""Withdraw a committed import batch: its responses and answers are deleted, the batch is
kept, marked withdrawn with who, when and why. Refused once the round's results are
published."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.management.commands.import_responses import administrator
from assessments.models import ImportBatch
from assessments.services.imports import import_batch_withdraw


class Command(BaseCommand):
    help = "Withdraw a committed import batch (its responses are deleted; the batch is kept)."

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="The batch's number (its id).")
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The administrator withdrawing it."
        )
        parser.add_argument("--reason", required=True, help="Why it is withdrawn (recorded).")

    def handle(self, *args, batch, by, reason, **options):
        user = administrator(by)
        batch_obj = ImportBatch.objects.select_related("area_round").filter(pk=batch).first()
        if batch_obj is None:
            raise CommandError(f"No import batch {batch}.")
        try:
            batch_obj = import_batch_withdraw(batch=batch_obj, by=user, reason=reason)
        except PermissionDenied as error:
            raise CommandError(f"{by!r} may not withdraw imports.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Withdrew batch {batch_obj.pk} ({batch_obj.file_name}): "
                f"its {batch_obj.rows} responses are deleted."
            )
        )
