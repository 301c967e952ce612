"""Content-Security-Policy with a nonce on every page; production cookie, HSTS and proxy
settings."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.foundation.test_settings import PRODUCTION_ENV, run_manage

NONCE = re.compile(r"'nonce-[A-Za-z0-9+/=]{16,}'")


def _policy(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize("name", ["login", "accessibility", "privacy", "health"])
def test_public_pages_carry_a_strict_policy_with_a_nonce(db, name):
    policy = _policy(Client().get(reverse(name)))
    assert NONCE.search(policy), policy
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_each_response_gets_its_own_nonce(db):
    first = NONCE.search(_policy(Client().get(reverse("login")))).group()
    second = NONCE.search(_policy(Client().get(reverse("login")))).group()
    assert first != second


def test_signed_in_pages_and_error_pages_carry_the_policy(scene):
    client = Client()
    client.force_login(scene.coordinator_a)
    for url, status in [
        (reverse("home"), 200),
        (reverse("area_profile", kwargs={"area": "area-a"}), 200),
        (reverse("area_profile", kwargs={"area": "area-b"}), 404),
        (reverse("programme_dashboard"), 403),
        ("/no-such-page/", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert NONCE.search(_policy(response)), url


def test_a_nonce_in_a_template_matches_the_header(rf, db):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    request = rf.get("/")
    middleware = CSPMiddleware(lambda r: HttpResponse())
    middleware.process_request(request)
    html = engines["django"].from_string("<script nonce='{{ request.csp_nonce }}'></script>")
    body = html.render({}, request)
    response = middleware.process_response(request, HttpResponse(body))
    nonce = re.search(r"nonce='([^']+)'", body).group(1)
    assert f"'nonce-{nonce}'" in _policy(response)


def test_production_settings_use_secure_cookies_and_hsts():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT',"
        " 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS']}))"
    )
    result = run_manage("shell", "-c", script, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_figures_are_never_kept_by_a_cache(scene):
    """Dashboards, API answers and exports hold confidential figures: private, no-store."""
    client = Client()
    client.force_login(scene.sponsor)
    published = {"area": scene.area_a.slug, "round": scene.published_round.slug}
    urls = [
        reverse("programme_dashboard"),
        reverse("area_round_dashboard", kwargs=published),
        reverse("api:api_area_round_scores", kwargs=published),
        reverse("api:api_areas"),
        reverse("scores_csv", kwargs={"round": scene.published_round.slug}),
        reverse("scores_xlsx", kwargs={"round": scene.published_round.slug}),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, (url, directives)


_SPOOFED_HTTPS = (
    "import json; from django.conf import settings as s; from django.test import Client;"
    " r = Client(HTTP_HOST='pip-portal.example.gov.uk').get('/health/',"
    " HTTP_X_FORWARDED_PROTO='https');"
    " print(json.dumps({'header': s.SECURE_PROXY_SSL_HEADER, 'status': r.status_code}))"
)


def _plain_http_request_claiming_https(**env) -> dict:
    result = run_manage("shell", "-c", _SPOOFED_HTTPS, env_overrides={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_x_forwarded_proto_is_ignored_unless_a_proxy_is_declared():
    """Without a proxy in front, a client's own X-Forwarded-Proto must not pass a plain
    HTTP request off as HTTPS: it is redirected to HTTPS like any other."""
    answer = _plain_http_request_claiming_https()
    assert answer == {"header": None, "status": 301}


def test_behind_a_proxy_x_forwarded_proto_says_the_request_came_over_https():
    answer = _plain_http_request_claiming_https(BEHIND_PROXY="1")
    assert answer["header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert answer["status"] != 301


def test_a_bad_behind_proxy_value_stops_start_up():
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "BEHIND_PROXY": "maybe"})
    assert result.returncode != 0
    assert "BEHIND_PROXY='maybe' is not a boolean" in result.stderr
