"""Each self-assessment URL reaches its own view; none shadows another's."""

import pytest
from django.urls import resolve, reverse

from assessments.views import coordinator, exports, imports, invitation, respondent

AREA_ROUND = {"area": "area-a", "round": "spring"}

CASES = [
    ("invitation_accept", {"token": "abc_DEF-123"}, invitation.invitation_accept_view),
    ("assessment_start", AREA_ROUND, respondent.assessment_start),
    ("assessment_page", {**AREA_ROUND, "page": 2}, respondent.assessment_page),
    ("assessment_review", AREA_ROUND, respondent.assessment_review),
    ("assessment_done", AREA_ROUND, respondent.assessment_done),
    ("round_manage", AREA_ROUND, coordinator.round_manage),
    ("round_open", AREA_ROUND, coordinator.round_open),
    ("round_close", AREA_ROUND, coordinator.round_close),
    ("round_publish", AREA_ROUND, coordinator.round_publish),
    ("round_invite", AREA_ROUND, coordinator.round_invite),
    ("round_remind", AREA_ROUND, coordinator.round_remind),
    ("round_import", AREA_ROUND, imports.round_import),
    ("import_batch_commit", {**AREA_ROUND, "batch": 3}, imports.batch_commit),
    ("import_batch_reject", {**AREA_ROUND, "batch": 3}, imports.batch_reject),
    ("import_batch_withdraw", {**AREA_ROUND, "batch": 3}, imports.batch_withdraw),
    ("invitation_resend", {**AREA_ROUND, "invitation": 7}, coordinator.invitation_resend_view),
    ("responses_export", AREA_ROUND, exports.responses_export),
]


@pytest.mark.parametrize(("name", "kwargs", "view"), CASES, ids=[c[0] for c in CASES])
def test_each_url_reaches_its_own_view(name, kwargs, view):
    path = reverse(name, kwargs=kwargs)
    assert path.startswith(("/invite/", "/areas/area-a/rounds/spring/"))
    match = resolve(path)
    assert match.func == view
    assert match.url_name == name


def test_the_documented_paths():
    assert reverse("invitation_accept", kwargs={"token": "t"}) == "/invite/t/"
    assert reverse("assessment_start", kwargs=AREA_ROUND) == (
        "/areas/area-a/rounds/spring/assessment/"
    )
    assert reverse("assessment_page", kwargs={**AREA_ROUND, "page": 3}) == (
        "/areas/area-a/rounds/spring/assessment/3/"
    )
    assert reverse("round_manage", kwargs=AREA_ROUND) == "/areas/area-a/rounds/spring/manage/"
    assert reverse("responses_export", kwargs=AREA_ROUND) == (
        "/areas/area-a/rounds/spring/responses.csv"
    )
