"""Why a provider sign-in was refused, in words a person reads, and which library error
means which reason.

The checks themselves are the libraries' (Authlib and joserfc verify the state, the ID
token's signature, issuer, audience, expiry and nonce); this module only names the
outcome, so the refusal page and the security log can say what went wrong.
"""

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from django.db import models
from django.utils.translation import gettext_lazy as _
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
)


class RefusalReason(models.TextChoices):
    STATE = (
        "state",
        _(
            "This sign-in could not be matched to this browser: it may have been started in "
            "another browser or tab, or have taken too long. Start again."
        ),
    )
    PROVIDER_ERROR = (
        "provider_error",
        _("Your council's sign-in did not finish, so you are not signed in."),
    )
    PROVIDER_UNREACHABLE = (
        "provider_unreachable",
        _("Your council's sign-in service did not answer. Try again in a few minutes."),
    )
    ISSUER = "issuer", _("The sign-in came from an issuer other than your council's.")
    SIGNATURE = "signature", _("The sign-in's signature could not be verified.")
    EXPIRED = "expired", _("The sign-in had expired before it reached PIP Portal.")
    TOKEN_INVALID = "token_invalid", _("The sign-in could not be verified.")
    EMAIL_MISSING = "email_missing", _("Your council's sign-in did not give an email address.")
    EMAIL_NOT_VERIFIED = (
        "email_not_verified",
        _("Your council has not confirmed that the email address belongs to you."),
    )
    DOMAIN_NOT_ALLOWED = (
        "domain_not_allowed",
        _("Your email address is not one this council's sign-in may be used for."),
    )
    ACCOUNT_MISMATCH = (
        "account_mismatch",
        _("Your email address is linked to a different council account."),
    )
    ACCOUNT_AMBIGUOUS = (
        "account_ambiguous",
        _("More than one PIP Portal account uses your email address."),
    )
    ACCOUNT_INACTIVE = "account_inactive", _("Your PIP Portal account is switched off.")
    LOCKED_OUT = (
        "locked_out",
        _("Your account is locked for a while after too many failed sign-ins."),
    )

    @property
    def status(self) -> int:
        """The HTTP status of the refusal page."""
        if self is RefusalReason.STATE:
            return 400
        if self is RefusalReason.PROVIDER_UNREACHABLE:
            return 502
        if self is RefusalReason.LOCKED_OUT:
            return 429
        return 403


class SignInRefused(Exception):
    def __init__(self, reason: RefusalReason):
        super().__init__(reason.value)
        self.reason = reason


def reason_for(error: Exception) -> RefusalReason | None:
    """The reason an exception raised while completing a sign-in stands for; None for an
    exception that is not a refusal (a bug: let it be a server error)."""
    if isinstance(error, MismatchingStateError):
        return RefusalReason.STATE
    if isinstance(error, OAuthError):
        return RefusalReason.PROVIDER_ERROR
    if isinstance(error, requests.RequestException):
        return RefusalReason.PROVIDER_UNREACHABLE
    if isinstance(error, ExpiredTokenError):
        return RefusalReason.EXPIRED
    if isinstance(error, BadSignatureError | InvalidKeyIdError):
        return RefusalReason.SIGNATURE
    if isinstance(error, InvalidClaimError) and error.claim == "iss":
        return RefusalReason.ISSUER
    if isinstance(error, JoseError):
        return RefusalReason.TOKEN_INVALID
    return None
