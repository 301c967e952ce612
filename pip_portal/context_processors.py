from django.conf import settings

from partnerships.selectors import nav_links_for


def portal(request):
    user = getattr(request, "user", None)
    return {
        "nav_links": nav_links_for(user, request.path) if user is not None else [],
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "support_email": settings.SUPPORT_EMAIL,
    }
