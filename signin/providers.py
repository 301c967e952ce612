"""The configured OpenID providers (``settings.OIDC_PROVIDERS``) and an Authlib client for
each.

Authlib does the protocol: ``state`` kept in the session and checked on the way back,
PKCE (S256), and a ``nonce`` it sends and then requires in the ID token; it verifies the
ID token's signature against the provider's JWKS and its claims (``exp``, ``iat``,
``nbf``). ``claims_options`` pins the issuer to the configured one (not merely the one the
discovery document names) and the audience to our client id; docs/sign-in.md says where in
the library each check happens.
"""

import functools

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import Http404

from signin.config import ProviderConfig

SCOPE = "openid email profile"
# Seconds of clock difference allowed between the provider and us for exp, iat and nbf.
LEEWAY_SECONDS = 60
# Seconds to wait for the provider's discovery document, keys and token endpoint.
TIMEOUT_SECONDS = 10


def configured() -> tuple[ProviderConfig, ...]:
    return getattr(settings, "OIDC_PROVIDERS", ())


def provider_for_email(email: str) -> ProviderConfig | None:
    """The provider whose domains include the address's domain (exactly), if any."""
    _local, at, domain = email.strip().rpartition("@")
    if not at:
        return None
    domain = domain.lower()
    return next((p for p in configured() if domain in p.domains), None)


def provider_or_404(provider_id: str) -> ProviderConfig:
    provider = next((p for p in configured() if p.id == provider_id), None)
    if provider is None:
        raise Http404("No such sign-in provider.")
    return provider


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


@functools.lru_cache(maxsize=64)
def client_for(provider: ProviderConfig):
    """The Authlib client of one provider, built once per process and configuration; it
    keeps the provider's discovery document and keys once fetched (keys are fetched again
    when a token names a key id it does not know, as at a key rotation)."""
    registry = OAuth()
    return registry.register(
        name=f"oidc-{provider.id}",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=f"{provider.issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": provider.token_auth_method,
            "default_timeout": TIMEOUT_SECONDS,
        },
    )


def claims_options(provider: ProviderConfig) -> dict:
    """What the library must find in the ID token besides its own checks: our issuer and
    our client id as audience (Authlib checks ``aud`` only through ``azp`` otherwise)."""
    return {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
    }


def end_session_endpoint(provider: ProviderConfig) -> str | None:
    """The provider's RP-initiated logout endpoint, if its discovery document has one."""
    metadata = client_for(provider).load_server_metadata()
    endpoint = metadata.get("end_session_endpoint")
    if isinstance(endpoint, str) and endpoint.startswith(("https://", "http://")):
        return endpoint
    return None
