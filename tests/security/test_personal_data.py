"""Personal data: export one person, erase them (answers kept anonymously), retention."""

import datetime
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import AreaScore, Invitation, Response, ResponseStatus
from assessments.scoring import scores_refresh
from partnerships.models import Membership
from pip_portal.personal_data import person_erase, retention_apply
from pip_portal.tasks import apply_retention
from tests.factories import AreaRoundFactory, RoundFactory, UserFactory, submitted_response
from tests.security.conftest import DRAFT_MARKERS


def _export(identifier) -> dict:
    out = StringIO()
    call_command("export_person", identifier, stdout=out)
    return json.loads(out.getvalue())


def test_the_export_holds_account_memberships_invitations_and_answers(scene):
    submitted = submitted_response(
        area_round=scene.published_a, sector="vcs", default=3, user=scene.respondent_a
    )
    data = _export(scene.respondent_a.email)
    assert data["account"]["username"] == "respondent_a"
    assert data["account"]["email"] == scene.respondent_a.email
    assert [m["area"] for m in data["memberships"]] == ["area-a"]
    refs = {r["respondent_ref"]: r for r in data["responses"]}
    assert refs[submitted.respondent_ref]["status"] == ResponseStatus.SUBMITTED
    assert len(refs[submitted.respondent_ref]["answers"]) == submitted.answers.count()
    draft = refs[scene.draft_owner["respondent_a"].respondent_ref]
    assert draft["comments"] == [
        {"dimension": "history", "text": DRAFT_MARKERS["respondent_a"], "hidden": False}
    ]
    # Nothing about anyone else, and no secrets.
    text = json.dumps(data)
    assert DRAFT_MARKERS["respondent_b"] not in text
    assert "token" not in text and "password" not in text.replace("signs_in_with_password", "")


def test_the_export_counts_the_import_batches_the_person_submitted(scene):
    # The scene's pending batch was submitted by area A's coordinator.
    data = _export(scene.coordinator_a.username)
    assert data["records_created"]["import_batches_submitted"] == 1
    assert _export(scene.respondent_a.username)["records_created"]["import_batches_submitted"] == 0


def test_the_export_lists_invitations_sent_to_the_persons_address(scene):
    data = _export(scene.invitee.username)
    assert [i["email"] for i in data["invitations"]] == ["invitee@example.org"]
    assert data["invitations"][0]["used_at"] is not None


def test_an_unknown_person_is_an_error(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("export_person", "nobody@example.org")


def test_erasing_keeps_submitted_answers_in_the_figures_but_not_the_person(scene):
    person = scene.respondent_a
    submitted = submitted_response(
        area_round=scene.published_a, sector="vcs", default=3, user=person
    )
    old_ref = submitted.respondent_ref
    scores_refresh(area_round=scene.published_a)
    before = AreaScore.objects.get(area_round=scene.published_a)
    client = Client()
    client.force_login(person)

    out = StringIO()
    call_command("erase_person", person.username, "--no-input", stdout=out)

    assert "1 submitted response(s) kept anonymously" in out.getvalue()
    person.refresh_from_db()
    assert not person.is_active
    assert person.email == "" and person.first_name == "" and person.last_name == ""
    assert person.username.startswith("erased-")
    assert not person.has_usable_password()
    submitted.refresh_from_db()
    assert submitted.user is None and submitted.respondent_ref != old_ref
    assert submitted.answers.exists()
    assert not Response.objects.filter(pk=scene.draft_owner["respondent_a"].pk).exists()
    assert not Membership.objects.filter(user=person).exists()
    scores_refresh(area_round=scene.published_a)
    after = AreaScore.objects.get(area_round=scene.published_a)
    assert (after.respondents_total, after.overall) == (before.respondents_total, before.overall)
    # Signed out everywhere.
    assert client.get(reverse("home")).status_code == 302
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(person.pk) for s in Session.objects.all()
    )


