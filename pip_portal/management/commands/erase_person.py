"""Erase (anonymise) one person; their submitted answers stay in the figures, detached."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pip_portal.personal_data import person_erase, person_find


class Command(BaseCommand):
    help = (
        "Anonymise one person: account stripped and deactivated, sessions ended, memberships, "
        "invitations and drafts deleted; submitted answers kept under a new reference."
    )

    def add_arguments(self, parser):
        parser.add_argument("person", help="username or email address")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, person, no_input=False, **options):
        try:
            user = person_find(identifier=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not no_input:
            answer = input(
                f"Erase {user.get_username()} (id {user.pk})? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing was erased.")
        try:
            outcome = person_erase(user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Erased account {outcome.user_id}: {outcome.responses_detached} submitted "
            f"response(s) kept anonymously, {outcome.drafts_deleted} draft(s), "
            f"{outcome.invitations_deleted} invitation(s) and {outcome.memberships_deleted} "
            "membership(s) deleted."
        )
