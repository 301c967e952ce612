"""A synthetic programme at national scale, written with ``bulk_create`` in large batches.

Shape (defaults: 400 areas × 50 respondents): a previous round with stored figures only, a
current open round where every respondent came through an invitation and submitted all
pages, one area with at least ``REFRESH_RESPONDENTS`` respondents (for the score refresh),
respondents still to answer in a second area (for submissions through the views), and a
separate round with one area of ``export_responses`` imported responses (for the raw export).
Answers are drawn from a seeded generator, so two runs build the same programme.
"""

import datetime
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from assessments.framework_content import PIP_HEALTH_CHECK
from assessments.frameworks import framework_load_content, latest_published
from assessments.models import (
    Answer,
    AreaRound,
    AreaRoundStatus,
    AreaScore,
    Comment,
    Dimension,
    DimensionScore,
    Invitation,
    Question,
    Response,
    ResponseSource,
    ResponseStatus,
    Round,
    ScoreGroup,
)
from assessments.scoring import scores_refresh
from partnerships.models import CouncilArea, CouncilType, Membership, Nation, Role, Sector

PREFIX = "bench-"
CURRENT_ROUND = "bench-current"
PREVIOUS_ROUND = "bench-previous"
EXPORT_ROUND = "bench-export"
REFRESH_RESPONDENTS = 100
BATCH_SIZE = 5000
# Responses generated (and their answers written) per chunk: bounds the builder's memory.
RESPONSES_PER_CHUNK = 2000
UNUSABLE_PASSWORD = "!bench-no-password"  # noqa: S105 - "!" marks it unusable
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
GSS_LETTER = {Nation.ENGLAND: "E", Nation.WALES: "W", Nation.SCOTLAND: "S"}

User = get_user_model()


@dataclass
class BenchProgramme:
    framework: object
    round: Round
    previous_round: Round
    export_round: Round
    area_rounds: list[AreaRound]
    refresh_area_round: AreaRound
    submit_area_round: AreaRound
    submit_users: list
    export_area_round: AreaRound
    sponsor: object
    admin: object
    responses: int = 0
    answers: int = 0
    build_s: float = 0.0
    refresh_all_s: float = 0.0
    load_tokens: list[str] = field(default_factory=list)


def foreign_data_present() -> bool:
    """Whether the database holds anything the benchmark did not create."""
    return (
        CouncilArea.objects.exclude(slug__startswith=PREFIX).exists()
        or Round.objects.exclude(slug__startswith=PREFIX).exists()
        or User.objects.exclude(username__startswith=PREFIX).exists()
    )


def bench_data_remove() -> None:
    """Delete what an earlier run created (rounds and areas cascade to everything else)."""
    with transaction.atomic():
        Round.objects.filter(slug__startswith=PREFIX).delete()
        CouncilArea.objects.filter(slug__startswith=PREFIX).delete()
        User.objects.filter(username__startswith=PREFIX).delete()


def bench_framework():
    """The shipped framework, loaded again if the database was flushed."""
    return latest_published(PIP_HEALTH_CHECK["slug"]) or framework_load_content(
        content=PIP_HEALTH_CHECK
    )


class _Answers:
    """Seeded answers: an area's leaning, a sector's, a statement's, and noise."""

    def __init__(self, rng: random.Random, questions: list[tuple[int, int]], framework):
        self.rng = rng
        self.questions = questions
        self.low, self.high = framework.scale_min, framework.scale_max
        self.middle = (self.low + self.high) / 2
        self.question_lean = {pk: rng.uniform(-0.6, 0.6) for pk, _ in questions}
        self.sector_lean = {Sector.COUNCIL: 0.3, Sector.VCS: -0.3, Sector.OTHER: 0.0}

    def for_response(self, response_id: int, sector: str, area_lean: float) -> list[Answer]:
        rng, rows = self.rng, []
        lean = self.middle + area_lean + self.sector_lean[sector]
        for question_id, _ in self.questions:
            draw = rng.random()
            if draw < 0.03:
                continue  # left blank: no row, as a page never saved
            if draw < 0.07:
                rows.append(
                    Answer(response_id=response_id, question_id=question_id, dont_know=True)
                )
                continue
            value = round(lean + self.question_lean[question_id] + rng.gauss(0, 1.1))
            value = min(self.high, max(self.low, value))
            rows.append(Answer(response_id=response_id, question_id=question_id, value=value))
        return rows


