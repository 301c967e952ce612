"""Writes for the area profile: history timeline, pre-partnership agreement, funding
stability, action plan and recognition.

Every editable row carries a ``lock_version``. An update names the version the editor
saw; if the row has moved on since, the save is refused with ``EditConflict`` so that
one coordinator never silently overwrites another's change.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.access import SIGNING_SECTORS, signing_sector_for
from partnerships.models import CouncilArea
from profiles.models import (
    ActionStatus,
    AgreementSignature,
    AgreementVersion,
    DevelopmentAction,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)

CONFLICT_MESSAGE = _(
    "Someone else changed this since you opened it, so your changes were not saved. "
    "Reload the page to see the latest version, then make your changes again."
)


class EditConflict(ValidationError):
    """The row changed (or went) after the editor loaded it."""

    def __init__(self, message=CONFLICT_MESSAGE):
        super().__init__(message, code="conflict")


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def _lock(queryset, *, pk: int, lock_version: int):
    """The row, locked for this transaction, if it is still at ``lock_version``."""
    row = queryset.select_for_update().filter(pk=pk).first()
    if row is None or row.lock_version != lock_version:
        raise EditConflict
    return row


def _save_bumped(row, **fields) -> None:
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.lock_version += 1
    row.save()


# --- History timeline -------------------------------------------------------------------


@transaction.atomic
def history_event_create(
    *,
    area: CouncilArea,
    user,
    date: datetime.date,
    kind: str,
    sectors: list[str],
    effect: str,
    description: str,
) -> HistoryEvent:
    event = HistoryEvent(
        area=area,
        date=date,
        kind=kind,
        sectors=list(sectors),
        effect=effect,
        description=description,
        created_by=user,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def history_event_update(
    *,
    event: HistoryEvent,
    lock_version: int,
    date: datetime.date,
    kind: str,
    sectors: list[str],
    effect: str,
    description: str,
) -> HistoryEvent:
    row = _lock(HistoryEvent.objects, pk=event.pk, lock_version=lock_version)
    _save_bumped(
        row, date=date, kind=kind, sectors=list(sectors), effect=effect, description=description
    )
    return row


@transaction.atomic
def history_event_delete(*, event: HistoryEvent, lock_version: int) -> None:
    _lock(HistoryEvent.objects, pk=event.pk, lock_version=lock_version).delete()


# --- Pre-partnership agreement ------------------------------------------------------------


def _latest_version_locked(area: CouncilArea) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.select_for_update().filter(area=area).order_by("-number").first()
    )


def _is_signed_by_anyone(version: AgreementVersion) -> bool:
    return version.signatures.exists()


def _new_version_from(
    current: AgreementVersion, *, user
) -> tuple[AgreementVersion, dict[int, DevelopmentAction]]:
    """Copy a signed version (and its development phase) into a new, unsigned version.

    Returns the new version and a map from each old action's id to its copy.
    """
    fresh = AgreementVersion(
        area=current.area,
        number=current.number + 1,
        created_by=user,
        **{name: getattr(current, name) for name in AgreementVersion.CONTENT_FIELDS},
    )
    fresh.full_clean()
    fresh.save()
    copies = {}
    for action in current.development_actions.order_by("due_date", "pk"):
        copies[action.pk] = DevelopmentAction.objects.create(
            version=fresh,
            title=action.title,
            owner_name=action.owner_name,
            due_date=action.due_date,
            done=action.done,
        )
    return fresh, copies


def _editable_current(
    *, area: CouncilArea, number: int, lock_version: int | None, user
) -> tuple[AgreementVersion, dict[int, DevelopmentAction]]:
    """The version a change goes into: the current one if unsigned, else a new copy.

    ``number`` is the version the editor saw; it must still be the current one (and at
    ``lock_version``, when given), or someone else got there first.
    """
    current = _latest_version_locked(area)
    if current is None or current.number != number:
        raise EditConflict
    if lock_version is not None and current.lock_version != lock_version:
        raise EditConflict
    if _is_signed_by_anyone(current):
        return _new_version_from(current, user=user)
    return current, {}


def _bump(version: AgreementVersion) -> None:
    """Mark an unsigned version's content as changed, so a stale sign-off is refused."""
    AgreementVersion.objects.filter(pk=version.pk).update(
        lock_version=models.F("lock_version") + 1, updated_at=timezone.now()
    )
    version.refresh_from_db(fields=["lock_version", "updated_at"])


