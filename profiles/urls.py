from django.urls import path

from profiles.views import agreement, funding, overview, plan, recognition, timeline

P = "areas/<slug:area>/profile/"

urlpatterns = [
    path(P, overview.profile, name="area_profile"),
    path(f"{P}timeline/", timeline.timeline, name="area_timeline"),
    path(f"{P}timeline/add/", timeline.timeline_event_add, name="timeline_event_add"),
    path(f"{P}timeline/<int:pk>/edit/", timeline.timeline_event_edit, name="timeline_event_edit"),
    path(
        f"{P}timeline/<int:pk>/delete/",
        timeline.timeline_event_delete,
        name="timeline_event_delete",
    ),
    path(f"{P}agreement/", agreement.agreement, name="area_agreement"),
    path(f"{P}agreement/edit/", agreement.agreement_edit, name="agreement_edit"),
    path(f"{P}agreement/sign/", agreement.agreement_sign, name="agreement_sign"),
    path(f"{P}agreement/versions/", agreement.agreement_versions, name="agreement_versions"),
    path(
        f"{P}agreement/versions/<int:number>/",
        agreement.agreement_version,
        name="agreement_version",
    ),
    path(
        f"{P}agreement/actions/add/",
        agreement.development_action_add,
        name="development_action_add",
    ),
    path(
        f"{P}agreement/actions/<int:pk>/edit/",
        agreement.development_action_edit,
        name="development_action_edit",
    ),
    path(
        f"{P}agreement/actions/<int:pk>/delete/",
        agreement.development_action_delete,
        name="development_action_delete",
    ),
    path(f"{P}funding/", funding.funding, name="area_funding"),
    path(f"{P}funding/<slug:round>/", funding.funding_edit, name="funding_edit"),
    path(f"{P}actions/", plan.action_plan, name="area_action_plan"),
    path(f"{P}actions/add/", plan.plan_action_add, name="plan_action_add"),
    path(f"{P}actions/<int:pk>/edit/", plan.plan_action_edit, name="plan_action_edit"),
    path(f"{P}actions/<int:pk>/delete/", plan.plan_action_delete, name="plan_action_delete"),
    path(f"{P}recognition/", recognition.recognition, name="area_recognition"),
    path(
        f"{P}recognition/<int:pk>/withdraw/",
        recognition.recognition_withdraw,
        name="recognition_withdraw",
    ),
]
