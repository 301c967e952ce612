"""The respondent's pages: start, one dimension a page, review, submit, done (views)."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import (
    COMMENT_MAX_LENGTH,
    Answer,
    AreaRound,
    AreaRoundStatus,
    Comment,
    Invitation,
    Response,
    ResponseStatus,
)
from assessments.services.responses import response_start
from tests.assessments.conftest import area_round_with, make_framework

KWARGS = {"area": "area-a", "round": "spring"}


def url(name, **extra):
    return reverse(name, kwargs={**KWARGS, **extra})


@pytest.fixture
def respondent(client, world):
    client.force_login(world.respondent_a)
    return client


@pytest.fixture
def started(world):
    return response_start(user=world.respondent_a, area_round=world.area_round_a, sector="vcs")


def page_data(count, value="4", action="next", comment=""):
    data = {f"statement-{i}": value for i in range(1, count + 1)}
    return {**data, "comment": comment, "action": action}


def first_page_size(world):
    return world.round.framework.dimensions.order_by("order").first().questions.count()


def test_the_start_page_shows_the_round_and_how_answers_are_used(respondent, world):
    page = respondent.get(url("assessment_start"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Area A" in body and "Spring round" in body
    assert world.area_round_a.closes.strftime("%B") in body
    assert "fewer than 3 respondents" in body
    assert reverse("privacy") in body


def test_starting_records_the_sector_and_organisation_and_goes_to_page_one(respondent, world):
    page = respondent.post(
        url("assessment_start"), {"sector": "council", "organisation": world.council_org_a.pk}
    )
    assert page.status_code == 302 and page.url == url("assessment_page", page=1)
    response = Response.objects.get(user=world.respondent_a)
    assert (response.sector, response.organisation) == ("council", world.council_org_a)


def test_a_page_shows_each_statement_with_the_scale_and_dont_know(respondent, world, started):
    page = respondent.get(url("assessment_page", page=1))
    body = page.content.decode()
    dimension = world.round.framework.dimensions.order_by("order").first()
    assert dimension.name in body
    for question in dimension.questions.all():
        assert question.text in body
    assert "Strongly disagree" in body and "Don&#x27;t know" in body
    assert "Page 1 of 6" in body
    assert "<fieldset" in body and "<legend" in body


def test_saving_a_page_stores_a_draft_and_moves_on(respondent, world, started):
    count = first_page_size(world)
    page = respondent.post(
        url("assessment_page", page=1), page_data(count, "5", comment="We trust each other")
    )
    assert page.status_code == 302 and page.url == url("assessment_page", page=2)
    assert (
        list(Answer.objects.filter(response=started).values_list("value", flat=True))
        == [5] * count
    )
    assert Comment.objects.get(response=started).text == "We trust each other"
    started.refresh_from_db()
    assert started.current_page == 2 and started.status == ResponseStatus.DRAFT


def test_coming_back_resumes_with_saved_answers(respondent, world, started):
    count = first_page_size(world)
    respondent.post(url("assessment_page", page=1), page_data(count, "2", action="save"))
    start = respondent.get(url("assessment_start"))
    assert url("assessment_page", page=1) in start.content.decode()
    page = respondent.get(url("assessment_page", page=1))
    assert page.context["form"].initial["statement-1"] == "2"
    assert " checked" in page.content.decode()


def test_the_review_lists_unanswered_statements_and_submission_confirms(
    respondent, world, started
):
    count = first_page_size(world)
    respondent.post(url("assessment_page", page=1), page_data(count))
    review = respondent.get(url("assessment_review"))
    unanswered = review.context["unanswered"]
    total = world.round.framework.questions.count()
    assert len(unanswered) == total - count
    submit = respondent.post(url("assessment_review"))
    assert submit.status_code == 302 and submit.url == url("assessment_done")
    started.refresh_from_db()
    assert started.status == ResponseStatus.SUBMITTED
    done = respondent.get(url("assessment_done"))
    assert "your answers are submitted" in done.content.decode()


def test_a_tampered_value_is_refused_with_a_message_and_nothing_changes(
    respondent, world, started
):
    count = first_page_size(world)
    respondent.post(url("assessment_page", page=1), page_data(count, "3"))
    for bad in ("9", "0", "3; DROP TABLE", "-1"):
        page = respondent.post(url("assessment_page", page=1), page_data(count, bad))
        assert page.status_code == 400
        assert "Select a valid choice" in page.content.decode()
    assert set(Answer.objects.filter(response=started).values_list("value", flat=True)) == {3}


def test_an_oversized_comment_is_refused(respondent, world, started):
    page = respondent.post(
        url("assessment_page", page=1),
        page_data(first_page_size(world), comment="x" * (COMMENT_MAX_LENGTH + 1)),
    )
    assert page.status_code == 400 and page.context["form"].errors["comment"]
    assert not Answer.objects.exists() and not Comment.objects.exists()


def test_an_over_long_comment_is_refused_by_name_and_kept_in_the_form(respondent, world, started):
    pasted = "Word " * 570  # 2,850 characters
    page = respondent.post(
        url("assessment_page", page=1), page_data(first_page_size(world), comment=pasted)
    )
    body = page.content.decode()
    assert page.status_code == 400
    message = (
        "Comment on History of cross-sector relationships must be 2,000 characters or fewer; "
        "you entered 2,849"  # the trailing space is not kept
    )
    summary = body.split('class="error-summary"')[1].split("</div>")[0]
    assert message in summary
    assert f"\n{pasted}</textarea>" in body  # nothing lost: the person trims it
    assert not Comment.objects.exists() and not Answer.objects.exists()


def test_the_comment_box_shows_its_limit_and_never_cuts_what_is_pasted(respondent, world, started):
    body = respondent.get(url("assessment_page", page=1)).content.decode()
    textarea = body.split('name="comment"')[1].split(">")[0]
    assert "maxlength" not in textarea
    assert 'data-character-limit="2000"' in textarea
    assert "You can enter up to 2,000 characters" in body
    assert "coordinators may hide a comment" in body


def test_a_comment_of_exactly_the_limit_with_line_breaks_is_kept_whole(respondent, world, started):
    # A browser posts each line break as CRLF and counts it as one character.
    lines = ["x" * 99] * 20  # 20 × 99 characters and 19 line breaks: 1,999
    comment = "\r\n".join(lines) + "y"
    page = respondent.post(
        url("assessment_page", page=1), page_data(first_page_size(world), comment=comment)
    )
    assert page.status_code == 302
    saved = Comment.objects.get(response=started).text
    assert saved == "\n".join(lines) + "y"
    assert len(saved) == COMMENT_MAX_LENGTH


def test_posting_to_a_closed_round_is_refused_and_pages_are_read_only(respondent, world, started):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    page = respondent.post(url("assessment_page", page=1), page_data(first_page_size(world)))
    assert page.status_code == 403 and "not open" in page.content.decode()
    assert not Answer.objects.exists()
    assert respondent.post(url("assessment_review")).status_code == 403
    read_only = respondent.get(url("assessment_page", page=1))
    assert "disabled" in read_only.content.decode()
    assert 'name="action"' not in read_only.content.decode()


def test_a_post_without_csrf_token_is_refused(world, started):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.respondent_a)
    page = client.post(url("assessment_page", page=1), page_data(first_page_size(world)))
    assert page.status_code == 403
    assert not Answer.objects.exists()


def test_a_page_out_of_range_is_not_found(respondent, started):
    assert respondent.get(url("assessment_page", page=99)).status_code == 404


@pytest.mark.parametrize(
    ("person", "status"), [("outsider", 404), ("respondent_b", 404), ("sponsor", 403)]
)
def test_only_people_of_the_area_can_answer(client, world, person, status):
    client.force_login(getattr(world, person))
    assert client.get(url("assessment_start")).status_code == status
    assert client.post(url("assessment_start"), {"sector": "vcs"}).status_code == status
    assert not Response.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    page = client.get(url("assessment_start"))
    assert page.status_code == 302 and reverse("login") in page.url


@pytest.mark.parametrize("question_counts", [[3, 2], [12, 2]])
def test_saving_a_page_takes_the_same_number_of_queries_whatever_its_size(
    client, world, django_assert_num_queries, question_counts
):
    framework = make_framework(questions_per_dimension=question_counts)
    area_round_with(framework, world.area_a, slug="sized")
    response_start(
        user=world.respondent_a,
        area_round=AreaRound.objects.get(round__slug="sized"),
        sector="vcs",
    )
    client.force_login(world.respondent_a)
    target = reverse("assessment_page", kwargs={"area": "area-a", "round": "sized", "page": 1})
    with django_assert_num_queries(12):  # SQLite: 10 statements + BEGIN, COMMIT
        page = client.post(target, page_data(question_counts[0], "2"))
    assert page.status_code == 302
    assert Answer.objects.filter(value=2).count() == question_counts[0]


def test_an_invitee_answers_and_submits_as_the_invited_identity(client, world):
    from tests.assessments.test_invitation_views import _invitation

    token = _invitation(world.area_round_a)
    client.post(reverse("invitation_accept", kwargs={"token": token}))
    invitation = Invitation.objects.get()
    assert client.post(url("assessment_start"), {"sector": "vcs"}).url == url(
        "assessment_page", page=1
    )
    count = first_page_size(world)
    client.post(url("assessment_page", page=1), page_data(count))
    assert client.post(url("assessment_review")).url == url("assessment_done")
    done = client.get(url("assessment_done"))
    body = done.content.decode()
    assert "your answers are submitted" in body
    # Nothing sends them to pages they cannot reach: no home page, no sign-out.
    assert "Back to your home page" not in body and ">Home</a>" not in body
    assert "Sign out" not in body
    response = Response.objects.get()
    assert response.user == invitation.user and response.invitation == invitation
    assert response.status == ResponseStatus.SUBMITTED
    assert Answer.objects.filter(response=response, value=4).count() == count
