"""Self-assessment URLs: all under /invite/ or /areas/<area>/rounds/<round>/ (assessment/,
manage/, responses.csv, comments.csv), so none shadows the dashboard or report pages beside
them."""

from django.urls import path

from assessments import import_views, views

ROUND = "areas/<slug:area>/rounds/<slug:round>/"

urlpatterns = [
    path("invite/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path(f"{ROUND}assessment/", views.assessment_start, name="assessment_start"),
    path(f"{ROUND}assessment/<int:page>/", views.assessment_page, name="assessment_page"),
    path(f"{ROUND}assessment/review/", views.assessment_review, name="assessment_review"),
    path(f"{ROUND}assessment/done/", views.assessment_done, name="assessment_done"),
    path(f"{ROUND}manage/", views.round_manage, name="round_manage"),
    path(f"{ROUND}manage/open/", views.round_open, name="round_open"),
    path(f"{ROUND}manage/close/", views.round_close, name="round_close"),
    path(f"{ROUND}manage/publish/", views.round_publish, name="round_publish"),
    path(f"{ROUND}manage/republish/", views.round_republish, name="round_republish"),
    path(f"{ROUND}manage/invite/", views.round_invite, name="round_invite"),
    path(f"{ROUND}manage/remind/", views.round_remind, name="round_remind"),
    path(f"{ROUND}manage/import/", views.round_import, name="round_import"),
    path(
        f"{ROUND}manage/imports/<int:batch>/commit/",
        import_views.batch_commit,
        name="import_batch_commit",
    ),
    path(
        f"{ROUND}manage/imports/<int:batch>/reject/",
        import_views.batch_reject,
        name="import_batch_reject",
    ),
    path(
        f"{ROUND}manage/imports/<int:batch>/withdraw/",
        import_views.batch_withdraw,
        name="import_batch_withdraw",
    ),
    path(
        f"{ROUND}manage/invitations/<int:invitation>/resend/",
        views.invitation_resend_view,
        name="invitation_resend",
    ),
    path(f"{ROUND}manage/comments/", views.round_comments, name="round_comments"),
    path(
        f"{ROUND}manage/comments/<uuid:comment>/hide/",
        views.comment_hide_view,
        name="comment_hide",
    ),
    path(
        f"{ROUND}manage/comments/<uuid:comment>/unhide/",
        views.comment_unhide_view,
        name="comment_unhide",
    ),
    path(f"{ROUND}responses.csv", views.responses_export, name="responses_export"),
    path(f"{ROUND}comments.csv", views.comments_export, name="comments_export"),
]