@transaction.atomic
def agreement_save(
    *,
    area: CouncilArea,
    user,
    number: int | None,
    lock_version: int | None,
    content: dict,
) -> AgreementVersion:
    """Create the first version, edit the current draft, or start a new version.

    ``number``/``lock_version`` are the version the editor saw (``None`` for a new
    agreement). Editing a version that anyone has signed makes a new version needing both
    sign-offs again; saving it unchanged makes nothing new.
    """
    unknown = set(content) - set(AgreementVersion.CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"Not agreement content: {sorted(unknown)}")
    if number is None:
        if _latest_version_locked(area) is not None:
            raise EditConflict
        version = AgreementVersion(area=area, number=1, created_by=user, **content)
        version.full_clean()
        version.save()
        return version

    current = _latest_version_locked(area)
    if current is None or current.number != number or current.lock_version != lock_version:
        raise EditConflict
    if all(getattr(current, name) == value for name, value in content.items()):
        return current
    if _is_signed_by_anyone(current):
        version, _copies = _new_version_from(current, user=user)
        _save_bumped(version, **content)
        return version
    _save_bumped(current, **content)
    return current


@transaction.atomic
def agreement_sign(
    *, version: AgreementVersion, user, sector: str, lock_version: int
) -> AgreementSignature:
    """Sign the current version for a sector, as that sector's coordinator.

    Refused if the version has changed since the signer read it, or a newer one exists.
    """
    current = _latest_version_locked(version.area)
    if current is None or current.pk != version.pk or current.lock_version != lock_version:
        raise EditConflict(
            _(
                "The agreement changed since you opened it, so it was not signed. "
                "Read the latest version before signing."
            )
        )
    if sector not in SIGNING_SECTORS:
        raise ValidationError({"sector": _("Choose the council or the voluntary sector.")})
    if signing_sector_for(user, version.area) != sector:
        raise PermissionDenied(_("Only a coordinator from that sector can sign for it."))
    if current.signatures.filter(sector=sector).exists():
        raise ValidationError(_("This version has already been signed for that sector."))
    signature = AgreementSignature(
        version=current,
        sector=sector,
        user=user,
        signer_name=display_name(user),
        signed_at=timezone.now(),
    )
    signature.full_clean()
    signature.save()
    return signature


@transaction.atomic
def development_action_create(
    *,
    area: CouncilArea,
    user,
    number: int,
    title: str,
    owner_name: str,
    due_date: datetime.date,
    done: bool = False,
) -> DevelopmentAction:
    version, _copies = _editable_current(area=area, number=number, lock_version=None, user=user)
    action = DevelopmentAction(
        version=version, title=title, owner_name=owner_name, due_date=due_date, done=done
    )
    action.full_clean()
    action.save()
    _bump(version)
    return action


@transaction.atomic
def development_action_update(
    *,
    action: DevelopmentAction,
    user,
    lock_version: int,
    title: str,
    owner_name: str,
    due_date: datetime.date,
    done: bool,
) -> DevelopmentAction:
    """Change an action of the current version.

    Ticking an action done records progress, not a change of terms, so it never needs a
    new version; changing what was agreed (action, owner, date) on a signed version does.
    """
    row = _lock(
        DevelopmentAction.objects.select_related("version"),
        pk=action.pk,
        lock_version=lock_version,
    )
    terms_changed = (row.title, row.owner_name, row.due_date) != (title, owner_name, due_date)
    version = row.version
    if not terms_changed:
        if _latest_version_locked(version.area).pk != version.pk:
            raise EditConflict
        _save_bumped(row, done=done)
        return row
    target_version, copies = _editable_current(
        area=version.area, number=version.number, lock_version=None, user=user
    )
    target = copies.get(row.pk, row)
    _save_bumped(target, title=title, owner_name=owner_name, due_date=due_date, done=done)
    _bump(target_version)
    return target


