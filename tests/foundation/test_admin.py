import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.frameworks import latest_published


@pytest.fixture
def admin_client_world(client, world):
    client.force_login(world.admin)
    return client


def test_every_registered_model_has_a_working_changelist_and_add_page(admin_client_world):
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = admin_client_world.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(_request_for(admin_client_world)):
            add = admin_client_world.get(reverse("admin:{}_{}_add".format(*info)))
            assert add.status_code == 200, info


def _request_for(client):
    from django.test import RequestFactory

    from tests.factories import UserFactory

    request = RequestFactory().get("/")
    request.user = UserFactory(username="admin")
    return request


def test_a_published_frameworks_questions_cannot_be_changed_in_admin(admin_client_world):
    framework = latest_published("pip-health-check")
    dimension = framework.dimensions.get(key="history")
    url = reverse("admin:assessments_dimension_change", args=[dimension.pk])
    page = admin_client_world.get(url)
    assert page.status_code == 200
    assert b'name="questions-0-text"' not in page.content
    response = admin_client_world.post(url, {"name": "Renamed"})
    dimension.refresh_from_db()
    assert dimension.name == "History of cross-sector relationships"
    assert response.status_code in (200, 403)


def test_the_admin_is_closed_to_non_staff(client, world):
    client.force_login(world.sponsor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_import_batches_are_shown_read_only(admin_client_world, world):
    from assessments.services.imports import import_batch_submit

    codes = ",".join(world.round.framework.questions.values_list("code", flat=True))
    answers = ",".join(["4"] * world.round.framework.questions.count())
    batch = import_batch_submit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=f"respondent,sector,{codes}\nP1,vcs,{answers}\n".encode(),
        by=world.coordinator_a,
    )
    changelist = admin_client_world.get(reverse("admin:assessments_importbatch_changelist"))
    assert b"paper.csv" in changelist.content
    url = reverse("admin:assessments_importbatch_change", args=[batch.pk])
    page = admin_client_world.get(url)
    assert page.status_code == 200
    assert batch.sha256.encode() in page.content
    assert b"View import batch" in page.content and b'name="status"' not in page.content
    assert admin_client_world.post(url, {"status": "committed"}).status_code == 403
    delete = reverse("admin:assessments_importbatch_delete", args=[batch.pk])
    assert admin_client_world.post(delete, {"post": "yes"}).status_code == 403
    assert admin_client_world.get(reverse("admin:assessments_importbatch_add")).status_code == 403
    batch.refresh_from_db()
    assert batch.status == "pending"


def test_publishing_a_draft_without_readings_says_which_statements_need_one(admin_client_world):
    from assessments.frameworks import framework_new_version

    draft = framework_new_version(framework=latest_published("pip-health-check"))
    draft.questions.filter(code="VCS7").update(reading="")
    response = admin_client_world.post(
        reverse("admin:assessments_framework_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert not draft.is_published
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot be published" in m and "VCS7" in m for m in messages), messages


def test_a_draft_questions_reading_is_editable_in_admin(admin_client_world):
    from assessments.frameworks import framework_new_version

    draft = framework_new_version(framework=latest_published("pip-health-check"))
    dimension = draft.dimensions.get(key="history")
    page = admin_client_world.get(
        reverse("admin:assessments_dimension_change", args=[dimension.pk])
    )
    assert b'name="questions-0-reading"' in page.content
