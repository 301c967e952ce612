"""Self-assessment URLs: all under /invite/ or /areas/<area>/rounds/<round>/ (assessment/,
manage/, responses.csv, comments.csv), so none shadows the dashboard or report pages beside
them."""

from django.urls import path

from assessments.views import comments, coordinator, exports, imports, invitation, respondent

ROUND = "areas/<slug:area>/rounds/<slug:round>/"

urlpatterns = [
    path("invite/<str:token>/", invitation.invitation_accept_view, name="invitation_accept"),
    path(f"{ROUND}assessment/", respondent.assessment_start, name="assessment_start"),
    path(f"{ROUND}assessment/<int:page>/", respondent.assessment_page, name="assessment_page"),
    path(f"{ROUND}assessment/review/", respondent.assessment_review, name="assessment_review"),
    path(f"{ROUND}assessment/done/", respondent.assessment_done, name="assessment_done"),
    path(f"{ROUND}manage/", coordinator.round_manage, name="round_manage"),
    path(f"{ROUND}manage/open/", coordinator.round_open, name="round_open"),
    path(f"{ROUND}manage/close/", coordinator.round_close, name="round_close"),
    path(f"{ROUND}manage/publish/", coordinator.round_publish, name="round_publish"),
    path(f"{ROUND}manage/republish/", coordinator.round_republish, name="round_republish"),
    path(f"{ROUND}manage/invite/", coordinator.round_invite, name="round_invite"),
    path(f"{ROUND}manage/remind/", coordinator.round_remind, name="round_remind"),
    path(f"{ROUND}manage/import/", imports.round_import, name="round_import"),
    path(
        f"{ROUND}manage/imports/<int:batch>/commit/",
        imports.batch_commit,
        name="import_batch_commit",
    ),
    path(
        f"{ROUND}manage/imports/<int:batch>/reject/",
        imports.batch_reject,
        name="import_batch_reject",
    ),
    path(
        f"{ROUND}manage/imports/<int:batch>/withdraw/",
        imports.batch_withdraw,
        name="import_batch_withdraw",
    ),
    path(
        f"{ROUND}manage/invitations/<int:invitation>/resend/",
        coordinator.invitation_resend_view,
        name="invitation_resend",
    ),
    path(f"{ROUND}manage/comments/", comments.round_comments, name="round_comments"),
    path(
        f"{ROUND}manage/comments/<uuid:comment>/hide/",
        comments.comment_hide_view,
        name="comment_hide",
    ),
    path(
        f"{ROUND}manage/comments/<uuid:comment>/unhide/",
        comments.comment_unhide_view,
        name="comment_unhide",
    ),
    path(f"{ROUND}responses.csv", exports.responses_export, name="responses_export"),
    path(f"{ROUND}comments.csv", exports.comments_export, name="comments_export"),
]
