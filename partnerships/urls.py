from django.urls import path

from partnerships import views

P = "areas/<slug:area>/profile/"

urlpatterns = [
    path(P, views.profile, name="area_profile"),
    path(f"{P}timeline/", views.timeline, name="area_timeline"),
    path(f"{P}timeline/add/", views.timeline_event_add, name="timeline_event_add"),
    path(f"{P}timeline/<int:pk>/edit/", views.timeline_event_edit, name="timeline_event_edit"),
    path(
        f"{P}timeline/<int:pk>/delete/", views.timeline_event_delete, name="timeline_event_delete"
    ),
    path(f"{P}agreement/", views.agreement, name="area_agreement"),
    path(f"{P}agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path(f"{P}agreement/sign/", views.agreement_sign, name="agreement_sign"),
    path(f"{P}agreement/versions/", views.agreement_versions, name="agreement_versions"),
    path(
        f"{P}agreement/versions/<int:number>/",
        views.agreement_version,
        name="agreement_version",
    ),
    path(
        f"{P}agreement/actions/add/",
        views.development_action_add,
        name="development_action_add",
    ),
    path(
        f"{P}agreement/actions/<int:pk>/edit/",
        views.development_action_edit,
        name="development_action_edit",
    ),
    path(
        f"{P}agreement/actions/<int:pk>/delete/",
        views.development_action_delete,
        name="development_action_delete",
    ),
    path(f"{P}funding/", views.funding, name="area_funding"),
    path(f"{P}funding/<slug:round>/", views.funding_edit, name="funding_edit"),
    path(f"{P}actions/", views.action_plan, name="area_action_plan"),
    path(f"{P}actions/add/", views.plan_action_add, name="plan_action_add"),
    path(f"{P}actions/<int:pk>/edit/", views.plan_action_edit, name="plan_action_edit"),
    path(f"{P}actions/<int:pk>/delete/", views.plan_action_delete, name="plan_action_delete"),
    path(f"{P}recognition/", views.recognition, name="area_recognition"),
    path(
        f"{P}recognition/<int:pk>/withdraw/",
        views.recognition_withdraw,
        name="recognition_withdraw",
    ),
]
