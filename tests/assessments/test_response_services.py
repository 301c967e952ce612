"""Drafting, resuming, submitting and changing a response (assessments.services.responses)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import (
    COMMENT_MAX_LENGTH,
    Answer,
    AreaRound,
    AreaRoundStatus,
    Comment,
    Response,
    ResponseStatus,
)
from assessments.services.responses import (
    AnswerInput,
    response_save_page,
    response_start,
    response_submit,
)
from partnerships.models import Sector
from tests.assessments.conftest import all_answered, area_round_with, make_framework


@pytest.fixture
def response(world):
    return response_start(
        user=world.respondent_a, area_round=world.area_round_a, sector=Sector.VCS
    )


def _snapshot(response):
    return (
        sorted(Answer.objects.filter(response=response).values_list("question_id", "value")),
        list(Comment.objects.filter(response=response).values_list("text", flat=True)),
        Response.objects.values_list("status", "current_page", "lock_version").get(pk=response.pk),
    )


def test_it_starts_one_response_per_person(world, response):
    again = response_start(
        user=world.respondent_a,
        area_round=world.area_round_a,
        sector=Sector.COUNCIL,
        organisation=world.council_org_a,
    )
    assert again.pk == response.pk
    assert Response.objects.filter(user=world.respondent_a).count() == 1
    response.refresh_from_db()
    assert response.sector == Sector.COUNCIL
    assert response.organisation == world.council_org_a
    assert response.respondent_ref and world.respondent_a.username not in response.respondent_ref


def test_the_database_refuses_a_second_response_for_the_same_person(world, response):
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            area_round=world.area_round_a,
            user=world.respondent_a,
            respondent_ref="another",
            sector=Sector.VCS,
        )
    assert Response.objects.filter(user=world.respondent_a).count() == 1


def test_it_refuses_an_organisation_of_another_area(world):
    other = world.area_b.organisations.create(name="B org", sector=Sector.VCS)
    with pytest.raises(ValidationError):
        response_start(
            user=world.respondent_a,
            area_round=world.area_round_a,
            sector=Sector.VCS,
            organisation=other,
        )
    assert not Response.objects.exists()


def test_it_saves_a_page_as_a_draft_and_resumes_where_the_person_was(
    world, response, first_dimension
):
    questions = list(first_dimension.questions.order_by("order"))
    answers = {
        questions[0].pk: AnswerInput(value=5),
        questions[1].pk: AnswerInput(dont_know=True),
    }
    response_save_page(
        response=response,
        dimension=first_dimension,
        answers=answers,
        comment="Good history",
        resume_page=2,
    )
    stored = {a.question_id: a for a in Answer.objects.filter(response=response)}
    assert stored[questions[0].pk].value == 5
    assert stored[questions[1].pk].dont_know and stored[questions[1].pk].value is None
    # Statements left blank are stored as not answered.
    assert stored[questions[2].pk].value is None and not stored[questions[2].pk].dont_know
    assert Comment.objects.get(response=response).text == "Good history"
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT
    assert response.current_page == 2


def test_saving_a_page_again_replaces_its_answers_and_clears_an_emptied_comment(
    response, first_dimension
):
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response,
        dimension=first_dimension,
        answers=all_answered(questions, 2),
        comment="x",
    )
    response_save_page(
        response=response, dimension=first_dimension, answers={questions[0].pk: AnswerInput(4)}
    )
    values = dict(Answer.objects.filter(response=response).values_list("question_id", "value"))
    assert values[questions[0].pk] == 4
    assert all(values[q.pk] is None for q in questions[1:])
    assert Answer.objects.filter(response=response).count() == len(questions)
    assert not Comment.objects.filter(response=response).exists()


def test_it_submits_and_marks_the_scores_changed(world, response, first_dimension):
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions)
    )
    before = AreaRound.objects.get(pk=world.area_round_a.pk).data_version
    response_submit(response=response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_at is not None
    assert AreaRound.objects.get(pk=world.area_round_a.pk).data_version == before + 1


def test_it_refuses_to_submit_with_nothing_answered(response):
    with pytest.raises(ValidationError):
        response_submit(response=response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_a_submitted_response_can_be_changed_while_the_round_is_open(
    world, response, first_dimension
):
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions)
    )
    response_submit(response=response)
    before = AreaRound.objects.get(pk=world.area_round_a.pk).data_version
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions, 1)
    )
    assert set(Answer.objects.filter(response=response).values_list("value", flat=True)) == {1}
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert AreaRound.objects.get(pk=world.area_round_a.pk).data_version == before + 1


def test_a_page_saved_from_a_stale_draft_of_a_submitted_response_refreshes_the_scores(
    world, response, first_dimension
):
    """Another tab submitted after this request read the response: the save still sees
    the response as submitted (it re-reads it, locked) and marks the figures changed."""
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions)
    )
    stale = Response.objects.get(pk=response.pk)
    response_submit(response=Response.objects.get(pk=response.pk))
    before = AreaRound.objects.get(pk=world.area_round_a.pk).data_version
    saved = response_save_page(
        response=stale, dimension=first_dimension, answers=all_answered(questions, 1)
    )
    assert saved.status == ResponseStatus.SUBMITTED
    assert AreaRound.objects.get(pk=world.area_round_a.pk).data_version == before + 1
    assert set(Answer.objects.filter(response=response).values_list("value", flat=True)) == {1}


def test_submitting_a_stale_draft_of_a_submitted_response_changes_nothing(
    world, response, first_dimension
):
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions)
    )
    stale = Response.objects.get(pk=response.pk)
    first = response_submit(response=Response.objects.get(pk=response.pk))
    before = AreaRound.objects.get(pk=world.area_round_a.pk).data_version
    again = response_submit(response=stale)
    assert again.status == ResponseStatus.SUBMITTED
    assert again.submitted_at == first.submitted_at
    assert AreaRound.objects.get(pk=world.area_round_a.pk).data_version == before


def test_a_caller_cannot_pass_another_area_round(world, response, first_dimension):
    with pytest.raises(ValueError):
        response_submit(response=response, area_round=world.area_round_b)
    with pytest.raises(ValueError):
        response_save_page(
            response=response, dimension=first_dimension, answers={}, area_round=world.area_round_b
        )


def test_after_the_round_closes_answers_are_read_only(world, response, first_dimension):
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions)
    )
    response_submit(response=response)
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    before = _snapshot(response)
    with pytest.raises(ValidationError):
        response_save_page(
            response=response, dimension=first_dimension, answers=all_answered(questions, 1)
        )
    assert _snapshot(response) == before


@pytest.mark.parametrize(
    "bad",
    [
        AnswerInput(value=6),
        AnswerInput(value=0),
        AnswerInput(value=-3),
        AnswerInput(value=3, dont_know=True),
    ],
)
def test_out_of_range_or_tampered_values_change_nothing(response, first_dimension, bad):
    questions = list(first_dimension.questions.all())
    response_save_page(
        response=response, dimension=first_dimension, answers=all_answered(questions, 3)
    )
    before = _snapshot(response)
    answers = {**all_answered(questions, 1), questions[0].pk: bad}
    with pytest.raises(ValidationError):
        response_save_page(response=response, dimension=first_dimension, answers=answers)
    assert _snapshot(response) == before


def test_a_question_of_another_framework_or_page_changes_nothing(world, response, framework):
    dimensions = list(framework.dimensions.order_by("order"))
    other_framework = make_framework(questions_per_dimension=[2])
    foreign = other_framework.questions.first()
    other_page = dimensions[1].questions.first()
    before = _snapshot(response)
    for stray in (foreign, other_page):
        with pytest.raises(ValidationError):
            response_save_page(
                response=response,
                dimension=dimensions[0],
                answers={stray.pk: AnswerInput(value=3)},
            )
    with pytest.raises(ValidationError):
        response_save_page(
            response=response, dimension=other_framework.dimensions.first(), answers={}
        )
    assert _snapshot(response) == before


def test_an_oversized_comment_changes_nothing(response, first_dimension):
    before = _snapshot(response)
    with pytest.raises(ValidationError):
        response_save_page(
            response=response,
            dimension=first_dimension,
            answers={},
            comment="x" * (COMMENT_MAX_LENGTH + 1),
        )
    assert _snapshot(response) == before


def test_posting_to_a_closed_round_changes_nothing(world, response, first_dimension):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    world.area_round_a.refresh_from_db()
    with pytest.raises(ValidationError):
        response_start(user=world.respondent_a, area_round=world.area_round_a, sector="vcs")
    with pytest.raises(ValidationError):
        response_submit(response=response)
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


@pytest.mark.parametrize("question_counts", [[3, 2], [12, 2]])
def test_saving_and_submitting_take_a_constant_number_of_queries(
    world, django_assert_num_queries, question_counts
):
    framework = make_framework(questions_per_dimension=question_counts)
    area_round = area_round_with(framework, world.area_a)
    response = response_start(user=world.respondent_a, area_round=area_round, sector="vcs")
    dimension = framework.dimensions.order_by("order").first()
    answers = all_answered(dimension.questions.all())
    # savepoint, area round, page statements, response claimed (UPDATE, the row lock),
    # answer upsert, comment upsert, release
    with django_assert_num_queries(7):
        response_save_page(
            response=response, dimension=dimension, answers=answers, comment="c", resume_page=2
        )
    # savepoint, area round, status UPDATE if a draft with anything answered (the row
    # lock), data version bump, release
    with django_assert_num_queries(5):
        response_submit(response=response)
    # a change to a submitted page also bumps the data version; emptying the comment deletes
    # it with its moderation decisions (select the comment, delete decisions, delete it)
    with django_assert_num_queries(10):
        response_save_page(response=response, dimension=dimension, answers=answers, comment="")
    assert Answer.objects.filter(response=response).count() == question_counts[0]
