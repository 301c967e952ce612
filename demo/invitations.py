"""Demo data: invitations whose links can be printed, without sending email."""

from django.db import transaction
from django.utils import timezone

from assessments.models import AreaRound, Invitation
from assessments.services.invitations import _new_token, invitation_link
from assessments.services.rounds import area_round_closes_at


@transaction.atomic
def demo_invitations_create(
    *, area_round: AreaRound, emails: list[str], sector: str
) -> list[tuple[str, str]]:
    """Create (or refresh) invitations for demo respondents, marked as sent, and return
    ``(email, link)`` pairs to print. Each call gives new links; earlier ones stop working."""
    links = []
    for email in emails:
        token, new_hash = _new_token()
        Invitation.objects.update_or_create(
            area_round=area_round,
            email=email.lower(),
            defaults={
                "sector": sector,
                "token_hash": new_hash,
                "expires_at": area_round_closes_at(area_round),
                "sent_at": timezone.now(),
                "used_at": None,
            },
        )
        links.append((email.lower(), invitation_link(token)))
    return links
