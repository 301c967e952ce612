"""Invitations: inviting by email, the single-use personal link, resending and reminders.

The link carries a random token of 256 bits (``secrets.token_urlsafe(32)``); only its
SHA-256 is stored. Every email sends a fresh token, so the newest email's link is the one
that works. A link works once, and never after the round closes.

A link never signs anyone in. Using it makes the visitor a session invitee
(``assessments.invitees``) who answers that one area round as a passwordless identity kept
for the address in that area. An address whose account signs in by itself (a password,
single sign-on, any role beyond respondent, administrator rights, or switched off) never
gets a working link: a link would answer as that account without its password or sign-in
throttling. It is asked to sign in instead, and given the respondent role in the area.

Emails go through Celery. ``Invitation.sent_at`` is empty while an email is owed: the task
claims the row under a lock, so a retry or a double delivery never sends twice, and the
reminder sweep picks up invitations whose task never reached the broker.
"""

import datetime
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.emails import send_templated_email
from assessments.models import (
    AreaRound,
    AreaRoundStatus,
    Invitation,
    Response,
    ResponseStatus,
)
from assessments.services.rounds import (
    area_round_closes_at,
    area_round_is_open,
    area_round_touch,
)
from common.queueing import task_send_on_commit
from partnerships.models import Role, Sector
from partnerships.selectors import role_map_get
from partnerships.services import respondent_membership_ensure
from signin.selectors import signs_in_with_provider

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
MAX_EMAILS_PER_PASTE = 500
# An invitation still unsent this long after it was made lost its task: send it again.
PENDING_GRACE = datetime.timedelta(minutes=10)
# A coordinator's "remind" skips anyone reminded more recently than this.
MANUAL_REMINDER_GAP = datetime.timedelta(hours=20)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token})


def sign_in_link(area_round: AreaRound) -> str:
    """The sign-in page, going on to the area round's assessment once signed in."""
    start = reverse(
        "assessment_start", kwargs={"area": area_round.area.slug, "round": area_round.round.slug}
    )
    return f"{settings.SITE_URL}{reverse('login')}?{urlencode({'next': start})}"


# --- whose address ----------------------------------------------------------------------


@dataclass(frozen=True)
class AddressAccounts:
    """The accounts at an invitation's address, as its link sees them."""

    # An account that signs in by itself: the address never gets a working link.
    signs_in: object | None
    # The passwordless identity the area's links answer as, if the address has one yet.
    identity: object | None


def _is_passwordless_person(user) -> bool:
    """Active, without a password, without administrator rights, never signed in through
    an OpenID provider (such an account signs in by itself)."""
    return (
        user.is_active
        and not (user.is_staff or user.is_superuser)
        and not user.has_usable_password()
        and not signs_in_with_provider(user)
    )


def _signs_in_by_itself(user, roles: set[tuple[str, int | None]]) -> bool:
    """A password, any role but respondent (coordinator, sponsor), administrator rights,
    or switched off: such an account answers only by signing in."""
    if not _is_passwordless_person(user):
        return True
    return any(role != Role.RESPONDENT for role, _area_id in roles)


def _accounts_at(invitation: Invitation) -> AddressAccounts:
    """The accounts with the invitation's address (any letter case), and the account the
    invitation already names (its address may have changed since).

    Of several that sign in by themselves, one that can (active, with a password) is named
    first. An identity is a passwordless account whose only roles are respondent in this
    area: one that answers in another area too is never reused here, so no link of one area
    answers as a person of another.
    """
    users = list(get_user_model().objects.filter(email__iexact=invitation.email).order_by("pk"))
    if invitation.user_id is not None and invitation.user_id not in {u.pk for u in users}:
        users.insert(0, invitation.user)
    roles = role_map_get(user_ids=[user.pk for user in users])
    signs_in = [user for user in users if _signs_in_by_itself(user, roles[user.pk])]
    signs_in.sort(key=lambda user: not (user.is_active and user.has_usable_password()))
    area_id = invitation.area_round.area_id
    identities = [
        user
        for user in users
        if user not in signs_in
        and roles[user.pk]
        and roles[user.pk] <= {(Role.RESPONDENT.value, area_id)}
    ]
    identities.sort(key=lambda user: user.pk != invitation.user_id)
    return AddressAccounts(
        signs_in=signs_in[0] if signs_in else None,
        identity=identities[0] if identities else None,
    )


