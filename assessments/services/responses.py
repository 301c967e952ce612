"""A person's response: start, save a page as a draft, submit, change until close.

Saving a page and submitting take a constant number of SQL queries whatever the number of
statements: answers are written with one upsert (``bulk_create(update_conflicts=True)``).
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    COMMENT_MAX_LENGTH,
    Answer,
    AreaRound,
    Comment,
    Dimension,
    Question,
    Response,
    ResponseSource,
    ResponseStatus,
)
from assessments.scoring import scores_mark_changed
from assessments.services.rounds import ScoreChangeReason, area_round_require_open
from partnerships.models import Organisation, Sector


@dataclass(frozen=True)
class AnswerInput:
    """One statement's answer: a scale value, "don't know", or neither (not answered)."""

    value: int | None = None
    dont_know: bool = False


def new_respondent_ref() -> str:
    """A pseudonymous reference: random, so it says nothing about the person."""
    return f"W{secrets.token_hex(5).upper()}"


def _locked(response: Response) -> Response:
    return (
        Response.objects.select_for_update(of=("self",))
        .select_related("area_round__round__framework")
        .get(pk=response.pk)
    )


@transaction.atomic
def response_start(
    *,
    user,
    area_round: AreaRound,
    sector: str,
    organisation: Organisation | None = None,
) -> Response:
    """Start a person's response, or confirm the sector and organisation of their existing one.

    One response per person per area and round (a database constraint backs this up):
    starting again returns the same response.
    """
    area_round_require_open(area_round)
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose a sector.")})
    if organisation is not None and organisation.area_id != area_round.area_id:
        raise ValidationError({"organisation": _("Choose an organisation in this area.")})
    response = (
        Response.objects.select_for_update(of=("self",))
        .filter(area_round=area_round, user=user)
        .first()
    )
    if response is None:
        response = Response(
            area_round=area_round,
            user=user,
            respondent_ref=new_respondent_ref(),
            sector=sector,
            organisation=organisation,
            source=ResponseSource.WEB,
            invitation=area_round.invitations.filter(user=user, response__isnull=True).first(),
        )
        response.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:
            # Another request of the same person started it first (two tabs, a double click).
            existing = Response.objects.filter(area_round=area_round, user=user).first()
            if existing is None:
                raise
            return existing
        return response
    changed = response.sector != sector or response.organisation_id != getattr(
        organisation, "pk", None
    )
    if changed:
        response.sector = sector
        response.organisation = organisation
        response.full_clean()
        response.save(update_fields=["sector", "organisation", "updated_at"])
        if response.status == ResponseStatus.SUBMITTED:
            scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.CHANGED)
    return response


def _validate_answers(
    *, framework, dimension: Dimension, question_ids: set[int], answers: Mapping[int, AnswerInput]
) -> None:
    errors = []
    for question_id, answer in answers.items():
        if question_id not in question_ids:
            errors.append(_("A statement does not belong to this page of the assessment."))
            continue
        if answer.dont_know and answer.value is not None:
            errors.append(_("An answer cannot be both a value and \u201cdon't know\u201d."))
        if answer.value is not None and not (
            framework.scale_min <= answer.value <= framework.scale_max
        ):
            errors.append(
                _("Answers must be between %(min)s and %(max)s.")
                % {"min": framework.scale_min, "max": framework.scale_max}
            )
    if errors:
        raise ValidationError(errors, code="invalid_answer")


@transaction.atomic
def response_save_page(
    *,
    response: Response,
    dimension: Dimension,
    answers: Mapping[int, AnswerInput],
    comment: str = "",
    resume_page: int | None = None,
) -> Response:
    """Save one page (one dimension) of a response: answers keyed by question id, a comment.

    Statements of the page missing from ``answers`` are stored as not answered, so a page
    saved again replaces what it held. A submitted response may be changed while the round
    is open; the stored figures are then refreshed. ``resume_page`` is where the person
    should land when they come back.
    """
    response = _locked(response)
    area_round = response.area_round
    area_round_require_open(area_round)
    framework = area_round.round.framework
    if dimension.framework_id != framework.pk:
        raise ValidationError(
            _("This page does not belong to the assessment."), code="wrong_framework"
        )
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Keep the comment to %(n)s characters or fewer.")
                % {"n": COMMENT_MAX_LENGTH}
            },
            code="comment_too_long",
        )
    question_ids = set(Question.objects.filter(dimension=dimension).values_list("pk", flat=True))
    _validate_answers(
        framework=framework, dimension=dimension, question_ids=question_ids, answers=answers
    )
    blank = AnswerInput()
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question_id=question_id,
                value=answers.get(question_id, blank).value,
                dont_know=answers.get(question_id, blank).dont_know,
            )
            for question_id in sorted(question_ids)
        ],
        update_conflicts=True,
        unique_fields=["response", "question"],
        update_fields=["value", "dont_know"],
    )
    if comment:
        Comment.objects.bulk_create(
            [Comment(response=response, dimension=dimension, text=comment)],
            update_conflicts=True,
            unique_fields=["response", "dimension"],
            update_fields=["text"],
        )
    else:
        Comment.objects.filter(response=response, dimension=dimension).delete()
    response.lock_version += 1
    update_fields = ["lock_version", "updated_at"]
    if resume_page is not None:
        response.current_page = resume_page
        update_fields.append("current_page")
    response.save(update_fields=update_fields)
    if response.status == ResponseStatus.SUBMITTED:
        scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.CHANGED)
    return response


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    """Submit a response. Unanswered statements are allowed (the review page lists them),
    but at least one statement must be answered."""
    response = _locked(response)
    area_round = response.area_round
    area_round_require_open(area_round)
    if response.status == ResponseStatus.SUBMITTED:
        return response
    answered = (
        Answer.objects.filter(response=response)
        .exclude(value__isnull=True, dont_know=False)
        .exists()
    )
    if not answered:
        raise ValidationError(
            _("Answer at least one statement before you submit."), code="nothing_answered"
        )
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.clean_fields(exclude=["area_round", "user", "invitation", "organisation"])
    response.save(update_fields=["status", "submitted_at", "updated_at"])
    scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.SUBMITTED)
    return response
