"""OIDC_PROVIDERS: read once at start-up, every mistake named (signin.config)."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from signin.config import ProviderConfig, providers_parse
from tests.foundation.test_settings import PRODUCTION_ENV, run_manage

ENTRA = {
    "id": "waltham-forest",
    "name": "Waltham Forest Council",
    "issuer": "https://login.microsoftonline.com/0b0c0d0e-0000-4000-8000-000000000001/v2.0",
    "client_id": "6f1c-client",
    "client_secret": "s3cret-value",
    "domains": ["WalthamForest.gov.uk", "lbwf.gov.uk"],
    "email_verified_claim": "xms_edov",
}
OTHER = {
    "id": "bassetlaw",
    "issuer": "https://idp.bassetlaw.gov.uk/",
    "client_id": "pip",
    "client_secret": "other-secret",
    "domains": ["bassetlaw.gov.uk"],
    "token_auth_method": "client_secret_post",
}


def _parse(*entries):
    return providers_parse(json.dumps(list(entries)))


def test_no_value_means_no_providers():
    assert providers_parse("") == ()
    assert providers_parse("   ") == ()


def test_several_councils_are_read_with_their_defaults():
    entra, other = _parse(ENTRA, OTHER)
    assert entra == ProviderConfig(
        id="waltham-forest",
        name="Waltham Forest Council",
        issuer=ENTRA["issuer"],
        client_id="6f1c-client",
        client_secret="s3cret-value",
        domains=("walthamforest.gov.uk", "lbwf.gov.uk"),
        email_verified_claim="xms_edov",
        token_auth_method="client_secret_basic",
    )
    # The issuer is kept exactly (its trailing slash is part of what tokens must name).
    assert other.issuer == "https://idp.bassetlaw.gov.uk/"
    assert other.name == "bassetlaw" and other.email_verified_claim == "email_verified"
    assert other.token_auth_method == "client_secret_post"


def test_the_secret_is_never_in_its_repr():
    (entra,) = _parse(ENTRA)
    assert "s3cret" not in repr(entra) and "s3cret" not in str(entra)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "OIDC_PROVIDERS: is not valid JSON"),
        (json.dumps(ENTRA), "must be a JSON list"),
        (json.dumps(["x"]), "OIDC_PROVIDERS[0]: must be an object"),
        (json.dumps([{**ENTRA, "client_id": ""}]), "OIDC_PROVIDERS[0].client_id: is missing"),
        (json.dumps([{**ENTRA, "client_secret": 7}]), "client_secret: must be a string, not int"),
        (json.dumps([{**ENTRA, "id": "Waltham Forest"}]), "[0].id: 'Waltham Forest' must be"),
        (json.dumps([{**ENTRA, "issuer": "http://idp.example.org"}]), "is not an https:// URL"),
        (json.dumps([{**ENTRA, "issuer": "https://idp.example.org?x=1"}]), "no query"),
        (json.dumps([{**ENTRA, "domains": []}]), "[0].domains: must be a non-empty list"),
        (json.dumps([{**ENTRA, "domains": ["gov uk"]}]), "'gov uk' is not a domain name"),
        (json.dumps([{**ENTRA, "secret": "x"}]), "[0]: unknown key 'secret'"),
        (json.dumps([{**ENTRA, "token_auth_method": "none"}]), "token_auth_method: must be one"),
        (json.dumps([ENTRA, {**OTHER, "id": ENTRA["id"]}]), "[1].id: 'waltham-forest' is used"),
        (
            json.dumps([ENTRA, {**OTHER, "domains": ["lbwf.gov.uk"]}]),
            "[1].domains: 'lbwf.gov.uk' already belongs to provider 'waltham-forest'",
        ),
    ],
)
def test_a_bad_value_is_refused_by_name(raw, message):
    with pytest.raises(ImproperlyConfigured) as error:
        providers_parse(raw)
    assert message in str(error.value)
    assert "docs/sign-in.md" in str(error.value)


def test_http_is_allowed_on_the_loopback_address_only():
    (local,) = _parse({**ENTRA, "issuer": "http://127.0.0.1:8080"})
    assert local.issuer == "http://127.0.0.1:8080"


def test_a_bad_value_stops_start_up():
    env = {**PRODUCTION_ENV, "OIDC_PROVIDERS": json.dumps([{**ENTRA, "domains": "lbwf.gov.uk"}])}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "OIDC_PROVIDERS[0].domains: must be a non-empty list" in result.stderr


def test_a_good_value_starts(tmp_path):
    env = {**PRODUCTION_ENV, "OIDC_PROVIDERS": json.dumps([ENTRA, OTHER])}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode == 0, result.stderr
