"""The OpenID Connect authorization code flow with a provider, through Authlib, and what
the portal's session keeps of it.

Beginning a sign-in stores Authlib's state data (state, nonce, PKCE code verifier, the
redirect URI) in the visitor's session; completing it takes them back out, so a callback
from another browser, a replayed one or a forged one finds no state and is refused. The
session is cycled when the person is signed in (``django.contrib.auth.login``), as for
passwords.
"""

from dataclasses import dataclass

import requests
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from signin import providers
from signin.config import ProviderConfig
from signin.refusals import RefusalReason, SignInRefused, reason_for

# Where to go once signed in (a checked local URL), while a sign-in is under way.
NEXT_KEY = "pip_sso_next"
# The provider a signed-in person came through, and the ID token it gave (the hint its
# sign-out endpoint asks for).
SIGNED_IN_WITH_KEY = "pip_sso"
# After signing out of the portal: the provider whose sign-out to offer, and that hint.
SIGN_OUT_OFFER_KEY = "pip_sso_sign_out"


def _callback_uri(request, provider: ProviderConfig) -> str:
    """Register this (``https://<host>/accounts/sso/<id>/callback/``) with the provider."""
    return request.build_absolute_uri(reverse("sso_callback", kwargs={"provider": provider.id}))


def safe_next(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def sign_in_begin(request, provider: ProviderConfig, *, next_url: str | None) -> str:
    """The provider's authorization URL for a new sign-in, its state kept in the session.

    Raises ``SignInRefused`` (provider unreachable) when the discovery document cannot be
    fetched.
    """
    client = providers.client_for(provider)
    redirect_uri = _callback_uri(request, provider)
    try:
        authorization = client.create_authorization_url(redirect_uri)
    except requests.RequestException:
        raise SignInRefused(RefusalReason.PROVIDER_UNREACHABLE) from None
    client.save_authorize_data(request, redirect_uri=redirect_uri, **authorization)
    if next_url:
        request.session[NEXT_KEY] = next_url
    else:
        request.session.pop(NEXT_KEY, None)
    return authorization["url"]


@dataclass(frozen=True)
class Completed:
    claims: dict  # the ID token's claims, verified by the library
    id_token: str


def sign_in_complete(request, provider: ProviderConfig) -> Completed:
    """Check the callback's state, redeem the code (with the PKCE verifier) and verify the
    ID token; raises ``SignInRefused`` saying what failed."""
    client = providers.client_for(provider)
    try:
        token = client.authorize_access_token(
            request,
            claims_options=providers.claims_options(provider),
            leeway=providers.LEEWAY_SECONDS,
        )
    except Exception as error:
        reason = reason_for(error)
        if reason is None:
            raise
        raise SignInRefused(reason) from error
    claims, id_token = token.get("userinfo"), token.get("id_token")
    if not claims or not isinstance(id_token, str):
        # No ID token, so nothing the library verified: userinfo alone is not trusted.
        raise SignInRefused(RefusalReason.TOKEN_INVALID)
    return Completed(claims=dict(claims), id_token=id_token)


def next_url_pop(request) -> str | None:
    return safe_next(request, request.session.pop(NEXT_KEY, None))


def signed_in_with_keep(request, provider: ProviderConfig, id_token: str) -> None:
    """After ``login``: remember the provider and its ID token for signing out."""
    request.session[SIGNED_IN_WITH_KEY] = {"provider": provider.id, "id_token": id_token}


def signed_in_with(request) -> dict | None:
    held = request.session.get(SIGNED_IN_WITH_KEY)
    return held if isinstance(held, dict) else None


def sign_out_offer_keep(request, held: dict) -> None:
    """After the portal session has ended: keep what the sign-out page needs to offer the
    provider's own sign-out."""
    request.session[SIGN_OUT_OFFER_KEY] = held


@dataclass(frozen=True)
class SignOutOffer:
    provider: ProviderConfig
    # The provider's RP-initiated logout URL; None where it has no end_session_endpoint.
    url: str | None


def sign_out_offer(request) -> SignOutOffer | None:
    """The provider sign-out to offer someone who has just signed out of the portal."""
    held = request.session.get(SIGN_OUT_OFFER_KEY)
    if not isinstance(held, dict):
        return None
    provider = next((p for p in providers.configured() if p.id == held.get("provider")), None)
    if provider is None:
        return None
    try:
        endpoint = providers.end_session_endpoint(provider)
    except requests.RequestException:
        endpoint = None
    if endpoint is None:
        return SignOutOffer(provider=provider, url=None)
    logout = providers.client_for(provider).create_logout_url(
        post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
        id_token_hint=held.get("id_token") or None,
        client_id=provider.client_id,
    )
    return SignOutOffer(provider=provider, url=logout["url"])
