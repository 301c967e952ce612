"""OpenID providers from the environment: ``OIDC_PROVIDERS``, a JSON list of objects.

Read by ``pip_portal.settings`` when the process starts, so a bad value stops start-up
with a message naming the provider, the key and the problem (as the other settings do).
Imports nothing of Django but its exception, because settings are not loaded yet.

One object per provider (a council's Microsoft Entra ID tenant, or any OpenID provider)::

    {"id": "waltham-forest", "name": "Waltham Forest Council",
     "issuer": "https://login.microsoftonline.com/<tenant id>/v2.0",
     "client_id": "...", "client_secret": "...",
     "domains": ["walthamforest.gov.uk"],
     "email_verified_claim": "xms_edov"}

``email_verified_claim`` (default ``email_verified``) names the ID-token claim that must be
``true`` for the email address to be trusted; ``token_auth_method`` is
``client_secret_basic`` (default) or ``client_secret_post``. An email domain belongs to one
provider at most. ``http://`` issuers are refused except on the loopback address (tests).
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

VARIABLE = "OIDC_PROVIDERS"
TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_CLAIM = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
_KEYS = {
    "id",
    "name",
    "issuer",
    "client_id",
    "client_secret",
    "domains",
    "email_verified_claim",
    "token_auth_method",
}
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class ProviderConfig:
    """One configured OpenID provider. Hashable: the client for it is built once."""

    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    domains: tuple[str, ...]
    email_verified_claim: str = "email_verified"
    token_auth_method: str = "client_secret_basic"  # noqa: S105 - a method's name, not a secret

    def __repr__(self) -> str:
        # Never the secret: settings may be printed in an error page or a log.
        return f"ProviderConfig(id={self.id!r}, issuer={self.issuer!r})"


def _fail(where: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{VARIABLE}{where}: {problem} (see docs/sign-in.md).")


def _text(entry: dict, key: str, where: str, *, required: bool = True, default: str = "") -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", f"must be a string, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise _fail(f"{where}.{key}", "is missing or empty")
    return value


def _issuer(entry: dict, where: str) -> str:
    # Kept exactly as written: the ID token's "iss" must equal it, trailing slash and all.
    issuer = _text(entry, "issuer", where)
    parts = urlsplit(issuer)
    loopback_http = parts.scheme == "http" and parts.hostname in _LOOPBACK
    if not (parts.scheme == "https" or loopback_http) or not parts.hostname:
        raise _fail(
            f"{where}.issuer",
            f"{issuer!r} is not an https:// URL (http:// only on the loopback address)",
        )
    if parts.query or parts.fragment:
        raise _fail(f"{where}.issuer", f"{issuer!r} must have no query or fragment")
    return issuer


def _domains(entry: dict, where: str) -> tuple[str, ...]:
    domains = entry.get("domains")
    if not isinstance(domains, list) or not domains:
        raise _fail(f"{where}.domains", "must be a non-empty list of email domains")
    cleaned = []
    for domain in domains:
        if not isinstance(domain, str) or not _DOMAIN.match(domain.strip().lower()):
            raise _fail(f"{where}.domains", f"{domain!r} is not a domain name")
        cleaned.append(domain.strip().lower())
    return tuple(dict.fromkeys(cleaned))


def _provider(entry: object, where: str) -> ProviderConfig:
    if not isinstance(entry, dict):
        raise _fail(where, "must be an object")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise _fail(where, f"unknown key {unknown[0]!r}")
    provider_id = _text(entry, "id", where)
    if not _ID.match(provider_id):
        raise _fail(
            f"{where}.id", f"{provider_id!r} must be lower-case letters, digits and hyphens"
        )
    claim = _text(entry, "email_verified_claim", where, default="email_verified")
    if not _CLAIM.match(claim):
        raise _fail(f"{where}.email_verified_claim", f"{claim!r} is not a claim name")
    method = _text(entry, "token_auth_method", where, default="client_secret_basic")
    if method not in TOKEN_AUTH_METHODS:
        raise _fail(
            f"{where}.token_auth_method", f"must be one of {', '.join(TOKEN_AUTH_METHODS)}"
        )
    return ProviderConfig(
        id=provider_id,
        name=_text(entry, "name", where, required=False) or provider_id,
        issuer=_issuer(entry, where),
        client_id=_text(entry, "client_id", where),
        client_secret=_text(entry, "client_secret", where),
        domains=_domains(entry, where),
        email_verified_claim=claim,
        token_auth_method=method,
    )


def providers_parse(raw: str) -> tuple[ProviderConfig, ...]:
    """The providers ``raw`` (the variable's text) configures; none for an empty value.

    Raises ``ImproperlyConfigured`` for anything else than a valid list: bad JSON, a
    missing or malformed key, a repeated id, or a domain claimed by two providers.
    """
    if not raw.strip():
        return ()
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail("", f"is not valid JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(entries, list):
        raise _fail("", "must be a JSON list of provider objects")
    providers = [_provider(entry, f"[{index}]") for index, entry in enumerate(entries)]
    seen_ids: set[str] = set()
    owners: dict[str, str] = {}
    for index, provider in enumerate(providers):
        if provider.id in seen_ids:
            raise _fail(f"[{index}].id", f"{provider.id!r} is used by another provider")
        seen_ids.add(provider.id)
        for domain in provider.domains:
            if domain in owners:
                raise _fail(
                    f"[{index}].domains",
                    f"{domain!r} already belongs to provider {owners[domain]!r}",
                )
            owners[domain] = provider.id
    return tuple(providers)
