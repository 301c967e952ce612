"""Recompute the stored score figures (``assessments.scoring.scores_repair``), sending
``area_round_scores_refreshed`` for each area round refreshed, as every refresh does.

Published figures are frozen: they change only when an administrator re-publishes them
with a reason (on the round's page), so this command leaves them alone.
"""

from django.core.management.base import BaseCommand
from django.db.models import F

from assessments.models import AreaRound
from assessments.scoring import scores_repair


class Command(BaseCommand):
    help = "Recompute stored scores for every area round, or only stale ones (--stale)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale",
            action="store_true",
            help="only area rounds whose answers changed since their figures were stored",
        )
        parser.add_argument("--round", help="only this round (slug)")

    def handle(self, *args, stale=False, round=None, **options):
        area_rounds = AreaRound.objects.order_by("pk")
        if stale:
            area_rounds = area_rounds.filter(scores_version__lt=F("data_version")) | (
                area_rounds.filter(score__isnull=True)
            )
        if round:
            area_rounds = area_rounds.filter(round__slug=round)
        area_rounds = area_rounds.distinct()
        published = area_rounds.filter(results_published_at__isnull=False).count()
        count = 0
        for area_round in area_rounds.filter(results_published_at__isnull=True):
            scores_repair(area_round=area_round)
            count += 1
        self.stdout.write(f"Refreshed the scores of {count} area round(s).")
        if published:
            self.stdout.write(
                f"Left {published} published area round(s) as published: an administrator "
                "re-publishes them, with a reason, to change their figures."
            )
