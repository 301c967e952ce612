"""The session invitee: a visitor who pressed "Continue" on a personal invitation link.

A link never signs anyone in. Pressing Continue holds the invitation in the visitor's
session instead (``invitee_session_begin``); the respondent pages of that one area round
then answer as the invitation's passwordless identity (``partnerships.access.answerer_for``)
and every other view still sees an anonymous visitor (``request.user``).

The session keeps the invitation's id and the hash of the link it was accepted with, and
every request checks them again (``invitation_get_for_invitee``): the invitee lapses when the
round closes or a newer email replaces the link. Signing in or out ends it.
"""

from dataclasses import dataclass

from django.middleware.csrf import rotate_token

from assessments.models import AreaRound, Invitation
from assessments.services.invitations import invitation_get_for_invitee

SESSION_KEY = "pip_invitee"


@dataclass(frozen=True)
class Invitee:
    invitation_id: int
    link_hash: str
    area_round: AreaRound
    # The passwordless identity the invitee's answers are stored under; never signed in.
    user: object

    @property
    def area_round_id(self) -> int:
        return self.area_round.pk


def invitee_session_data(invitation: Invitation) -> dict:
    """What the session holds for an accepted invitation (to ``update`` it with)."""
    return {SESSION_KEY: {"invitation": invitation.pk, "link_hash": invitation.token_hash}}


def invitee_session_begin(request, invitation: Invitation) -> None:
    """Hold an accepted invitation in the session. A new session key and CSRF token first,
    as at sign-in, so a session id or token planted before the link was used is no good."""
    request.session.cycle_key()
    rotate_token(request)
    request.session.update(invitee_session_data(invitation))


def invitee_session_end(session) -> None:
    session.pop(SESSION_KEY, None)


def invitee_of(request) -> Invitee | None:
    """The session's invitee while its invitation still holds, else None; always None for a
    signed-in person (their own account answers). A lapsed invitee leaves the session."""
    if request.user.is_authenticated:
        return None
    data = request.session.get(SESSION_KEY)
    if data is None:
        return None
    invitation = None
    if isinstance(data, dict) and isinstance(data.get("invitation"), int):
        invitation = invitation_get_for_invitee(
            invitation_id=data["invitation"], link_hash=str(data.get("link_hash", ""))
        )
    if invitation is None:
        invitee_session_end(request.session)
        return None
    return Invitee(
        invitation_id=invitation.pk,
        link_hash=invitation.token_hash,
        area_round=invitation.area_round,
        user=invitation.user,
    )
