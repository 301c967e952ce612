"""Security middleware and log filters (imported by the logging set-up: no models here).

- ``RefusedAccessLogMiddleware`` logs every refused request to ``pip_portal.security``.
- ``NonceOnEveryPageMiddleware`` gives every response's Content-Security-Policy a nonce,
  so any page may carry a nonced ``<script>`` or ``<style>`` and nothing else inline runs.
- ``PrivatePagesMiddleware`` marks every response to a signed-in person
  ``Cache-Control: private, no-store``: dashboards, API answers and exports carry
  confidential figures that no shared cache, and no browser disk cache, may keep.
- ``RedactTokensFilter`` takes invitation tokens out of log lines that quote a path
  (Django logs "Not Found: /invite/<token>/" for a bad link).
"""

import logging
import re

from django.utils.cache import patch_cache_control

from common.security_log import client_address

logger = logging.getLogger("pip_portal.security")

REFUSED_STATUSES = frozenset({401, 403, 404, 405, 410})
_TOKEN_IN_PATH = re.compile(r"(/invite/)[^/\s?#\"']+")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1[redacted]", text)


def route_of(request) -> str:
    """The URL pattern a request matched (``invite/<str:token>/``), not its path.

    An unmatched path is reduced to its first segment: whatever follows could be a token.
    """
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return match.route
    first = (request.path_info or "/").lstrip("/").split("/", 1)[0][:40]
    return f"{first}/… (no match)" if first else "/"


class RefusedAccessLogMiddleware:
    """Log every refused request (401, 403, 404, 405, 410) with who asked and the route
    pattern, never the path. Placed after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES:
            user = getattr(request, "user", None)
            who = f"user={user.pk}" if user is not None and user.is_authenticated else "anonymous"
            logger.warning(
                "access refused status=%s %s method=%s route=%s address=%s",
                response.status_code,
                who,
                request.method,
                route_of(request),
                client_address(request),
            )
        return response


class NonceOnEveryPageMiddleware:
    """Make the CSP middleware put a nonce in every response's policy (django-csp 4 adds
    one only when a template asked for it). Must come after ``csp.middleware.CSPMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            str(nonce)
        return self.get_response(request)


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RedactTokensFilter(logging.Filter):
    """Rewrite a record's message without invitation tokens (always lets it through)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
