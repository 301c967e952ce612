"""The attack that invitation links used to allow: a coordinator invites the address of a
more powerful account (the sponsor, another coordinator, an administrator, anyone with a
password) and whoever opens the link is signed in as that account, skipping its password
and sign-in throttling. Every variant must now end without that account's session."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.invitees import SESSION_KEY
from assessments.models import Invitation
from assessments.services.invitations import _new_token

LINK = re.compile(r"/invite/([A-Za-z0-9_-]+)/")
URL = re.compile(r"https?://[^\s\"'<>]+")
TARGETS = ["sponsor", "coordinator_b", "admin", "respondent_b"]


def _invite_as_coordinator_a(world, address, capture):
    coordinator = Client()
    coordinator.force_login(world.coordinator_a)
    with capture(execute=True):
        page = coordinator.post(
            reverse("round_invite", kwargs={"area": "area-a", "round": "spring"}),
            {"emails": address, "sector": "council"},
        )
    assert page.status_code == 302
    return Invitation.objects.get(email=address.lower())


def _holds_no_session_of(client, target) -> bool:
    """Not signed in as the target, and none of the target's pages opens."""
    if client.session.get("_auth_user_id") == str(target.pk):
        return False
    programme = client.get(reverse("programme_dashboard"))
    area_b = client.get(reverse("area_profile", kwargs={"area": "area-b"}))
    admin = client.get(reverse("admin:index"))
    return all(page.status_code == 302 for page in (programme, area_b, admin))


@pytest.mark.parametrize("who", TARGETS)
def test_inviting_a_powerful_address_never_yields_its_session(
    world, mailoutbox, django_capture_on_commit_callbacks, who
):
    target = getattr(world, who)
    _invite_as_coordinator_a(world, target.email, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    html = message.alternatives[0][0]
    # The email carries no link to use, only the sign-in page.
    assert not LINK.search(message.body) and not LINK.search(html)
    # Follow every address in it, as a stranger holding the email would.
    for url in set(URL.findall(message.body)):
        stranger = Client()
        path = url.split("://", 1)[1].split("/", 1)[-1]
        stranger.get("/" + path)
        stranger.post("/" + path)
        assert _holds_no_session_of(stranger, target)


@pytest.mark.parametrize("who", TARGETS)
def test_a_link_to_a_powerful_address_is_refused_and_signs_nobody_in(
    world, mailoutbox, django_capture_on_commit_callbacks, who
):
    """As the report had it: a working link for the address (as if an email had carried
    one, for instance sent before the account had that address), opened and continued."""
    target = getattr(world, who)
    invitation = _invite_as_coordinator_a(world, target.email, django_capture_on_commit_callbacks)
    token, token_hash = _new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash, used_at=None)
    attacker = Client()
    link = reverse("invitation_accept", kwargs={"token": token})
    assert attacker.get(link).status_code == 403
    page = attacker.post(link)
    assert page.status_code == 403
    assert b"Sign in with your account to answer" in page.content
    assert SESSION_KEY not in attacker.session
    assert _holds_no_session_of(attacker, target)
    # Not even the target's answers: the assessment is closed to the link's holder.
    start = attacker.get(reverse("assessment_start", kwargs={"area": "area-a", "round": "spring"}))
    assert start.status_code == 302 and start.url.startswith(reverse("login"))