def test_erasing_deletes_the_persons_invitations(scene):
    person_erase(user=scene.invitee)
    assert not Invitation.objects.filter(email="invitee@example.org").exists()
    assert Invitation.objects.filter(pk=scene.invitation.pk).exists()


def test_erasing_an_administrator_is_refused(scene):
    with pytest.raises(CommandError, match="administrator"):
        call_command("erase_person", "admin", "--no-input")
    assert get_user_model().objects.get(username="admin").is_active


def test_erasing_asks_for_confirmation(scene, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("erase_person", "respondent_b")
    assert get_user_model().objects.get(username="respondent_b").is_active


@pytest.fixture
def old_round(world, settings):
    settings.RETENTION_DAYS = 365
    today = timezone.localdate()
    round_ = RoundFactory(
        slug="long-ago",
        opens=today - datetime.timedelta(days=500),
        closes=today - datetime.timedelta(days=400),
    )
    return AreaRoundFactory(area=world.area_a, round=round_, status="closed")


def test_retention_removes_expired_unused_invitations_only(scene):
    Invitation.objects.filter(pk=scene.invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    outcome = retention_apply()
    assert outcome.expired_invitations_deleted == 1
    assert not Invitation.objects.filter(pk=scene.invitation.pk).exists()
    # The used one (it records who was invited) stays until the round's data expires.
    assert Invitation.objects.filter(email="invitee@example.org").exists()


def test_retention_detaches_old_rounds_and_erases_dormant_link_accounts(world, old_round):
    link_person = UserFactory(username="link-person")
    link_person.set_unusable_password()
    link_person.last_login = timezone.now() - datetime.timedelta(days=500)
    link_person.save()
    kept = submitted_response(area_round=old_round, default=4, user=world.respondent_a)
    Response.objects.create(
        area_round=old_round, user=world.respondent_b, respondent_ref="draft-old", sector="vcs"
    )
    Invitation.objects.create(
        area_round=old_round,
        email="old@example.org",
        token_hash="x" * 64,
        expires_at=timezone.now() - datetime.timedelta(days=400),
        used_at=timezone.now() - datetime.timedelta(days=450),
    )

    outcome = apply_retention.delay().get()

    assert outcome["old_invitations_deleted"] == 1
    assert outcome["old_drafts_deleted"] == 1
    assert outcome["old_responses_detached"] == 1
    assert outcome["dormant_accounts_erased"] == 1
    kept.refresh_from_db()
    assert kept.user is None and kept.answers.exists()
    link_person.refresh_from_db()
    assert not link_person.is_active and link_person.email == ""
    # People with passwords, and recent rounds, are untouched.
    world.respondent_a.refresh_from_db()
    assert world.respondent_a.is_active
    # Running it again changes nothing.
    again = retention_apply()
    assert again.as_dict() == dict.fromkeys(again.as_dict(), 0)


def test_retention_keeps_a_link_identity_that_used_a_link_or_answered_lately(world, old_round):
    """Link identities are never signed in: a recent link or answer counts as being seen."""
    long_ago = timezone.now() - datetime.timedelta(days=900)
    recent_link, recent_answer = (
        UserFactory(username="recent-link"),
        UserFactory(username="recent-answer"),
    )
    for user in (recent_link, recent_answer):
        user.set_unusable_password()
        user.date_joined = long_ago
        user.save()
    Invitation.objects.create(
        area_round=world.area_round_a,
        email=recent_link.email,
        user=recent_link,
        token_hash="y" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=20),
        used_at=timezone.now() - datetime.timedelta(days=30),
    )
    Response.objects.create(
        area_round=world.area_round_a, user=recent_answer, respondent_ref="recent", sector="vcs"
    )
    assert retention_apply().dormant_accounts_erased == 0
    for user in (recent_link, recent_answer):
        user.refresh_from_db()
        assert user.is_active and user.email