# --- inviting ---------------------------------------------------------------------------


@dataclass
class InviteOutcome:
    invited: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


_SEPARATORS = re.compile(r"[\s,;]+")


def parse_email_list(text: str) -> tuple[list[str], list[str]]:
    """Split pasted addresses (by lines, commas, semicolons or spaces) into good and bad.

    ``Name <address>`` is accepted; duplicates are dropped; order is kept.
    """
    text = re.sub(r"[^<>\n,;]*<([^<>]*)>", r" \1 ", text or "")
    good, bad = [], []
    for item in _SEPARATORS.split(text):
        item = item.strip()
        if not item:
            continue
        try:
            validate_email(item)
        except ValidationError:
            if item not in bad:
                bad.append(item)
            continue
        email = item.lower()
        if email not in good:
            good.append(email)
    return good, bad


@transaction.atomic
def invitations_create(
    *, area_round: AreaRound, emails_text: str, sector: str, invited_by=None
) -> InviteOutcome:
    """Invite everyone in a pasted list. Bad addresses are listed back; good ones are still
    invited; people already invited to this round are listed and left alone."""
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose the sector of the people you invite.")})
    if not area_round_is_open(area_round):
        raise ValidationError(_("Open the round before inviting people."), code="not_open")
    good, bad = parse_email_list(emails_text)
    if len(good) + len(bad) > MAX_EMAILS_PER_PASTE:
        raise ValidationError(
            _("Paste at most %(n)s addresses at a time.") % {"n": MAX_EMAILS_PER_PASTE}
        )
    outcome = InviteOutcome(rejected=bad)
    existing = set(
        Invitation.objects.filter(area_round=area_round, email__in=good).values_list(
            "email", flat=True
        )
    )
    expires_at = area_round_closes_at(area_round)
    new = []
    for email in good:
        if email in existing:
            outcome.already_invited.append(email)
            continue
        invitation = Invitation(
            area_round=area_round,
            email=email,
            sector=sector,
            # Replaced by the token in the first email; this one is never sent.
            token_hash=_new_token()[1],
            expires_at=expires_at,
            invited_by=invited_by,
        )
        invitation.full_clean(exclude=["area_round", "invited_by", "user", "token_hash"])
        new.append(invitation)
        outcome.invited.append(email)
    Invitation.objects.bulk_create(new)
    if new:
        area_round_touch(area_round_id=area_round.pk)  # bulk_create sends no signals
    from assessments.tasks import send_invitation

    ids = Invitation.objects.filter(area_round=area_round, email__in=outcome.invited).values_list(
        "pk", flat=True
    )
    for invitation_id in ids:
        task_send_on_commit(send_invitation, invitation_id)
    return outcome


