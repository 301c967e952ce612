"""The comment moderation page, hiding and undoing from it, and the administrator's comments
CSV (views: round_comments, comment_hide, comment_unhide, comments_export)."""

import csv
import io
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    AreaRound,
    AreaRoundStatus,
    Comment,
    CommentDecision,
    CommentHiddenReason,
    Dimension,
)
from assessments.scoring import scores_refresh
from assessments.services.comments import comment_hide
from partnerships.models import Sector
from tests.assessments.conftest import SHOWN_COMMENTS, WITHHELD_COMMENT, comment_with
from tests.factories import ResponseFactory, submitted_response

HIDDEN = SHOWN_COMMENTS[2]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _words(html: str) -> str:
    return " ".join(html.split())


def _round_kwargs(world):
    return {"area": world.area_a.slug, "round": world.round.slug}


def _page_url(world):
    return reverse("round_comments", kwargs=_round_kwargs(world))


def _decide_url(world, name, comment):
    return reverse(name, kwargs={**_round_kwargs(world), "comment": comment.key})


def _hide_data(comment, reason=CommentHiddenReason.IDENTIFIES, note=""):
    prefix = f"comment-{comment.key.hex}"
    return {f"{prefix}-reason": reason, f"{prefix}-note": note}


def _published(world):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(results_published_at=timezone.now())


# --- while the round is open: the count only ------------------------------------------------


def test_while_the_round_is_open_the_page_shows_only_how_many_comments(world):
    submitted = [
        submitted_response(
            area_round=world.area_round_a, default=4, comments={"history": f"Open {n}"}
        )
        for n in range(3)
    ]
    draft = ResponseFactory(area_round=world.area_round_a, user=world.respondent_a)
    history = Dimension.objects.get(framework=world.round.framework, key="history")
    Comment.objects.create(response=draft, dimension=history, text="A draft being written")
    for user in (world.coordinator_a, world.admin):
        page = _client(user).get(_page_url(world))
        body = page.content.decode()
        assert page.status_code == 200
        # Drafts are not counted: nobody is watched while they write.
        assert "3 comments have been submitted so far" in body
        for response in submitted:
            assert response.comments.get().text not in body
        assert "A draft being written" not in body
        assert "Hide this comment" not in body
        assert "/hide/" not in body


@pytest.mark.parametrize("name", ["round_comments", "round_manage"])
def test_while_open_a_new_submission_tells_nothing_of_what_or_where_it_commented(world, name):
    """The attack: watch the page before and after one person submits. The count moves by
    the number of their comments; nothing tells on which dimension, in which sector, or what
    they said."""

    def main_of(comments, sector):
        with transaction.atomic():
            submitted_response(
                area_round=world.area_round_a, sector=sector, default=4, comments=comments
            )
            html = _client(world.coordinator_a).get(reverse(name, kwargs=_round_kwargs(world)))
            transaction.set_rollback(True)
        main = html.content.decode().split("<main")[1].split("</main>")[0]
        main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
        # The response-rate table counts by sector by design; the comment count must not.
        return re.sub(r"<tbody>.*?</tfoot>", "", main, flags=re.S)

    history = main_of({"history": "The council never listens"}, Sector.VCS)
    capacity = main_of({"capacity": "We have no staff"}, Sector.COUNCIL)
    assert history == capacity
    assert "1 comment" in history
    assert "The council never listens" not in history


def test_the_manage_page_shows_the_count_and_no_text_while_open(world):
    submitted_response(area_round=world.area_round_a, default=4, comments={"history": "Quiet"})
    body = _client(world.coordinator_a).get(reverse("round_manage", kwargs=_round_kwargs(world)))
    text = body.content.decode()
    assert "1 comment submitted." in text
    assert "You can read them once the round is closed." in text
    assert "Quiet" not in text


# --- once closed: the comments the results would show ------------------------------------


def test_once_closed_the_coordinator_reviews_the_comments_the_results_would_show(commented):
    page = _client(commented.coordinator_a).get(_page_url(commented))
    body = page.content.decode()
    assert page.status_code == 200
    for text in SHOWN_COMMENTS:
        assert text in body
    assert WITHHELD_COMMENT not in body  # its dimension's figure is withheld
    assert body.count("Hide this comment") == len(SHOWN_COMMENTS)
    assert "4 comments will be shown in the results. 0 hidden." in _words(body)


