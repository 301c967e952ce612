from django.conf import settings

from pip_portal.navigation import nav_link_list
from pip_portal.sessions import session_seconds_left


def portal(request):
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return {
        "nav_links": nav_link_list(user=user, path=request.path) if user is not None else [],
        # What is left of this session (extended, if due, before the view ran), and the
        # full age that "Stay signed in" gives it.
        "session_timeout_seconds": (
            session_seconds_left(session) if session is not None else settings.SESSION_COOKIE_AGE
        ),
        "session_age_seconds": settings.SESSION_COOKIE_AGE,
        "support_email": settings.SUPPORT_EMAIL,
    }
