"""Load the first-wave demo programme. Safe to run again: it never duplicates anything."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assessments.frameworks import framework_load_content, latest_published, shipped_content
from assessments.models import AreaRound, AreaRoundStatus, Publication, Round
from assessments.scoring import scores_refresh
from demo import programme as demo
from demo.answers import DemoRespondent, demo_responses_create
from demo.invitations import demo_invitations_create
from demo.profiles import seed_area_profiles
from partnerships.models import CouncilArea, Membership, Organisation, Role, Sector

User = get_user_model()
PUBLISHED_AT = datetime.datetime(2026, 5, 8, 10, 0, tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = "Create the demo programme: eight pilot areas, people, two rounds of answers."

    def handle(self, *args, **options):
        # Normally loaded by a data migration; reloaded here if a test run flushed it.
        framework = latest_published("pip-health-check") or framework_load_content(
            content=shipped_content()
        )
        with transaction.atomic():
            areas = self._areas()
            rounds = self._rounds(framework)
            people = self._people(areas)
            self._responses(areas, rounds, people, framework)
            self._profiles(areas, rounds)
        self._publish(rounds)
        self._print_sign_ins()
        self._print_invitation(areas["waltham-forest"], rounds["follow-up"])

    def _areas(self):
        areas = {}
        for name, slug, gss, region, nation, council_type in demo.AREAS:
            area, _ = CouncilArea.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "gss_code": gss,
                    "region": region,
                    "nation": nation,
                    "council_type": council_type,
                },
            )
            councils, voluntary = demo.ORGANISATIONS[slug]
            for org_name in councils:
                Organisation.objects.get_or_create(
                    area=area, name=org_name, defaults={"sector": Sector.COUNCIL}
                )
            for org_name in voluntary:
                Organisation.objects.get_or_create(
                    area=area, name=org_name, defaults={"sector": Sector.VCS}
                )
            areas[slug] = area
        return areas

    def _rounds(self, framework):
        today = timezone.localdate()
        baseline, _ = Round.objects.get_or_create(
            slug="baseline",
            defaults={
                "name": "Baseline 2026",
                "framework": framework,
                "opens": datetime.date(2026, 3, 2),
                "closes": datetime.date(2026, 4, 30),
            },
        )
        follow_up, _ = Round.objects.get_or_create(
            slug="follow-up",
            defaults={
                "name": "Follow-up",
                "framework": framework,
                "opens": today - datetime.timedelta(days=21),
                "closes": today + datetime.timedelta(days=28),
            },
        )
        return {"baseline": baseline, "follow-up": follow_up}

    def _user(self, username, first, last, **extra):
        if not hasattr(self, "_password_hash"):
            # Hash once: hashing is deliberately slow, and every demo person shares it.
            self._password_hash = make_password(demo.DEMO_PASSWORD)
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "password": self._password_hash,
                "email": f"{username}@demo.pip-portal.invalid",
                **extra,
            },
        )
        return user

    def _people(self, areas):
        self._user("admin", "Ada", "Admin", is_staff=True, is_superuser=True)
        sponsor = self._user("sponsor", "Helen", "Hughes")
        Membership.objects.get_or_create(user=sponsor, role=Role.SPONSOR, area=None)
        people = {}
        for slug, area in areas.items():
            orgs = {
                sector: list(area.organisations.filter(sector=sector).order_by("name"))
                for sector in (Sector.COUNCIL, Sector.VCS)
            }
            for sector in (Sector.COUNCIL, Sector.VCS):
                user = self._user(
                    f"{slug}-{sector}-coordinator", "Coordinator", f"{area.name} ({sector})"
                )
                Membership.objects.get_or_create(
                    user=user,
                    role=Role.COORDINATOR,
                    area=area,
                    defaults={"sector": sector, "organisation": orgs[sector][0]},
                )
            people[slug] = []
            counts = demo.PROFILES[slug]["counts"]
            for sector in (Sector.COUNCIL, Sector.VCS, Sector.OTHER):
                for n in range(1, counts[sector] + 3):  # a few more people than respond
                    user = self._user(f"{slug}-{sector}-{n}", "Respondent", f"{sector} {n}")
                    organisation = (
                        orgs[sector][(n - 1) % len(orgs[sector])] if sector in orgs else None
                    )
                    Membership.objects.get_or_create(
                        user=user,
                        role=Role.RESPONDENT,
                        area=area,
                        defaults={"sector": sector, "organisation": organisation},
                    )
                    people[slug].append((user, sector, organisation, n))
        return people

    def _responses(self, areas, rounds, people, framework):
        baseline, follow_up = rounds["baseline"], rounds["follow-up"]
        for index, (slug, area) in enumerate(areas.items()):
            profile = demo.PROFILES[slug]
            area_round, _ = AreaRound.objects.get_or_create(
                area=area,
                round=baseline,
                defaults={
                    "opens": baseline.opens,
                    "closes": baseline.closes,
                    "status": AreaRoundStatus.CLOSED,
                },
            )
            respondents = [
                DemoRespondent(user, sector, org)
                for user, sector, org, n in people[slug]
                if n <= profile["counts"][sector]
            ]
            typical = {
                Sector.OTHER: {
                    k: (profile["council"][k] + profile["vcs"][k]) / 2 for k in profile["council"]
                },
                Sector.COUNCIL: profile["council"],
                Sector.VCS: profile["vcs"],
            }
            demo_responses_create(
                area_round=area_round,
                framework=framework,
                respondents=respondents,
                typical=typical,
                comments=demo.COMMENTS,
                seed=1000 + index,
            )
            follow = profile.get("follow_up")
            if not follow:
                continue
            area_round, _ = AreaRound.objects.get_or_create(
                area=area,
                round=follow_up,
                defaults={
                    "opens": follow_up.opens,
                    "closes": follow_up.closes,
                    "status": AreaRoundStatus.OPEN,
                },
            )
            shifted = {
                sector: {k: v + follow["delta"] for k, v in views.items()}
                for sector, views in typical.items()
            }
            respondents = [
                DemoRespondent(user, sector, org, submitted=n != 1)
                for user, sector, org, n in people[slug]
                if n <= follow["counts"][sector] + 1
            ]
            demo_responses_create(
                area_round=area_round,
                framework=framework,
                respondents=respondents,
                typical=shifted,
                comments=demo.COMMENTS,
                seed=2000 + index,
            )

    def _publish(self, rounds):
        """The baseline everywhere, and the follow-up of the areas that finished it early.

        The figures are computed here, before publishing, rather than by the refresh the
        answers queued (a worker might reach it only once the round is published, whose
        figures no ordinary refresh changes); publishing by update queues no report
        renders: reports are requested from the report page or with generate_reports.
        """
        today = timezone.localdate()
        due = [(ar, PUBLISHED_AT) for ar in AreaRound.objects.filter(round=rounds["baseline"])]
        due += [
            (ar, timezone.now() - datetime.timedelta(days=1))
            for ar in AreaRound.objects.filter(
                round=rounds["follow-up"], area__slug__in=demo.FOLLOW_UP_PUBLISHED
            )
        ]
        for area_round, published_at in due:
            if area_round.is_published:
                continue
            if area_round.round_id == rounds["follow-up"].pk:
                AreaRound.objects.filter(pk=area_round.pk).update(
                    status=AreaRoundStatus.CLOSED, closes=today - datetime.timedelta(days=2)
                )
            scores_refresh(area_round=area_round)
            area_round.refresh_from_db()
            with transaction.atomic():
                AreaRound.objects.filter(pk=area_round.pk).update(
                    results_published_at=published_at
                )
                Publication.objects.get_or_create(
                    area_round=area_round,
                    number=1,
                    defaults={
                        "published_at": published_at,
                        "data_version": area_round.data_version,
                    },
                )

    def _profiles(self, areas, rounds):
        seed_area_profiles(areas=areas, rounds=rounds)

    def _print_invitation(self, area, round):
        """A fresh invitation link for a new respondent (earlier demo links stop working)."""
        area_round = AreaRound.objects.get(area=area, round=round)
        [(_email, link)] = demo_invitations_create(
            area_round=area_round,
            emails=["new.respondent@demo.pip-portal.invalid"],
            sector=Sector.VCS,
        )
        self.stdout.write(f"Invitation link for a new VCS respondent in {area.name}:\n  {link}")

    def _print_sign_ins(self):
        self.stdout.write(self.style.SUCCESS("Demo programme ready."))
        self.stdout.write(
            f"Sign in at http://127.0.0.1:8000/ with password {demo.DEMO_PASSWORD!r}:"
        )
        for username, what in [
            ("admin", "administrator (Django admin at /admin/)"),
            ("sponsor", "programme sponsor: every area's dashboard and reports"),
            ("waltham-forest-council-coordinator", "coordinator, Waltham Forest (council)"),
            ("bassetlaw-vcs-coordinator", "coordinator, Bassetlaw (voluntary sector)"),
            ("waltham-forest-vcs-1", "respondent, Waltham Forest: a draft in the follow-up"),
            ("bassetlaw-council-2", "respondent, Bassetlaw"),
        ]:
            self.stdout.write(f"  {username:<38} {what}")
