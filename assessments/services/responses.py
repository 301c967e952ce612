"""A person's response: start, save a page as a draft, submit, change until close.

Saving a page and submitting take a constant number of SQL queries whatever the number of
statements: answers are written with one upsert (``bulk_create(update_conflicts=True)``).
"""

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
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
from assessments.scoring import ScoreChangeReason, scores_mark_changed
from assessments.services.rounds import area_round_require_open
from common.text_limits import too_long_message
from partnerships.models import Organisation, Sector


@dataclass(frozen=True)
class AnswerInput:
    """One statement's answer: a scale value, "don't know", or neither (not answered)."""

    value: int | None = None
    dont_know: bool = False


def new_respondent_ref() -> str:
    """A pseudonymous reference: random, so it says nothing about the person."""
    return f"W{secrets.token_hex(5).upper()}"


def _area_round_of(response: Response, area_round: AreaRound | None) -> AreaRound:
    """The response's area round with its round and framework: the caller's when it has
    just read it (the views do, in the same request), otherwise read here."""
    if area_round is None:
        return AreaRound.objects.select_related("area", "round__framework").get(
            pk=response.area_round_id
        )
    if area_round.pk != response.area_round_id:
        raise ValueError("area_round is not the response's")
    return area_round


def _claim(response: Response, **changes) -> Response:
    """Write ``changes`` to the response and take its row lock, in one UPDATE, if its status
    is still the one the caller read; otherwise read it again, locked, and apply them.

    Either way the row stays locked until the transaction ends, so concurrent saves and a
    submit of the same response are serialised, and the returned status is current.
    """
    now = timezone.now()
    claimed = Response.objects.filter(pk=response.pk, status=response.status).update(
        lock_version=F("lock_version") + 1, updated_at=now, **changes
    )
    if not claimed:
        fresh = Response.objects.select_for_update(of=("self",)).get(pk=response.pk)
        Response.objects.filter(pk=response.pk).update(
            lock_version=F("lock_version") + 1, updated_at=now, **changes
        )
        response.status, response.lock_version = fresh.status, fresh.lock_version
    response.lock_version += 1
    response.updated_at = now
    for field_name, value in changes.items():
        setattr(response, field_name, value)
    return response


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
    questions: Sequence[Question] | None = None,
    area_round: AreaRound | None = None,
) -> Response:
    """Save one page (one dimension) of a response: answers keyed by question id, a comment.

    Statements of the page missing from ``answers`` are stored as not answered, so a page
    saved again replaces what it held. A submitted response may be changed while the round
    is open; the stored figures are then refreshed. ``resume_page`` is where the person
    should land when they come back.

    A caller that has just read them passes ``questions`` (the page's statements,
    ``selectors.question_list``) and ``area_round`` (the response's, with its round and
    framework), so they are not read twice; otherwise they are read here.
    """
    area_round = _area_round_of(response, area_round)
    area_round_require_open(area_round)
    framework = area_round.round.framework
    if dimension.framework_id != framework.pk:
        raise ValidationError(
            _("This page does not belong to the assessment."), code="wrong_framework"
        )
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        name = _("Comment on %(dimension)s") % {"dimension": dimension.name}
        raise ValidationError(
            {"comment": too_long_message(name=name, limit=COMMENT_MAX_LENGTH, count=len(comment))},
            code="comment_too_long",
        )
    if questions is None:
        question_ids = set(dimension.questions.values_list("pk", flat=True))
    else:
        question_ids = {q.pk for q in questions if q.dimension_id == dimension.pk}
    _validate_answers(
        framework=framework, dimension=dimension, question_ids=question_ids, answers=answers
    )
    response = _claim(response, **({} if resume_page is None else {"current_page": resume_page}))
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
    if response.status == ResponseStatus.SUBMITTED:
        scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.CHANGED)
    return response


@transaction.atomic
def response_submit(*, response: Response, area_round: AreaRound | None = None) -> Response:
    """Submit a response. Unanswered statements are allowed (the review page lists them),
    but at least one statement must be answered. ``area_round``: as for
    ``response_save_page``."""
    area_round = _area_round_of(response, area_round)
    area_round_require_open(area_round)
    if response.status == ResponseStatus.SUBMITTED:
        return response
    now = timezone.now()
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.clean_fields(exclude=["area_round", "user", "invitation", "organisation"])
    answered = Answer.objects.filter(response=OuterRef("pk")).exclude(
        value__isnull=True, dont_know=False
    )
    # One UPDATE checks, writes and locks: still a draft, with something answered.
    submitted = (
        Response.objects.filter(pk=response.pk, status=ResponseStatus.DRAFT)
        .filter(Exists(answered))
        .update(
            status=ResponseStatus.SUBMITTED,
            submitted_at=now,
            updated_at=now,
            lock_version=F("lock_version") + 1,
        )
    )
    if not submitted:
        current = Response.objects.values("status", "submitted_at", "lock_version").get(
            pk=response.pk
        )
        response.status = current["status"]
        response.submitted_at = current["submitted_at"]
        response.lock_version = current["lock_version"]
        if response.status == ResponseStatus.SUBMITTED:  # a second tab got there first
            return response
        raise ValidationError(
            _("Answer at least one statement before you submit."), code="nothing_answered"
        )
    response.updated_at = now
    response.lock_version += 1
    scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.SUBMITTED)
    return response