def _sector(rng: random.Random) -> str:
    draw = rng.random()
    return Sector.COUNCIL if draw < 0.55 else Sector.VCS if draw < 0.95 else Sector.OTHER


def _areas(
    count: int, name: str = "Bench area", slug: str = "bench-area", first: int = 1
) -> list[CouncilArea]:
    nations = [Nation.ENGLAND] * 8 + [Nation.WALES, Nation.SCOTLAND]
    types = list(CouncilType.values)
    rows = []
    for index in range(first, first + count):
        nation = nations[index % len(nations)]
        rows.append(
            CouncilArea(
                name=f"{name} {index:04d}",
                slug=f"{slug}-{index:04d}",
                gss_code=f"{GSS_LETTER[nation]}99{index:06d}",
                region=REGIONS[index % len(REGIONS)],
                nation=nation,
                council_type=types[index % len(types)],
            )
        )
    return CouncilArea.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _round(slug: str, name: str, framework, opens: datetime.date, closes: datetime.date):
    return Round.objects.create(
        slug=slug, name=name, framework=framework, opens=opens, closes=closes
    )


def _people(usernames: list[str], *, password: str = UNUSABLE_PASSWORD) -> list:
    users = [
        User(username=name, email=f"{name}@example.invalid", password=password)
        for name in usernames
    ]
    return User.objects.bulk_create(users, batch_size=BATCH_SIZE)


def _token_hash(token: str) -> str:
    # The same hash as assessments.services.invitations.token_hash (sha256 of the token).
    return hashlib.sha256(token.encode()).hexdigest()


def _respondents(
    *,
    area_round: AreaRound,
    count: int,
    rng: random.Random,
    answers: _Answers,
    area_lean: float,
    now,
    with_people: bool,
    ref_prefix: str,
) -> tuple[int, int]:
    """``count`` submitted responses with their answers; with people, invitations and roles."""
    written_responses = written_answers = 0
    area_index = area_round.area.slug.rsplit("-", 1)[-1]
    for start in range(0, count, RESPONSES_PER_CHUNK):
        numbers = range(start, min(count, start + RESPONSES_PER_CHUNK))
        sectors = [_sector(rng) for _ in numbers]
        users, invitations = [None] * len(numbers), [None] * len(numbers)
        if with_people:
            users = _people([f"{PREFIX}r{area_index}-{n:05d}" for n in numbers])
            Membership.objects.bulk_create(
                [
                    Membership(user=user, role=Role.RESPONDENT, area=area_round.area, sector=s)
                    for user, s in zip(users, sectors, strict=True)
                ],
                batch_size=BATCH_SIZE,
            )
            invitations = Invitation.objects.bulk_create(
                [
                    Invitation(
                        area_round=area_round,
                        email=user.email,
                        sector=s,
                        user=user,
                        token_hash=_token_hash(f"{PREFIX}used-{user.username}"),
                        expires_at=now + datetime.timedelta(days=30),
                        used_at=now,
                        sent_at=now,
                        send_count=1,
                    )
                    for user, s in zip(users, sectors, strict=True)
                ],
                batch_size=BATCH_SIZE,
            )
        responses = Response.objects.bulk_create(
            [
                Response(
                    area_round=area_round,
                    user=user,
                    invitation=invitation,
                    respondent_ref=f"{ref_prefix}{n:06d}",
                    sector=s,
                    status=ResponseStatus.SUBMITTED,
                    source=ResponseSource.WEB if with_people else ResponseSource.IMPORT,
                    current_page=0,
                    submitted_at=now,
                )
                for n, user, invitation, s in zip(
                    numbers, users, invitations, sectors, strict=True
                )
            ],
            batch_size=BATCH_SIZE,
        )
        rows: list[Answer] = []
        comments: list[Comment] = []
        dimension_ids = sorted({dimension_id for _, dimension_id in answers.questions})
        for response in responses:
            rows.extend(answers.for_response(response.pk, response.sector, area_lean))
            if rng.random() < 0.1:
                comments.append(
                    Comment(
                        response=response,
                        dimension_id=rng.choice(dimension_ids),
                        text="Synthetic benchmark comment about working together locally.",
                    )
                )
        Answer.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        Comment.objects.bulk_create(comments, batch_size=BATCH_SIZE)
        written_responses += len(responses)
        written_answers += len(rows)
    return written_responses, written_answers