def invitation_send(*, invitation_id: int) -> bool:
    """Send an owed invitation email: a fresh link, or for an address whose account signs in
    by itself, the sign-in page (``_next_email``). Returns False if nothing was owed
    (already sent by another delivery of the task, or the round is no longer open)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("area_round__area", "area_round__round", "user")
            .filter(pk=invitation_id, sent_at__isnull=True)
            .first()
        )
        if invitation is None or not area_round_is_open(invitation.area_round):
            return False
        context = _next_email(invitation)
        invitation.used_at = None
        invitation.sent_at = timezone.now()
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "user", "used_at", "sent_at", "send_count"])
        # Sent inside the transaction: if the mail server refuses, the row stays owed.
        send_templated_email(template="invitation", to=invitation.email, context=context)
    return True


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> None:
    """Send the invitation again with a new link (the old link stops working)."""
    if not area_round_is_open(invitation.area_round):
        raise ValidationError(_("The round is not open."), code="not_open")
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
    from assessments.tasks import send_invitation

    task_send_on_commit(send_invitation, invitation.pk)


def _next_email(invitation: Invitation) -> dict:
    """What the next email to the invitation's address says; replaces its link (earlier
    links stop working) and returns the email's context.

    The email carries the personal link (``link``), unless the address belongs to an account
    that signs in by itself: then it carries the sign-in page (``sign_in_link``) and no
    working link, the invitation records that account, and the account is made a respondent
    in the area so it can answer once signed in.
    """
    area_round = invitation.area_round
    token, invitation.token_hash = _new_token()
    context = {
        "area": area_round.area,
        "round": area_round.round,
        "area_round": area_round,
        "closes": area_round.closes,
    }
    account = _accounts_at(invitation).signs_in
    if account is None:
        return {**context, "link": invitation_link(token)}
    respondent_membership_ensure(user=account, area=area_round.area, sector=invitation.sector)
    invitation.user = account
    return {**context, "sign_in_link": sign_in_link(area_round)}


# --- reminders --------------------------------------------------------------------------


def invitations_not_submitted(area_round: AreaRound):
    """Sent invitations whose person has not submitted a response for the round."""
    submitted = Response.objects.filter(
        area_round=OuterRef("area_round"), status=ResponseStatus.SUBMITTED
    ).filter(Q(invitation=OuterRef("pk")) | Q(user=OuterRef("user"), user__isnull=False))
    return Invitation.objects.filter(area_round=area_round, sent_at__isnull=False).exclude(
        Exists(submitted)
    )


def invitation_remind(*, invitation_id: int, mark: int | None = None) -> bool:
    """Remind one person who has not submitted, with a fresh link (or the sign-in page, as
    ``invitation_send`` decides).

    ``mark`` is the schedule's days-before-close mark; each mark is sent at most once.
    A manual reminder (no mark) is skipped if the person was reminded very recently.
    """
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("area_round__area", "area_round__round", "user")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not area_round_is_open(invitation.area_round):
            return False
        if not invitations_not_submitted(invitation.area_round).filter(pk=invitation.pk).exists():
            return False
        if mark is not None:
            if mark in invitation.reminders_sent:
                return False
            invitation.reminders_sent = sorted({*invitation.reminders_sent, mark}, reverse=True)
        elif invitation.last_reminded_at and now - invitation.last_reminded_at < (
            MANUAL_REMINDER_GAP
        ):
            return False
        context = _next_email(invitation)
        invitation.used_at = None
        invitation.last_reminded_at = now
        invitation.save(
            update_fields=["token_hash", "user", "used_at", "last_reminded_at", "reminders_sent"]
        )
        send_templated_email(template="reminder", to=invitation.email, context=context)
    return True


def reminders_queue(*, area_round: AreaRound) -> int:
    """A coordinator's "remind": queue a reminder for everyone invited who has not submitted."""
    if not area_round_is_open(area_round):
        raise ValidationError(_("The round is not open."), code="not_open")
    from assessments.tasks import send_reminder

    ids = list(invitations_not_submitted(area_round).values_list("pk", flat=True))
    with transaction.atomic():
        for invitation_id in ids:
            task_send_on_commit(send_reminder, invitation_id)
    return len(ids)


def due_mark(*, area_round: AreaRound, today: datetime.date, marks: list[int]) -> int | None:
    """The schedule mark reached today (the smallest mark not above the days left)."""
    days_left = (area_round.closes - today).days
    reached = [m for m in marks if 0 <= days_left <= m]
    return min(reached) if reached else None


def reminders_send_due(*, today: datetime.date | None = None) -> int:
    """The beat task's work: send scheduled reminders, and owed invitations whose task was
    lost. Returns the number of emails sent. One failure does not stop the sweep."""
    today = today or timezone.localdate()
    marks = sorted(settings.REMINDER_DAYS_BEFORE_CLOSE)
    sent = 0
    open_rounds = AreaRound.objects.filter(
        status=AreaRoundStatus.OPEN, opens__lte=today, closes__gte=today
    )
    stale = Invitation.objects.filter(
        area_round__in=open_rounds,
        sent_at__isnull=True,
        created_at__lt=timezone.now() - PENDING_GRACE,
    ).values_list("pk", flat=True)
    for invitation_id in list(stale):
        sent += _try(invitation_send, invitation_id=invitation_id)
    if not marks:
        return sent
    for area_round in open_rounds.filter(closes__lte=today + datetime.timedelta(days=marks[-1])):
        mark = due_mark(area_round=area_round, today=today, marks=marks)
        if mark is None:
            continue
        for invitation in invitations_not_submitted(area_round).only("pk", "reminders_sent"):
            if mark in invitation.reminders_sent:
                continue
            sent += _try(invitation_remind, invitation_id=invitation.pk, mark=mark)
    return sent


