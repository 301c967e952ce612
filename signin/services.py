"""Who a provider sign-in signs in: an existing person matched by a verified email address,
or a new person with no role.

The claims given here have already been verified by the library (signature, issuer,
audience, expiry, nonce: ``signin.providers``). What this module decides is the portal's
own rule: which address may be trusted, and which account it names. A provider sign-in
authenticates a person and nothing more: it never gives a role, administrator rights or a
sponsor's view; those come from memberships as for everyone.
"""

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from signin.config import ProviderConfig
from signin.models import ProviderAccount
from signin.providers import email_domain
from signin.refusals import RefusalReason, SignInRefused

# Characters Django's username validator refuses.
_NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")
NAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class ProviderIdentity:
    """What a verified ID token says about the person."""

    issuer: str
    subject: str
    email: str
    given_name: str = ""
    family_name: str = ""


def provider_identity_from_claims(
    *, provider: ProviderConfig, claims: Mapping
) -> ProviderIdentity:
    """The identity in verified ID-token claims, or ``SignInRefused`` when the address is
    missing, not confirmed by the provider (``provider.email_verified_claim`` must be
    ``true``, the JSON boolean), or on a domain the provider may not vouch for."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise SignInRefused(RefusalReason.EMAIL_MISSING)
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise SignInRefused(RefusalReason.EMAIL_MISSING) from None
    if claims.get(provider.email_verified_claim) is not True:
        raise SignInRefused(RefusalReason.EMAIL_NOT_VERIFIED)
    if email_domain(email) not in provider.domains:
        raise SignInRefused(RefusalReason.DOMAIN_NOT_ALLOWED)
    subject = claims.get("sub")
    if not isinstance(subject, str) or not 0 < len(subject) <= 255:
        raise SignInRefused(RefusalReason.TOKEN_INVALID)

    def text(name: str) -> str:
        value = claims.get(name)
        return value.strip()[:NAME_MAX_LENGTH] if isinstance(value, str) else ""

    return ProviderIdentity(
        issuer=provider.issuer,
        subject=subject,
        email=email,
        given_name=text("given_name"),
        family_name=text("family_name"),
    )


def _signs_in_by_itself(user) -> bool:
    return user.has_usable_password() or user.is_staff or user.is_superuser


def _existing_person(identity: ProviderIdentity):
    """The account the identity names, None for nobody yet, or ``SignInRefused``."""
    linked = (
        ProviderAccount.objects.select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    if linked is not None:
        # The address the provider gives must still be the account's: a changed address
        # is for an administrator to follow, not for the sign-in to guess at.
        if linked.user.email.lower() != identity.email.lower():
            raise SignInRefused(RefusalReason.ACCOUNT_MISMATCH)
        if not linked.user.is_active:
            raise SignInRefused(RefusalReason.ACCOUNT_INACTIVE)
        return linked.user
    people = list(get_user_model().objects.filter(email__iexact=identity.email).order_by("pk"))
    if ProviderAccount.objects.filter(user__in=people, issuer=identity.issuer).exists():
        # Another subject of this issuer signed in with the address before: a mailbox
        # passed to someone new must not inherit the old holder's account.
        raise SignInRefused(RefusalReason.ACCOUNT_MISMATCH)
    active = [person for person in people if person.is_active]
    if people and not active:
        # Never a fresh account beside a switched-off one.
        raise SignInRefused(RefusalReason.ACCOUNT_INACTIVE)
    if len(active) > 1:
        active = [person for person in active if _signs_in_by_itself(person)]
        if len(active) != 1:
            raise SignInRefused(RefusalReason.ACCOUNT_AMBIGUOUS)
    return active[0] if active else None


def _unique_username(email: str) -> str:
    user_model = get_user_model()
    base = _NOT_IN_USERNAMES.sub("_", email)
    candidate = base[:140]
    while user_model.objects.filter(username=candidate).exists():
        candidate = f"{base[:130]}-{secrets.token_hex(4)}"
    return candidate


def _person_create(identity: ProviderIdentity):
    """A new person: no password, no role, no administrator rights."""
    user = get_user_model()(
        username=_unique_username(identity.email),
        email=identity.email,
        first_name=identity.given_name,
        last_name=identity.family_name,
        is_staff=False,
        is_superuser=False,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def provider_sign_in(
    *, provider: ProviderConfig, claims: Mapping, is_locked_out: Callable[[object], bool]
):
    """The account verified ID-token ``claims`` sign in, recorded as that issuer's subject.

    Raises ``SignInRefused`` for an untrusted address (``provider_identity_from_claims``),
    an address linked to another subject of this issuer, one shared by several accounts
    that sign in by themselves, a switched-off account, or one ``is_locked_out`` (sign-in
    throttling) says is locked. Nobody is signed in here: the caller does that.
    """
    identity = provider_identity_from_claims(provider=provider, claims=claims)
    try:
        with transaction.atomic():
            person = _existing_person(identity)
            if person is not None and is_locked_out(person):
                raise SignInRefused(RefusalReason.LOCKED_OUT)
            if person is None:
                person = _person_create(identity)
            ProviderAccount.objects.update_or_create(
                user=person,
                issuer=identity.issuer,
                defaults={"subject": identity.subject, "last_signed_in_at": timezone.now()},
            )
    except IntegrityError:
        # The same subject signing in twice at once: the other request has linked it.
        raise SignInRefused(RefusalReason.ACCOUNT_MISMATCH) from None
    return person


def provider_accounts_forget(*, user) -> int:
    """Delete the person's provider accounts (erasure); how many went. A later sign-in
    through the provider starts afresh, like a new person's."""
    deleted, _per_model = ProviderAccount.objects.filter(user=user).delete()
    return deleted
