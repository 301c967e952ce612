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