def _previous_figures(area_rounds: list[AreaRound], dimensions, rng: random.Random) -> None:
    """Stored figures for the previous round, so dashboards show change since then."""
    scores, headlines = [], []
    core = [d for d in dimensions if d.core]
    for area_round in area_rounds:
        all_scores = {}
        for dimension in dimensions:
            for group, counted in (
                (ScoreGroup.ALL, 40),
                (ScoreGroup.COUNCIL, 22),
                (ScoreGroup.VCS, 16),
                (ScoreGroup.OTHER, 2),
            ):
                withheld = counted < 3
                score = None if withheld else rng.uniform(35, 85)
                if group == ScoreGroup.ALL:
                    all_scores[dimension.pk] = score
                scores.append(
                    DimensionScore(
                        area_round=area_round,
                        dimension=dimension,
                        group=group,
                        counted=counted,
                        score=score,
                        withheld=withheld,
                    )
                )
        overall = sum(all_scores[d.pk] for d in core) / len(core) if core else None
        headlines.append(
            AreaScore(
                area_round=area_round,
                respondents_total=40,
                respondents_council=22,
                respondents_vcs=16,
                respondents_other=2,
                overall=overall,
                detail={"strongest": [], "weakest": [], "barriers": [], "withheld": []},
                data_version=1,
            )
        )
    DimensionScore.objects.bulk_create(scores, batch_size=BATCH_SIZE)
    AreaScore.objects.bulk_create(headlines, batch_size=BATCH_SIZE)


def load_invitations_create(
    *, area_rounds: list[AreaRound], count: int, seed: int, now
) -> list[str]:
    """Unused invitations with known links for the load test, spread over the areas."""
    tokens, rows = [], []
    for n in range(count):
        token = f"{PREFIX}load-{seed}-{n:06d}"
        tokens.append(token)
        rows.append(
            Invitation(
                area_round=area_rounds[n % len(area_rounds)],
                email=f"{PREFIX}load-{n:06d}@example.invalid",
                sector=(Sector.COUNCIL, Sector.VCS)[n % 2],
                token_hash=_token_hash(token),
                expires_at=now + datetime.timedelta(days=30),
                sent_at=now,
                send_count=1,
            )
        )
    Invitation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return tokens


