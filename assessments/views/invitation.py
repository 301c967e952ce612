"""The personal invitation link."""

from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments.invitees import invitee_of, invitee_session_begin
from assessments.services.invitations import (
    InvitationInvalid,
    InvitationProblem,
    invitation_accept,
    invitation_get_by_token,
    token_hash,
)
from assessments.views.common import round_kwargs
from common.security_log import client_address, security_log

# The field of the "which to continue as" page's button that makes the link's invitee take
# over from whoever the browser is now.
CONTINUE_AS_INVITEE = "continue_as_invitee"


def _invalid_invitation(request, error: InvitationInvalid):
    status = {InvitationProblem.UNKNOWN: 404, InvitationProblem.SIGN_IN_ACCOUNT: 403}.get(
        error.problem, 410
    )
    sign_in_next = None
    if error.problem == InvitationProblem.SIGN_IN_ACCOUNT:
        sign_in_next = reverse(
            "assessment_start", kwargs=round_kwargs(error.invitation.area_round)
        )
    return render(
        request,
        "assessments/invitation_invalid.html",
        {"problem": error.problem, "problems": InvitationProblem, "sign_in_next": sign_in_next},
        status=status,
    )


def _to_start(area_round):
    return redirect("assessment_start", **round_kwargs(area_round))


def _choose_page(request, invitation, signed_in, invitee):
    """Asks someone signed in, or already another invitation's invitee, which to go on as."""
    context = {
        "area_round": invitation.area_round,
        "signed_in": signed_in,
        "invitee": invitee,
        "continue_field": CONTINUE_AS_INVITEE,
    }
    return render(request, "assessments/invitation_choose.html", context)


def _accepted(request, token: str, signed_in):
    """Use the link: the browser becomes its invitee (signing out whoever was signed in)."""
    try:
        invitation = invitation_accept(token=token)
    except InvitationInvalid as error:
        return _invalid_invitation(request, error)
    if signed_in is not None:
        logout(request)
    invitee_session_begin(request, invitation)
    security_log.info(
        "invitation link used invitation=%s address=%s", invitation.pk, client_address(request)
    )
    return _to_start(invitation.area_round)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token: str):
    """A personal invitation link. Showing it does not use it (mail scanners open links);
    pressing "Continue" does, once, and makes the browser the invitation's session invitee
    (``assessments.invitees``) for that area round's assessment. Nobody is signed in.

    Someone signed in, or already the invitee of another invitation, is asked which to
    continue as; only pressing "continue as the invited person" signs them out (or drops
    the other invitation) and uses the link. Nothing switches silently.
    """
    invitee = invitee_of(request)
    if invitee is not None and invitee.link_hash == token_hash(token):
        return _to_start(invitee.area_round)  # their own link again, already in use here
    try:
        invitation = invitation_get_by_token(token=token)
    except InvitationInvalid as error:
        return _invalid_invitation(request, error)
    signed_in = request.user if request.user.is_authenticated else None
    confirmed = request.method == "POST" and CONTINUE_AS_INVITEE in request.POST
    if (signed_in or invitee) and not confirmed:
        return _choose_page(request, invitation, signed_in, invitee)
    if request.method == "GET":
        return render(
            request, "assessments/invitation.html", {"area_round": invitation.area_round}
        )
    return _accepted(request, token, signed_in)
