"""An area's round: open, close, publish; and whether it accepts answers today."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    PUBLICATION_REASON_MAX_LENGTH,
    AreaRound,
    AreaRoundStatus,
    Invitation,
    Publication,
)
from assessments.scoring import ScoreChangeReason, scores_mark_changed
from common.text_limits import too_long_message


class RoundNotOpen(ValidationError):
    """Raised when answers are posted to a round that is not open today."""

    def __init__(self, message=None):
        super().__init__(message or _("This round is not open for answers."), code="not_open")


def area_round_touch(*, area_round_id: int) -> None:
    """Mark the area round as changed (``updated_at``), so cached dashboards built from it
    are rebuilt: for changes to what it counts that leave its own fields alone."""
    AreaRound.objects.filter(pk=area_round_id).update(updated_at=timezone.now())


def area_round_closes_at(area_round: AreaRound) -> datetime.datetime:
    """The moment the round closes: the end of its closing day, local time."""
    day_after = area_round.closes + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))


def area_round_is_open(area_round: AreaRound, *, today: datetime.date | None = None) -> bool:
    """Open for answers: opened by the coordinator and within its dates."""
    today = today or timezone.localdate()
    return (
        area_round.status == AreaRoundStatus.OPEN
        and area_round.opens <= today <= area_round.closes
    )


def area_round_require_open(area_round: AreaRound) -> None:
    if not area_round_is_open(area_round):
        raise RoundNotOpen()


def _validate_dates(*, area_round: AreaRound, opens: datetime.date, closes: datetime.date):
    programme_round = area_round.round
    errors = {}
    if opens < programme_round.opens:
        errors["opens"] = _("The round cannot open before the programme round (%(date)s).") % {
            "date": programme_round.opens.strftime("%d %B %Y")
        }
    if closes > programme_round.closes:
        errors["closes"] = _("The round cannot close after the programme round (%(date)s).") % {
            "date": programme_round.closes.strftime("%d %B %Y")
        }
    if closes < opens:
        errors["closes"] = _("The closing date must be on or after the opening date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def area_round_open(
    *, area_round: AreaRound, opens: datetime.date, closes: datetime.date
) -> AreaRound:
    """Open (or re-open, or re-date) an area's round within the programme round's dates.

    Invitation links expire when the round closes, so their expiry moves with the date.
    """
    area_round = (
        AreaRound.objects.select_for_update().select_related("round").get(pk=area_round.pk)
    )
    if area_round.is_published:
        raise ValidationError(
            _("Results have been published; this round cannot be opened again."),
            code="published",
        )
    _validate_dates(area_round=area_round, opens=opens, closes=closes)
    area_round.opens = opens
    area_round.closes = closes
    area_round.status = AreaRoundStatus.OPEN
    area_round.full_clean()
    area_round.save(update_fields=["opens", "closes", "status", "updated_at"])
    Invitation.objects.filter(area_round=area_round).update(
        expires_at=area_round_closes_at(area_round)
    )
    return area_round


@transaction.atomic
def area_round_close(*, area_round: AreaRound) -> AreaRound:
    """Close the round: answers become read-only and invitation links stop working."""
    area_round = AreaRound.objects.select_for_update().get(pk=area_round.pk)
    if area_round.status != AreaRoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed."), code="not_open")
    area_round.status = AreaRoundStatus.CLOSED
    today = timezone.localdate()
    if area_round.closes > today:
        # Closed early: the closing date records when it really closed.
        area_round.closes = max(today, area_round.opens)
    area_round.save(update_fields=["status", "closes", "updated_at"])
    Invitation.objects.filter(area_round=area_round, expires_at__gt=timezone.now()).update(
        expires_at=timezone.now()
    )
    return area_round


@transaction.atomic
def area_round_publish(*, area_round: AreaRound, by=None) -> AreaRound:
    """Publish the area's results, once the round is closed: the figures are computed one
    last time and then frozen until an administrator re-publishes them."""
    area_round = AreaRound.objects.select_for_update().get(pk=area_round.pk)
    if area_round.status != AreaRoundStatus.CLOSED:
        raise ValidationError(
            _("Results can be published only once the round is closed."), code="not_closed"
        )
    if area_round.is_published:
        return area_round
    area_round.results_published_at = timezone.now()
    area_round.save(update_fields=["results_published_at", "updated_at"])
    scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.PUBLISHED)
    _publication_record(area_round=area_round, by=by, reason="")
    return area_round


@transaction.atomic
def area_round_republish(*, area_round: AreaRound, by, reason: str) -> Publication:
    """Publish corrected figures (an administrator's act): the figures are computed again
    from today's answers and settings, and the reason joins the publication history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Enter the reason for publishing the results again.")}, code="required"
        )
    if len(reason) > PUBLICATION_REASON_MAX_LENGTH:
        message = too_long_message(
            name=_("The reason"), limit=PUBLICATION_REASON_MAX_LENGTH, count=len(reason)
        )
        raise ValidationError({"reason": message}, code="max_length")
    area_round = AreaRound.objects.select_for_update().get(pk=area_round.pk)
    if not area_round.is_published:
        raise ValidationError(
            _("These results have not been published yet: publish them first."),
            code="not_published",
        )
    area_round.save(update_fields=["updated_at"])
    scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.REPUBLISHED)
    return _publication_record(area_round=area_round, by=by, reason=reason)


def _publication_record(*, area_round: AreaRound, by, reason: str) -> Publication:
    last = area_round.publications.order_by("-number").values_list("number", flat=True).first()
    publication = Publication(
        area_round=area_round,
        number=(last or 0) + 1,
        published_at=timezone.now(),
        published_by=by,
        reason=reason,
        data_version=area_round.data_version,  # as bumped by ``scores_mark_changed``
    )
    publication.full_clean(exclude=["area_round", "published_by"])
    publication.save()
    return publication