def programme_build(
    *,
    areas: int,
    respondents: int,
    export_responses: int,
    submit_samples: int,
    seed: int = 7,
    load_invitations: int = 0,
    sponsor_password: str | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> BenchProgramme:
    """Create the benchmark programme (see the module docstring). Returns handles to it."""
    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    framework = bench_framework()
    dimensions = list(Dimension.objects.filter(framework=framework).order_by("order", "pk"))
    questions = list(
        Question.objects.filter(framework=framework)
        .order_by("dimension__order", "order", "pk")
        .values_list("pk", "dimension_id")
    )
    answers = _Answers(rng, questions, framework)
    total_responses = total_answers = 0
    with transaction.atomic():
        previous = _round(
            PREVIOUS_ROUND,
            "Bench previous round",
            framework,
            today - datetime.timedelta(days=200),
            today - datetime.timedelta(days=150),
        )
        current = _round(
            CURRENT_ROUND,
            "Bench current round",
            framework,
            today - datetime.timedelta(days=10),
            today + datetime.timedelta(days=20),
        )
        export_round = _round(
            EXPORT_ROUND,
            "Bench export round",
            framework,
            today - datetime.timedelta(days=10),
            today + datetime.timedelta(days=20),
        )
        area_list = _areas(areas)
        previous_rounds = AreaRound.objects.bulk_create(
            [
                AreaRound(
                    area=area,
                    round=previous,
                    opens=previous.opens,
                    closes=previous.closes,
                    status=AreaRoundStatus.CLOSED,
                    results_published_at=now - datetime.timedelta(days=140),
                    data_version=1,
                    scores_version=1,
                )
                for area in area_list
            ],
            batch_size=BATCH_SIZE,
        )
        _previous_figures(previous_rounds, dimensions, rng)
        current_rounds = AreaRound.objects.bulk_create(
            [
                AreaRound(
                    area=area,
                    round=current,
                    opens=current.opens,
                    closes=current.closes,
                    status=AreaRoundStatus.OPEN,
                    data_version=1,
                )
                for area in area_list
            ],
            batch_size=BATCH_SIZE,
        )
        for index, area_round in enumerate(current_rounds):
            area_round.area = area_list[index]
            area_round.round = current
            count = max(respondents, REFRESH_RESPONDENTS) if index == 0 else respondents
            made, written = _respondents(
                area_round=area_round,
                count=count,
                rng=rng,
                answers=answers,
                area_lean=rng.uniform(-1.0, 1.0),
                now=now,
                with_people=True,
                ref_prefix="B",
            )
            total_responses += made
            total_answers += written
            if (index + 1) % 50 == 0:
                log(f"  {index + 1} areas, {total_answers:,} answers")
        [export_area] = _areas(
            1, name="Bench export area", slug="bench-export-area", first=900_000
        )
        export_area_round = AreaRound.objects.create(
            area=export_area,
            round=export_round,
            opens=export_round.opens,
            closes=export_round.closes,
            status=AreaRoundStatus.OPEN,
            data_version=1,
        )
        made, written = _respondents(
            area_round=export_area_round,
            count=export_responses,
            rng=rng,
            answers=answers,
            area_lean=0.0,
            now=now,
            with_people=False,
            ref_prefix="X",
        )
        total_responses += made
        total_answers += written
        log(f"  export area: {made:,} responses")
        submit_area_round = current_rounds[1] if len(current_rounds) > 1 else current_rounds[0]
        submit_users = _people([f"{PREFIX}submit-{n:04d}" for n in range(submit_samples)])
        Membership.objects.bulk_create(
            [
                Membership(user=user, role=Role.RESPONDENT, area=submit_area_round.area, sector="")
                for user in submit_users
            ]
        )
        sponsor_hash = make_password(sponsor_password) if sponsor_password else UNUSABLE_PASSWORD
        sponsors = _people(
            [f"{PREFIX}sponsor", *(f"{PREFIX}sponsor-{n}" for n in range(1, 6))],
            password=sponsor_hash,
        )
        Membership.objects.bulk_create(
            [Membership(user=user, role=Role.SPONSOR, area=None, sector="") for user in sponsors]
        )
        admin = User.objects.create(
            username=f"{PREFIX}admin",
            email=f"{PREFIX}admin@example.invalid",
            password=UNUSABLE_PASSWORD,
            is_staff=True,
            is_superuser=True,
        )
        tokens = []
        if load_invitations:
            tokens = load_invitations_create(
                area_rounds=current_rounds, count=load_invitations, seed=seed, now=now
            )
    build_s = time.perf_counter() - started
    log(f"  wrote {total_responses:,} responses and {total_answers:,} answers in {build_s:.1f} s")
    refresh_started = time.perf_counter()
    for index, area_round in enumerate(current_rounds, start=1):
        scores_refresh(area_round=area_round)
        if index % 100 == 0:
            log(f"  refreshed figures of {index} areas")
    refresh_all_s = time.perf_counter() - refresh_started
    log(f"  refreshed every area's figures in {refresh_all_s:.1f} s")
    return BenchProgramme(
        framework=framework,
        round=current,
        previous_round=previous,
        export_round=export_round,
        area_rounds=current_rounds,
        refresh_area_round=current_rounds[0],
        submit_area_round=submit_area_round,
        submit_users=submit_users,
        export_area_round=export_area_round,
        sponsor=sponsors[0],
        admin=admin,
        responses=total_responses,
        answers=total_answers,
        build_s=build_s,
        refresh_all_s=refresh_all_s,
        load_tokens=tokens,
    )
