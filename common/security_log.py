"""The security log: refused requests, sign-ins and invitation links, one line each, for
whoever watches the portal (``LOGGING`` keeps invitation tokens out of it)."""

import logging

security_log = logging.getLogger("pip_portal.security")


def client_address(request) -> str:
    """The address a request came from, as the log records it ("-" without a request)."""
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR") or "-"
