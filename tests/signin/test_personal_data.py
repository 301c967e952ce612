"""A person's provider accounts in the personal-data tools: exported, forgotten on
erasure, and never a reason for retention to erase an account that signs in by itself."""

import datetime

from django.utils import timezone

from pip_portal.personal_data import person_erase, person_export, retention_apply
from signin.models import ProviderAccount
from signin.services import provider_sign_in
from tests.factories import UserFactory
from tests.signin.offline import OFFLINE

CLAIMS = {"sub": "subject-7", "email": "pat@offline-council.test", "email_verified": True}


def _signed_in_through_the_provider():
    return provider_sign_in(provider=OFFLINE, claims=CLAIMS, is_locked_out=lambda person: False)


def test_the_export_lists_the_provider_accounts(db):
    person = _signed_in_through_the_provider()
    (account,) = person_export(user=person)["single_sign_on_accounts"]
    assert (account["issuer"], account["subject"]) == (OFFLINE.issuer, "subject-7")
    assert account["first_signed_in"] and account["last_signed_in"]


def test_erasing_forgets_the_provider_accounts_so_a_return_starts_afresh(db):
    person = _signed_in_through_the_provider()
    person_erase(user=person)
    assert not ProviderAccount.objects.exists()
    returning = _signed_in_through_the_provider()
    assert returning.pk != person.pk and returning.is_active


def test_retention_leaves_people_who_sign_in_through_a_provider(db):
    person = _signed_in_through_the_provider()
    person.last_login = timezone.now() - datetime.timedelta(days=5000)
    person.save()
    link_person = UserFactory(username="link-person")
    link_person.set_unusable_password()
    link_person.last_login = person.last_login
    link_person.save()

    assert retention_apply().dormant_accounts_erased == 1

    person.refresh_from_db()
    link_person.refresh_from_db()
    assert person.is_active and person.email == CLAIMS["email"]
    assert not link_person.is_active
