"""Helpers for the self-assessment tests: small frameworks of chosen sizes, and shortcuts."""

import datetime
import itertools

import pytest
from django.utils import timezone

from assessments.models import Dimension, Framework, Question
from assessments.services.responses import AnswerInput
from tests.factories import AreaRoundFactory, RoundFactory

_slugs = itertools.count(1)


def make_framework(*, questions_per_dimension: list[int], scale=(1, 5)) -> Framework:
    """A published framework with one dimension per entry, each with that many statements."""
    n = next(_slugs)
    framework = Framework.objects.create(
        slug=f"test-framework-{n}",
        name=f"Test framework {n}",
        scale_min=scale[0],
        scale_max=scale[1],
        scale_labels=[f"Point {v}" for v in range(scale[0], scale[1] + 1)],
        published_at=timezone.now(),
    )
    for d_index, count in enumerate(questions_per_dimension, start=1):
        dimension = Dimension.objects.create(
            framework=framework, key=f"dim{d_index}", name=f"Dimension {d_index}", order=d_index
        )
        Question.objects.bulk_create(
            Question(
                framework=framework,
                dimension=dimension,
                code=f"F{n}D{d_index}Q{q}",
                text=f"Statement {q} of dimension {d_index}",
                order=q,
            )
            for q in range(1, count + 1)
        )
    return framework


def area_round_with(framework, area, slug=None):
    today = timezone.localdate()
    programme_round = RoundFactory(
        slug=slug or f"round-{framework.slug}",
        framework=framework,
        opens=today - datetime.timedelta(days=5),
        closes=today + datetime.timedelta(days=20),
    )
    return AreaRoundFactory(area=area, round=programme_round)


def all_answered(questions, value=4) -> dict[int, AnswerInput]:
    return {question.pk: AnswerInput(value=value) for question in questions}


@pytest.fixture
def framework(world):
    return world.round.framework


@pytest.fixture
def first_dimension(framework):
    return framework.dimensions.order_by("order").first()


SHOWN_COMMENTS = [
    "Bravo: trust has grown since the Compact was refreshed",
    "Alpha: the council listens now",
    "Delta: meetings clash with frontline work",
    "Charlie: funding rules changed without notice",
]
WITHHELD_COMMENT = "GOVERNANCE-COMMENT-OF-A-GROUP-TOO-SMALL-4c2d"


@pytest.fixture
def commented(world):
    return commented_round(world)


def commented_round(world):
    """Area A's round, closed and not published: four council respondents, each commenting
    on history (shown, written in the order of ``SHOWN_COMMENTS``), and two VCS respondents
    who alone answer governance (so its figure is withheld) and comment on it."""
    from assessments.models import AreaRound, AreaRoundStatus, Question
    from assessments.scoring import scores_refresh
    from partnerships.models import Sector
    from tests.factories import submitted_response

    governance = Question.objects.filter(
        framework=world.round.framework, dimension__key="governance"
    ).values_list("code", flat=True)
    for text in SHOWN_COMMENTS:
        submitted_response(
            area_round=world.area_round_a,
            sector=Sector.COUNCIL,
            default=4,
            answers=dict.fromkeys(governance),
            comments={"history": text},
        )
    for _ in range(2):
        submitted_response(
            area_round=world.area_round_a,
            sector=Sector.VCS,
            default=2,
            comments={"governance": WITHHELD_COMMENT},
        )
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    world.area_round_a.refresh_from_db()
    scores_refresh(area_round=world.area_round_a)
    return world


def comment_with(text):
    """The (first written) comment with this text."""
    from assessments.models import Comment

    return Comment.objects.filter(text=text).order_by("pk").first()
