"""Comment moderation: hiding a comment, undoing that, and the record of each decision
(services.comments), and what the outputs' one reader (scoring) then shows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments.models import (
    AreaRound,
    AreaRoundStatus,
    CommentAction,
    CommentDecision,
    CommentHiddenReason,
    Dimension,
)
from assessments.scoring import area_round_result, comments_showable
from assessments.services.comments import comment_hide, comment_unhide
from assessments.services.responses import response_save_page
from reports.models import Report, ReportReason, ReportStatus
from tests.assessments.conftest import SHOWN_COMMENTS, WITHHELD_COMMENT, comment_with

HIDDEN = SHOWN_COMMENTS[2]


def _published(world):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(results_published_at=timezone.now())
    world.area_round_a.refresh_from_db()


def test_hiding_records_who_when_and_why_and_the_comment_leaves_the_results(commented):
    before = timezone.now()
    decision = comment_hide(
        comment=comment_with(HIDDEN),
        reason=CommentHiddenReason.IDENTIFIES,
        note="  Names the chair of the forum.  ",
        decided_by=commented.coordinator_a,
    )
    decision.refresh_from_db()
    assert decision.action == CommentAction.HIDE
    assert decision.reason == CommentHiddenReason.IDENTIFIES
    assert decision.note == "Names the chair of the forum."
    assert decision.decided_by == commented.coordinator_a
    assert before <= decision.decided_at <= timezone.now()
    assert decision.after_publication is False
    assert comment_with(HIDDEN).hidden
    shown = area_round_result(area_round=commented.area_round_a).comments["history"]
    assert HIDDEN not in shown
    assert sorted(shown) == sorted(set(SHOWN_COMMENTS) - {HIDDEN})


def test_undoing_records_a_second_decision_and_shows_the_comment_again(commented):
    comment = comment_with(HIDDEN)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.OTHER, decided_by=commented.coordinator_a
    )
    undo = comment_unhide(comment=comment, decided_by=commented.admin)
    assert undo.action == CommentAction.SHOW and undo.reason == ""
    assert undo.decided_by == commented.admin
    assert [d.action for d in CommentDecision.objects.filter(comment=comment)] == [
        CommentAction.HIDE,
        CommentAction.SHOW,
    ]
    assert not comment_with(HIDDEN).hidden
    shown = area_round_result(area_round=commented.area_round_a).comments["history"]
    assert HIDDEN in shown


def test_hiding_without_a_reason_is_refused_and_changes_nothing(commented):
    with pytest.raises(ValidationError) as refused:
        comment_hide(comment=comment_with(HIDDEN), reason="", decided_by=commented.coordinator_a)
    assert "reason" in refused.value.message_dict
    assert not comment_with(HIDDEN).hidden
    assert not CommentDecision.objects.exists()


def test_a_reason_not_on_the_list_is_refused(commented):
    with pytest.raises(ValidationError):
        comment_hide(
            comment=comment_with(HIDDEN), reason="dislike", decided_by=commented.coordinator_a
        )
    assert not comment_with(HIDDEN).hidden


def test_a_note_longer_than_its_limit_is_refused(commented):
    with pytest.raises(ValidationError) as refused:
        comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.OTHER,
            note="n" * 501,
            decided_by=commented.coordinator_a,
        )
    assert "note" in refused.value.message_dict
    assert not comment_with(HIDDEN).hidden


def test_a_second_hide_or_an_undo_of_a_shown_comment_is_refused_and_records_nothing(commented):
    comment = comment_with(HIDDEN)
    with pytest.raises(ValidationError, match="not hidden"):
        comment_unhide(comment=comment, decided_by=commented.coordinator_a)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.OTHER, decided_by=commented.coordinator_a
    )
    with pytest.raises(ValidationError, match="already hidden"):
        comment_hide(comment=comment, reason=CommentHiddenReason.OTHER, decided_by=commented.admin)
    assert CommentDecision.objects.count() == 1


@pytest.mark.parametrize("status", [AreaRoundStatus.OPEN, AreaRoundStatus.DRAFT])
def test_nothing_is_decided_unless_the_round_is_closed(commented, status):
    AreaRound.objects.filter(pk=commented.area_round_a.pk).update(status=status)
    with pytest.raises(ValidationError, match="once the round is closed"):
        comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.OTHER,
            decided_by=commented.coordinator_a,
        )
    assert not comment_with(HIDDEN).hidden


@pytest.mark.parametrize("who", ["coordinator_b", "respondent_a", "sponsor", "outsider"])
def test_only_the_areas_coordinators_and_administrators_decide(commented, who):
    with pytest.raises(PermissionDenied):
        comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.OTHER,
            decided_by=getattr(commented, who),
        )
    assert not comment_with(HIDDEN).hidden


def test_after_publication_a_coordinator_may_neither_hide_nor_undo(commented):
    comment = comment_with(HIDDEN)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.OTHER, decided_by=commented.coordinator_a
    )
    _published(commented)
    with pytest.raises(PermissionDenied):
        comment_unhide(comment=comment, decided_by=commented.coordinator_a)
    with pytest.raises(PermissionDenied):
        comment_hide(
            comment=comment_with(SHOWN_COMMENTS[0]),
            reason=CommentHiddenReason.OTHER,
            decided_by=commented.coordinator_a,
        )
    assert comment_with(HIDDEN).hidden and not comment_with(SHOWN_COMMENTS[0]).hidden


def test_after_publication_an_administrators_decision_is_recorded_as_a_correction(
    commented, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _published(commented)
    version = commented.area_round_a.data_version
    with django_capture_on_commit_callbacks(execute=True):
        decision = comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.DEFAMATORY,
            decided_by=commented.admin,
        )
    assert decision.after_publication is True
    # The published figures are drawn again without it: a new report is queued.
    assert AreaRound.objects.get(pk=commented.area_round_a.pk).data_version == version + 1
    report = Report.objects.get(area_round=commented.area_round_a)
    assert report.reason == ReportReason.DATA_CHANGED
    assert report.status in (ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.READY)


def test_a_decision_before_publication_marks_the_outputs_changed(
    commented, django_capture_on_commit_callbacks
):
    version = commented.area_round_a.data_version
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(
            comment=comment_with(HIDDEN),
            reason=CommentHiddenReason.PERSONAL_DATA,
            decided_by=commented.coordinator_a,
        )
    area_round = AreaRound.objects.get(pk=commented.area_round_a.pk)
    assert area_round.data_version == version + 1
    assert area_round.scores_version == area_round.data_version  # refreshed on commit
    assert not Report.objects.exists()  # unpublished: no automatic report


def test_moderation_reviews_only_comments_the_results_would_show(commented):
    reviewable = set(
        comments_showable(area_round=commented.area_round_a).values_list("text", flat=True)
    )
    assert reviewable == set(SHOWN_COMMENTS)
    assert WITHHELD_COMMENT not in reviewable


def test_results_show_comments_in_the_order_of_their_text_not_of_writing(commented):
    shown = area_round_result(area_round=commented.area_round_a).comments["history"]
    assert shown == sorted(SHOWN_COMMENTS)
    assert shown != SHOWN_COMMENTS  # the fixture wrote them out of that order


def test_a_hidden_comment_rewritten_after_the_round_reopens_stays_hidden(commented):
    """Failing closed: a new text is reviewed again before it can be shown."""
    comment = comment_with(HIDDEN)
    comment_hide(
        comment=comment, reason=CommentHiddenReason.IDENTIFIES, decided_by=commented.coordinator_a
    )
    AreaRound.objects.filter(pk=commented.area_round_a.pk).update(status=AreaRoundStatus.OPEN)
    response_save_page(
        response=comment.response,
        dimension=Dimension.objects.get(pk=comment.dimension_id),
        answers={},
        comment="Reworded, still about the chair",
    )
    comment.refresh_from_db()
    assert comment.text == "Reworded, still about the chair" and comment.hidden
    result = area_round_result(area_round=commented.area_round_a)
    assert "Reworded, still about the chair" not in result.comments.get("history", [])