def test_the_page_tells_neither_who_wrote_a_comment_nor_in_which_order(commented):
    body = _client(commented.coordinator_a).get(_page_url(commented)).content.decode()
    positions = [body.index(text) for text in sorted(SHOWN_COMMENTS)]
    assert positions == sorted(positions)  # by text, not by the order of writing
    for text in SHOWN_COMMENTS:
        comment = comment_with(text)
        assert str(comment.key) in body
        assert f"/comments/{comment.pk}/" not in body  # sequential ids would tell the order
        assert comment.response.respondent_ref not in body


def test_a_coordinator_hides_a_comment_with_a_reason_and_it_is_recorded(commented):
    client = _client(commented.coordinator_a)
    comment = comment_with(HIDDEN)
    response = client.post(
        _decide_url(commented, "comment_hide", comment),
        _hide_data(comment, CommentHiddenReason.PERSONAL_DATA, "Gives a phone number."),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.key}")
    decision = CommentDecision.objects.get()
    assert (decision.comment, decision.decided_by) == (comment, commented.coordinator_a)
    assert decision.reason == CommentHiddenReason.PERSONAL_DATA
    assert decision.note == "Gives a phone number."
    assert comment_with(HIDDEN).hidden
    body = client.get(_page_url(commented)).content.decode()
    assert "Hidden by" in body and "Contains personal data" in body
    assert "Show this comment again" in body
    assert "3 comments will be shown in the results. 1 hidden." in _words(body)


def test_hiding_without_a_reason_answers_400_with_the_problem_named(commented):
    comment = comment_with(HIDDEN)
    response = _client(commented.coordinator_a).post(
        _decide_url(commented, "comment_hide", comment), _hide_data(comment, reason="")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Choose why you are hiding this comment" in body
    assert f'href="#id_comment-{comment.key.hex}-reason_0"' in body
    assert not comment_with(HIDDEN).hidden
    assert not CommentDecision.objects.exists()


def test_an_over_long_note_is_refused_with_its_limit_and_kept_in_the_form(commented):
    comment = comment_with(HIDDEN)
    note = "n" * 612
    response = _client(commented.coordinator_a).post(
        _decide_url(commented, "comment_hide", comment), _hide_data(comment, note=note)
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "The note must be 500 characters or fewer; you entered 612" in body
    assert f">\n{note}</textarea>" in body
    assert not comment_with(HIDDEN).hidden


def test_a_coordinator_undoes_a_hide_until_publication(commented):
    comment = comment_with(HIDDEN)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.OTHER, decided_by=commented.coordinator_a
    )
    client = _client(commented.coordinator_a)
    response = client.post(_decide_url(commented, "comment_unhide", comment))
    assert response.status_code == 302
    assert not comment_with(HIDDEN).hidden
    assert CommentDecision.objects.count() == 2
    assert "Shown again by" in client.get(_page_url(commented)).content.decode()


def test_a_second_hide_is_refused_with_a_message(commented):
    comment = comment_with(HIDDEN)
    client = _client(commented.coordinator_a)
    client.post(_decide_url(commented, "comment_hide", comment), _hide_data(comment))
    again = client.post(
        _decide_url(commented, "comment_hide", comment), _hide_data(comment), follow=True
    )
    assert "This comment is already hidden." in again.content.decode()
    assert CommentDecision.objects.count() == 1


# --- after publication ------------------------------------------------------------------------


def test_after_publication_the_page_is_read_only_for_coordinators(commented):
    comment = comment_with(HIDDEN)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.OTHER, decided_by=commented.coordinator_a
    )
    _published(commented)
    client = _client(commented.coordinator_a)
    body = client.get(_page_url(commented)).content.decode()
    assert "Hide this comment" not in body and "Show this comment again" not in body
    assert "ask an administrator" in body
    other = comment_with(SHOWN_COMMENTS[0])
    refused = client.post(_decide_url(commented, "comment_hide", other), _hide_data(other))
    assert refused.status_code == 403
    assert client.post(_decide_url(commented, "comment_unhide", comment)).status_code == 403
    assert comment_with(HIDDEN).hidden and not comment_with(SHOWN_COMMENTS[0]).hidden
    assert CommentDecision.objects.count() == 1