@transaction.atomic
def development_action_delete(*, action: DevelopmentAction, user, lock_version: int) -> None:
    row = _lock(
        DevelopmentAction.objects.select_related("version"),
        pk=action.pk,
        lock_version=lock_version,
    )
    target_version, copies = _editable_current(
        area=row.version.area, number=row.version.number, lock_version=None, user=user
    )
    copies.get(row.pk, row).delete()
    _bump(target_version)


# --- Funding stability ------------------------------------------------------------------------


@transaction.atomic
def funding_record_save(
    *,
    area: CouncilArea,
    round,
    lock_version: int | None,
    long_term_share: Decimal,
    notice_period_weeks: int,
    notes: str = "",
) -> FundingStability:
    """Record (or correct) an area's funding stability for a round."""
    existing = FundingStability.objects.select_for_update().filter(area=area, round=round).first()
    fields = {
        "long_term_share": long_term_share,
        "notice_period_weeks": notice_period_weeks,
        "notes": notes,
    }
    if existing is None:
        if lock_version is not None:
            raise EditConflict
        record = FundingStability(area=area, round=round, **fields)
        record.full_clean()
        record.save()
        return record
    if lock_version != existing.lock_version:
        raise EditConflict
    _save_bumped(existing, **fields)
    return existing


# --- Action plan ------------------------------------------------------------------------------


def _check_dimension(round, dimension_key: str) -> None:
    if dimension_key and not round.framework.dimensions.filter(key=dimension_key).exists():
        raise ValidationError({"dimension_key": _("Choose a dimension of this round.")})


@transaction.atomic
def plan_action_create(
    *,
    area: CouncilArea,
    round,
    user,
    title: str,
    owner_name: str,
    sector: str,
    due_date: datetime.date,
    dimension_key: str = "",
    detail: str = "",
    status: str = ActionStatus.NOT_STARTED,
    suggestion_key: str = "",
) -> PlanAction:
    _check_dimension(round, dimension_key)
    action = PlanAction(
        area=area,
        round=round,
        dimension_key=dimension_key,
        suggestion_key=suggestion_key,
        title=title,
        detail=detail,
        owner_name=owner_name,
        sector=sector,
        due_date=due_date,
        status=status,
        created_by=user,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def plan_action_update(
    *,
    action: PlanAction,
    lock_version: int,
    title: str,
    owner_name: str,
    sector: str,
    due_date: datetime.date,
    status: str,
    dimension_key: str = "",
    detail: str = "",
) -> PlanAction:
    row = _lock(
        PlanAction.objects.select_related("round__framework"),
        pk=action.pk,
        lock_version=lock_version,
    )
    _check_dimension(row.round, dimension_key)
    _save_bumped(
        row,
        title=title,
        owner_name=owner_name,
        sector=sector,
        due_date=due_date,
        status=status,
        dimension_key=dimension_key,
        detail=detail,
    )
    return row


@transaction.atomic
def plan_action_delete(*, action: PlanAction, lock_version: int) -> None:
    _lock(PlanAction.objects, pk=action.pk, lock_version=lock_version).delete()


# --- Recognition ------------------------------------------------------------------------------


@transaction.atomic
def recognition_create(
    *, area: CouncilArea, user, title: str, note: str, round=None
) -> Recognition:
    recognition = Recognition(
        area=area,
        round=round,
        title=title,
        note=note,
        recognised_by=user,
        recognised_by_name=display_name(user),
        recognised_at=timezone.now(),
    )
    recognition.full_clean()
    recognition.save()
    return recognition


@transaction.atomic
def recognition_withdraw(*, recognition: Recognition) -> None:
    Recognition.objects.filter(pk=recognition.pk).delete()
