"""Who verified ID-token claims sign in (signin.services): the address must be confirmed
and on one of the provider's domains; an existing person is matched, a new one gets no role.
The claims here stand for what the library has already verified."""

import dataclasses

import pytest
from django.contrib.auth import get_user_model

from partnerships.models import Membership
from signin.models import ProviderAccount
from signin.refusals import RefusalReason, SignInRefused
from signin.services import provider_identity_from_claims, provider_sign_in
from tests.factories import UserFactory
from tests.signin.offline import OFFLINE

ADDRESS = "pat@offline-council.test"


def _claims(**changes):
    return {"sub": "subject-1", "email": ADDRESS, "email_verified": True, **changes}


def _never_locked(person):
    return False


def _sign_in(**changes):
    return provider_sign_in(
        provider=OFFLINE, claims=_claims(**changes), is_locked_out=_never_locked
    )


def _refused_for(**changes) -> RefusalReason:
    with pytest.raises(SignInRefused) as refusal:
        _sign_in(**changes)
    return refusal.value.reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"email": None}, RefusalReason.EMAIL_MISSING),
        ({"email": "not an address"}, RefusalReason.EMAIL_MISSING),
        ({"email_verified": False}, RefusalReason.EMAIL_NOT_VERIFIED),
        ({"email_verified": "true"}, RefusalReason.EMAIL_NOT_VERIFIED),  # a string is not true
        ({"email_verified": None}, RefusalReason.EMAIL_NOT_VERIFIED),
        ({"email": "pat@elsewhere.test"}, RefusalReason.DOMAIN_NOT_ALLOWED),
        ({"email": "pat@sub.offline-council.test"}, RefusalReason.DOMAIN_NOT_ALLOWED),
        ({"email": "pat@offline-council.test.evil.example"}, RefusalReason.DOMAIN_NOT_ALLOWED),
        ({"sub": ""}, RefusalReason.TOKEN_INVALID),
    ],
)
def test_an_untrusted_address_is_refused_and_nobody_is_made(db, changes, reason):
    assert _refused_for(**changes) == reason
    assert not get_user_model().objects.exists()
    assert not ProviderAccount.objects.exists()


def test_the_verified_claim_can_be_another_one(db):
    provider = dataclasses.replace(OFFLINE, email_verified_claim="xms_edov")
    claims = {"sub": "s", "email": ADDRESS, "email_verified": False, "xms_edov": True}
    assert provider_identity_from_claims(provider=provider, claims=claims).email == ADDRESS
    with pytest.raises(SignInRefused):
        provider_identity_from_claims(provider=provider, claims={**claims, "xms_edov": False})


def test_an_existing_person_is_matched_by_address_in_any_letter_case(db):
    person = UserFactory(username="pat", email="Pat@Offline-Council.test")
    assert _sign_in(email="PAT@offline-council.test") == person
    assert ProviderAccount.objects.get().user == person


def test_a_new_person_has_no_password_no_role_and_no_rights(db):
    person = _sign_in(given_name="Pat", family_name="Jones")
    assert person.email == ADDRESS and person.username == ADDRESS
    assert (person.first_name, person.last_name) == ("Pat", "Jones")
    assert not (person.is_staff or person.is_superuser or person.has_usable_password())
    assert not Membership.objects.filter(user=person).exists()


def test_claims_cannot_ask_for_rights(db):
    person = _sign_in(is_superuser=True, is_staff=True, roles=["sponsor"], groups=["admin"])
    assert not (person.is_staff or person.is_superuser)
    assert not Membership.objects.filter(user=person).exists()


def test_the_second_sign_in_finds_the_same_person_by_subject(db):
    first = _sign_in()
    assert _sign_in() == first
    assert get_user_model().objects.count() == 1 and ProviderAccount.objects.count() == 1


def test_a_subject_whose_address_changed_is_refused(db):
    _sign_in()
    assert _refused_for(email="pat.jones@offline-council.test") == RefusalReason.ACCOUNT_MISMATCH


def test_a_locked_out_person_is_refused_and_nothing_is_recorded(db):
    person = UserFactory(username="pat", email=ADDRESS)
    with pytest.raises(SignInRefused) as refusal:
        provider_sign_in(provider=OFFLINE, claims=_claims(), is_locked_out=lambda p: p == person)
    assert refusal.value.reason == RefusalReason.LOCKED_OUT
    assert not ProviderAccount.objects.exists()


def test_of_an_invitation_identity_and_a_password_account_the_password_account_signs_in(db):
    identity = UserFactory(username="identity", email=ADDRESS)
    identity.set_unusable_password()  # as an invitation link makes it
    identity.save()
    account = UserFactory(username="pat", email=ADDRESS)
    assert _sign_in() == account


def test_a_switched_off_account_is_never_replaced_by_a_new_one(db):
    UserFactory(username="pat", email=ADDRESS, is_active=False)
    assert _refused_for() == RefusalReason.ACCOUNT_INACTIVE
    assert get_user_model().objects.count() == 1