def test_after_publication_an_administrator_still_decides_and_it_is_a_correction(
    commented, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _published(commented)
    client = _client(commented.admin)
    assert "Hide this comment" in client.get(_page_url(commented)).content.decode()
    comment = comment_with(HIDDEN)
    response = client.post(_decide_url(commented, "comment_hide", comment), _hide_data(comment))
    assert response.status_code == 302
    assert CommentDecision.objects.get().after_publication
    assert "A correction after publication" in client.get(_page_url(commented)).content.decode()


# --- who may, and which comments ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator_b", 404),
        ("respondent_b", 404),
        ("outsider", 404),
        ("respondent_a", 403),
        ("sponsor", 403),
    ],
)
def test_people_other_than_the_areas_coordinators_are_refused(commented, who, status):
    client = _client(getattr(commented, who))
    comment = comment_with(HIDDEN)
    page = client.get(_page_url(commented))
    assert page.status_code == status
    assert HIDDEN not in page.content.decode()
    hide = client.post(_decide_url(commented, "comment_hide", comment), _hide_data(comment))
    assert hide.status_code == status
    assert client.get(reverse("comments_export", kwargs=_round_kwargs(commented))).status_code in (
        403,
        404,
    )
    assert not comment_with(HIDDEN).hidden


def test_signed_out_people_are_sent_to_sign_in(commented):
    page = Client().get(_page_url(commented))
    assert page.status_code == 302 and reverse("login") in page["Location"]


def test_a_comment_of_a_withheld_dimension_cannot_be_decided_on(commented):
    comment = comment_with(WITHHELD_COMMENT)
    client = _client(commented.coordinator_a)
    response = client.post(_decide_url(commented, "comment_hide", comment), _hide_data(comment))
    assert response.status_code == 404
    assert not CommentDecision.objects.exists()


def test_a_comment_of_another_area_cannot_be_decided_on_through_this_area(commented):
    other = submitted_response(
        area_round=commented.area_round_b, default=4, comments={"history": "Area B's view"}
    ).comments.get()
    AreaRound.objects.filter(pk=commented.area_round_b.pk).update(status=AreaRoundStatus.CLOSED)
    response = _client(commented.coordinator_a).post(
        _decide_url(commented, "comment_hide", other), _hide_data(other)
    )
    assert response.status_code == 404
    assert not CommentDecision.objects.exists()


# --- the administrator's comments CSV -------------------------------------------------------


def test_the_comments_csv_marks_hidden_comments_with_the_decision(commented):
    comment = comment_with(HIDDEN)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.DEFAMATORY, decided_by=commented.coordinator_a
    )
    response = _client(commented.admin).get(
        reverse("comments_export", kwargs=_round_kwargs(commented))
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "respondent",
        "dimension",
        "comment",
        "hidden",
        "reason",
        "decided_by",
        "decided_at",
    ]
    by_text = {row[2]: row for row in rows[1:]}
    assert set(by_text) == set(SHOWN_COMMENTS)  # never one of a withheld dimension
    hidden = by_text[HIDDEN]
    assert hidden[0] == comment.response.respondent_ref
    assert hidden[1] == "history"
    assert hidden[3:6] == ["yes", "defamatory", "coordinator_a"]
    assert hidden[6].startswith(str(timezone.localdate()))
    assert by_text[SHOWN_COMMENTS[0]][3:] == ["no", "", "", ""]


def test_the_comments_csv_is_safe_to_open_in_a_spreadsheet(world):
    for n in range(3):
        submitted_response(
            area_round=world.area_round_a,
            default=4,
            comments={"history": f'=HYPERLINK("http://evil.example/{n}","click")'},
        )
    scores_refresh(area_round=world.area_round_a)
    response = _client(world.admin).get(reverse("comments_export", kwargs=_round_kwargs(world)))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 4
    assert all(row[2].startswith("'=HYPERLINK") for row in rows[1:])
