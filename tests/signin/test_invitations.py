"""Single sign-on beside invitation links: a link still signs nobody in, and once an
address's account has signed in through its council's provider no link answers as it."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.invitees import SESSION_KEY
from assessments.models import Invitation
from assessments.services.invitations import (
    InvitationInvalid,
    InvitationProblem,
    _new_token,
    invitation_get_by_token,
)
from assessments.services.rounds import area_round_closes_at
from partnerships.access import access_for
from signin.models import ProviderAccount
from tests.factories import AreaRoundFactory, RoundFactory
from tests.signin.harness import COORDINATOR, NEWCOMER
from tests.signin.test_provider_sign_in import sign_in

START = reverse("assessment_start", kwargs={"area": "area-a", "round": "spring"})


def _invitation(area_round, email) -> str:
    token, token_hash = _new_token()
    Invitation.objects.create(
        area_round=area_round,
        email=email,
        sector="council",
        token_hash=token_hash,
        expires_at=area_round_closes_at(area_round),
        sent_at=timezone.now(),
    )
    return token


def _link(token):
    return reverse("invitation_accept", kwargs={"token": token})


@pytest.fixture
def sign_ins():
    seen = []

    def record(sender, user, **kwargs):
        seen.append(user)

    user_logged_in.connect(record, dispatch_uid="test-sso-invitation-sign-ins")
    yield seen
    user_logged_in.disconnect(dispatch_uid="test-sso-invitation-sign-ins")


def test_a_link_to_a_council_address_still_signs_nobody_in(sso, world, sign_ins):
    token = _invitation(world.area_round_a, NEWCOMER)
    client = Client()
    response = client.post(_link(token))
    assert response.status_code == 302 and response["Location"] == START
    assert not sign_ins and "_auth_user_id" not in client.session
    assert SESSION_KEY in client.session
    assert client.get(START).wsgi_request.user.is_anonymous


def test_after_a_provider_sign_in_no_link_answers_as_that_account(sso, world):
    token = _invitation(world.area_round_a, NEWCOMER)
    invitee = Client()
    invitee.post(_link(token))
    identity = Invitation.objects.get().user
    assert invitee.get(START).status_code == 200

    person = Client()
    assert sign_in(person, NEWCOMER).status_code == 302
    # The address's only account (the link's identity) is the person, with its role.
    assert person.session["_auth_user_id"] == str(identity.pk)
    assert access_for(identity).respondent_area_ids == {world.area_a.pk}
    assert ProviderAccount.objects.filter(user=identity).exists()

    # The link's session answers as that account no more.
    lapsed = invitee.get(START)
    assert lapsed.status_code == 302 and lapsed["Location"].startswith(reverse("login"))
    # A link to the address in a later round is refused: the account signs in by itself.
    later = AreaRoundFactory(area=world.area_a, round=RoundFactory(slug="autumn"))
    fresh = _invitation(later, NEWCOMER)
    with pytest.raises(InvitationInvalid) as error:
        invitation_get_by_token(token=fresh)
    assert error.value.problem == InvitationProblem.SIGN_IN_ACCOUNT


def test_signing_in_through_the_provider_ends_an_invitee_session(sso, world):
    world.coordinator_a.email = COORDINATOR
    world.coordinator_a.save()
    token = _invitation(world.area_round_a, "someone-else@example.org")
    client = Client()
    client.post(_link(token))
    assert SESSION_KEY in client.session
    assert sign_in(client, COORDINATOR).status_code == 302
    assert SESSION_KEY not in client.session
    assert client.session["_auth_user_id"] == str(world.coordinator_a.pk)
