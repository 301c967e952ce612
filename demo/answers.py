"""Deterministic, realistic demo answers for the seed command."""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Answer,
    AreaRound,
    Comment,
    Framework,
    Response,
    ResponseSource,
    ResponseStatus,
)
from assessments.scoring import scores_mark_changed


@dataclass(frozen=True)
class DemoRespondent:
    user: object
    sector: str
    organisation: object | None
    submitted: bool = True


def _answer_value(rng: random.Random, typical: float, reverse: bool, lo: int, hi: int):
    """An answer near the respondent's typical view; reverse-worded items flip it."""
    roll = rng.random()
    if roll < 0.04:
        return None, False  # left blank
    if roll < 0.08:
        return None, True  # don't know
    value = round(typical + rng.gauss(0, 0.7))
    if reverse:
        value = lo + hi - value
    return max(lo, min(hi, value)), False


@transaction.atomic
def demo_responses_create(
    *,
    area_round: AreaRound,
    framework: Framework,
    respondents: list[DemoRespondent],
    typical: dict[str, dict[str, float]],
    comments: dict[str, list[str]],
    seed: int,
) -> int:
    """Create the demo responses for one area round unless it already has some."""
    if area_round.responses.exists():
        return 0
    rng = random.Random(seed)
    dimensions = list(framework.dimensions.prefetch_related("questions").order_by("order"))
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            area_round=area_round,
            user=r.user,
            respondent_ref=f"D{seed % 1000:03d}-{index:03d}",
            sector=r.sector,
            organisation=r.organisation,
            status=ResponseStatus.SUBMITTED if r.submitted else ResponseStatus.DRAFT,
            source=ResponseSource.WEB,
            current_page=len(dimensions) if r.submitted else 2,
            submitted_at=now if r.submitted else None,
        )
        for index, r in enumerate(respondents, start=1)
    )
    answers, notes, said = [], [], set()
    for response, respondent in zip(responses, respondents, strict=True):
        person_shift = rng.gauss(0, 0.35)
        for page, dimension in enumerate(dimensions):
            if not respondent.submitted and page >= 2:
                break
            centre = typical[respondent.sector].get(dimension.key, 3.0) + person_shift
            for question in dimension.questions.all():
                value, dont_know = _answer_value(
                    rng, centre, question.reverse, framework.scale_min, framework.scale_max
                )
                answers.append(
                    Answer(response=response, question=question, value=value, dont_know=dont_know)
                )
            pool = [text for text in comments.get(dimension.key, []) if text not in said]
            if pool and rng.random() < 0.18:
                text = rng.choice(pool)
                said.add(text)  # each demo comment once per area round
                notes.append(Comment(response=response, dimension=dimension, text=text))
    Answer.objects.bulk_create(answers, batch_size=2000)
    Comment.objects.bulk_create(notes)
    scores_mark_changed(area_round=area_round, reason="imported")
    return len(responses)
