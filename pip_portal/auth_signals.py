"""Security events: sign-ins, failed sign-ins, lockouts and refused access.

Everything goes to the ``pip_portal.security`` logger. A log line names an account by its
id (or "unknown account"), the client address and the *route pattern* of the request —
never the path itself, because paths carry invitation tokens — and never a password,
token or session id.

Refused access is logged by ``pip_portal.security.RefusedAccessLogMiddleware``.
Deactivating an account also ends its sessions, so a person removed from the portal is
signed out everywhere at once (``User.objects.update()`` bypasses this; use ``save()``).
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from common.security_log import client_address

logger = logging.getLogger("pip_portal.security")


def _account(username) -> str:
    if not username:
        return "unknown account"
    user = get_user_model().objects.filter(username=username).only("pk").first()
    return f"user={user.pk}" if user else "unknown account"


@receiver(user_logged_in, dispatch_uid="security_log_sign_in")
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in succeeded user=%s address=%s", user.pk, client_address(request))


@receiver(user_logged_out, dispatch_uid="security_log_sign_out")
def log_sign_out(sender, request, user, **kwargs):
    logger.info("sign-out user=%s address=%s", getattr(user, "pk", None), client_address(request))


@receiver(user_login_failed, dispatch_uid="security_log_sign_in_failed")
def log_sign_in_failed(sender, credentials, request=None, **kwargs):
    # The username someone typed may be a mistyped password: log the account, not the text.
    logger.warning(
        "sign-in failed %s address=%s",
        _account((credentials or {}).get("username")),
        client_address(request),
    )


def _log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "sign-in locked out after repeated failures %s address=%s",
        _account(username),
        ip_address or client_address(request),
    )


try:
    from axes.signals import user_locked_out
except ImportError:  # pragma: no cover - axes is a dependency; kept optional for tooling
    pass
else:
    user_locked_out.connect(_log_lockout, dispatch_uid="security_log_lockout")


# --- deactivated accounts lose their sessions --------------------------------------------


@receiver(pre_save, sender=get_user_model(), dispatch_uid="security_note_deactivation")
def _note_deactivation(sender, instance, **kwargs):
    instance._pip_was_active = (
        instance.pk is not None and sender.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=get_user_model(), dispatch_uid="security_end_sessions")
def end_sessions_of_deactivated_user(sender, instance, created, **kwargs):
    if created or instance.is_active or not getattr(instance, "_pip_was_active", False):
        return
    ended = sessions_end_for(user=instance)
    logger.info("account deactivated user=%s sessions ended=%s", instance.pk, ended)


def sessions_end_for(*, user) -> int:
    """Delete every live session of one person. Returns how many were ended."""
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(user.pk):
            doomed.append(session.pk)
    if doomed:
        Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)
