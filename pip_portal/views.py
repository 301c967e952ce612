"""Site-wide pages: home, health check, session keep-alive, statements."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from kombu import Connection

from assessments.selectors import home_area_list
from pip_portal.sessions import session_extend
from reports import presenters

logger = logging.getLogger(__name__)


@login_required
def home(request):
    return render(request, "pages/home.html", {"links": home_area_list(user=request.user)})


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("health: database did not answer", exc_info=True)
        return False


def _broker_answers() -> bool | None:
    """None when no broker is configured (tasks run in-process)."""
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.warning("health: broker did not answer", exc_info=True)
        return False


@never_cache
@require_GET
def health(request):
    """Whether the database and the broker answer; nothing else is revealed."""
    database = _database_answers()
    broker = _broker_answers()
    healthy = database and broker is not False
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "down",
        "broker": {None: "not configured", True: "ok", False: "down"}[broker],
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_POST
@login_required
def session_keepalive(request):
    # Ordinary requests extend the session at most once per SESSION_REFRESH_SECONDS; this
    # one extends it now, so it is saved with its expiry at now + SESSION_COOKIE_AGE.
    session_extend(request.session)
    return HttpResponse(status=204)


def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact_email": settings.SUPPORT_EMAIL})


def privacy(request):
    context = {"contact_email": settings.SUPPORT_EMAIL, "minimum": presenters.group_minimum()}
    return render(request, "pages/privacy.html", context)
