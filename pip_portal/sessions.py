"""Database sessions that report a lost database connection as the server fault it is.

Django's database session store turns any database error while saving into
``UpdateError`` ("the session was deleted"), which the middleware answers with 400. When
the database itself is unreachable (a restart, a failover) that tells the person the
fault was theirs and hides it from monitoring: re-raise it so the request answers 500.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from None
            raise