def _try(service, **kwargs) -> int:
    try:
        return int(bool(service(**kwargs)))
    except Exception:
        logger.exception("%s failed for %r", service.__name__, kwargs)
        return 0


# --- accepting --------------------------------------------------------------------------


class InvitationProblem(models.TextChoices):
    UNKNOWN = "unknown", gettext_lazy("not recognised")
    USED = "used", gettext_lazy("already used")
    EXPIRED = "expired", gettext_lazy("expired")
    SIGN_IN_ACCOUNT = "sign_in_account", gettext_lazy("for an account that signs in")


class InvitationInvalid(Exception):
    def __init__(self, problem: InvitationProblem, invitation: Invitation | None = None):
        super().__init__(problem)
        self.problem = problem
        self.invitation = invitation


def invitation_is_live(invitation: Invitation, *, now: datetime.datetime) -> bool:
    """Whether the invitation's link, and a session invitee holding it, may still be used
    for answering: not expired, and its area round open."""
    return invitation.expires_at > now and area_round_is_open(invitation.area_round)


def _check(invitation: Invitation | None, now) -> AddressAccounts:
    """The accounts at a link's address, if the link can still be used (else
    InvitationInvalid)."""
    if invitation is None:
        raise InvitationInvalid(InvitationProblem.UNKNOWN)
    if invitation.used_at is not None:
        raise InvitationInvalid(InvitationProblem.USED, invitation)
    if not invitation_is_live(invitation, now=now):
        raise InvitationInvalid(InvitationProblem.EXPIRED, invitation)
    accounts = _accounts_at(invitation)
    if accounts.signs_in is not None:
        raise InvitationInvalid(InvitationProblem.SIGN_IN_ACCOUNT, invitation)
    return accounts


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation a link points at, if it can still be used (else InvitationInvalid)."""
    invitation = (
        Invitation.objects.select_related("area_round__area", "area_round__round", "user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    _check(invitation, timezone.now())
    return invitation


def invitation_get_for_invitee(*, invitation_id: int, link_hash: str) -> Invitation | None:
    """The invitation a session invitee holds, with its area round and identity, while the
    invitee may still answer: the link it was accepted with is still the invitation's newest
    (a resend or reminder replaces it), the invitation is live (``invitation_is_live``), and
    its identity is still an active account without a password or administrator rights.
    """
    invitation = (
        Invitation.objects.select_related("area_round__area", "area_round__round", "user")
        .filter(pk=invitation_id, token_hash=link_hash, user__isnull=False)
        .first()
    )
    if invitation is None or not invitation_is_live(invitation, now=timezone.now()):
        return None
    return invitation if _is_passwordless_person(invitation.user) else None


# Characters Django's username validator refuses (an address may hold ' ! # $ % & * / = ? ^
# ` { | } ~, as in o'brien@example.org).
_NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")


def _unique_username(email: str) -> str:
    """A free username for a person an invitation creates: their address (refused
    characters made "_") where it fits and is free, else its first 130 characters and a
    random suffix. Never shown and never typed: the person signs in by link."""
    user_model = get_user_model()
    base = _NOT_IN_USERNAMES.sub("_", email)
    candidate = base[:140]
    while user_model.objects.filter(username=candidate).exists():
        candidate = f"{base[:130]}-{secrets.token_hex(4)}"
    return candidate


@transaction.atomic
def invitation_accept(*, token: str) -> Invitation:
    """Use an invitation link: mark it used and return it, with ``user`` set to the identity
    its answers are stored under. Nobody is signed in: the caller holds the invitation in
    the visitor's session (``assessments.invitees``).

    The identity is the address's passwordless identity in this area, or a new one (without
    a password) when it has none; it is made a respondent in the area with the invitation's
    sector. An address whose account signs in by itself is refused (``SIGN_IN_ACCOUNT``).
    """
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("area_round__area", "area_round__round", "user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    user = _check(invitation, now).identity
    if user is None:
        user_model = get_user_model()
        user = user_model(username=_unique_username(invitation.email), email=invitation.email)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    respondent_membership_ensure(
        user=user, area=invitation.area_round.area, sector=invitation.sector
    )
    invitation.user = user
    invitation.used_at = now
    invitation.save(update_fields=["user", "used_at"])
    return invitation
