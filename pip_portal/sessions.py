"""Database sessions: reported faults, and an expiry extended without a write per request.

Django's database session store turns any database error while saving into
``UpdateError`` ("the session was deleted"), which the middleware answers with 400. When
the database itself is unreachable (a restart, a failover) that tells the person the
fault was theirs and hides it from monitoring: re-raise it so the request answers 500.

A session is not saved on every request (``SESSION_SAVE_EVERY_REQUEST`` is off). Instead
it records when it was last extended (``EXTENDED_AT``, epoch seconds): at sign-in, by
``session_keepalive``, and by ``SessionRefreshMiddleware`` once ``SESSION_REFRESH_SECONDS``
have passed. Each extension marks the session modified, so Django saves it and pushes its
expiry (database row and cookie) to now + ``SESSION_COOKIE_AGE``. A session is therefore
written at most once per ``SESSION_REFRESH_SECONDS`` of activity, and ends at most
``SESSION_COOKIE_AGE`` after its last extension: what ``session_seconds_left`` tells the
page and the ``X-Session-Expires-In`` response header tell the browser.
"""

import math
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver

EXTENDED_AT = "_extended_at"
EXPIRES_IN_HEADER = "X-Session-Expires-In"


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from None
            raise


def session_extend(session) -> None:
    """Extend the session now: Django saves it with its expiry at now + SESSION_COOKIE_AGE."""
    session[EXTENDED_AT] = time.time()


def session_seconds_left(session) -> int:
    """Whole seconds (rounded up, as a countdown shows them, never below 0) until the
    session expires; ``SESSION_COOKIE_AGE`` for a session never extended."""
    extended_at = session.get(EXTENDED_AT)
    if extended_at is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, math.ceil(extended_at + settings.SESSION_COOKIE_AGE - time.time()))


def _is_stored(session) -> bool:
    # A visitor without a session cookie has no key: nothing is loaded, nothing created.
    # Loading an expired or unknown key leaves no key and no data.
    return session.session_key is not None and bool(session.keys())


class SessionRefreshMiddleware:
    """Extends a stored session once ``SESSION_REFRESH_SECONDS`` have passed since its
    last extension (a session never extended: at once), and tells a signed-in browser in
    ``X-Session-Expires-In`` how many seconds its session has left.

    Listed after ``SessionMiddleware``, so that middleware saves what this one modified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if _is_stored(session):
            extended_at = session.get(EXTENDED_AT)
            if extended_at is None or time.time() - extended_at > settings.SESSION_REFRESH_SECONDS:
                session_extend(session)
        response = self.get_response(request)
        # Not after a 5xx: SessionMiddleware does not save the session then. A session
        # flushed by the view (signing out) has no key; without one, nothing is loaded.
        signed_in = session.session_key is not None and SESSION_KEY in session
        if response.status_code < 500 and signed_in:
            response[EXPIRES_IN_HEADER] = str(session_seconds_left(session))
        return response


@receiver(user_logged_in, dispatch_uid="session_extend_on_sign_in")
def extend_session_on_sign_in(sender, request, user, **kwargs):
    # Signing in saves the session anyway: the first requests after it need not.
    session = getattr(request, "session", None)
    if session is not None:
        session_extend(session)
