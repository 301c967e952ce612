"""The published scoring method (docs/scoring.md): the one module every output reads.

CONTRACT (other modules code against these names):

- ``scores_mark_changed(*, area_round, reason)``: call inside the transaction that changed
  answers (submit, change, import) or settings. Bumps ``area_round.data_version`` and, on
  commit, queues ``assessments.tasks.refresh_scores`` (refreshing in-process if the broker
  is down), which refreshes the stored figures unless a later refresh already covered this
  version, then sends ``assessments.signals.area_round_scores_refreshed``.
- ``scores_refresh(*, area_round)``: recompute and store ``AreaScore`` and
  ``DimensionScore`` rows for one area and round (aggregating in the database), always;
  ``scores_repair`` does the same and sends ``area_round_scores_refreshed``.
- ``ScoreChangeReason``: why figures are refreshed (the ``reason`` everywhere above).
- ``scores_refresh_if_stale(*, area_round_id, version, reason) -> bool``: the task's work.
- ``area_round_result(*, area_round) -> AreaRoundResult``: the figures for one area and
  round, read from the stored rows, with withholding applied, programme medians,
  previous round and change, and anonymised comments (never a hidden one).
- ``comments_showable(*, area_round)``: the comments outputs would show, hidden ones
  included: what moderation reviews.
- ``programme_results(*, round, areas=None) -> list[AreaRoundResult]``: the same (without
  comments) for every participating area of a round, in a constant number of queries.
- ``rating_for(score, framework) -> Rating | None``.
- ``display_round(value) -> float | None``: the one rounding used by every output.
- ``seen_differently(gap, framework) -> bool | None``: the flag, ``None`` without a gap.

Stored figures are unrounded and already withheld (``None``) where the confidentiality
rule says so; every output rounds with ``display_round`` when it shows a figure. Ratings and
the "seen differently" flag are decided on the figure as shown, so a number and its rating
never disagree on the page.
"""

import logging
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, models, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Answer,
    AreaRound,
    AreaScore,
    Comment,
    Dimension,
    DimensionScore,
    Framework,
    Question,
    Response,
    ResponseStatus,
    Round,
    ScoreGroup,
)
from assessments.signals import area_round_outputs_changed, area_round_scores_refreshed
from common.queueing import task_send_on_commit
from partnerships.models import Sector

logger = logging.getLogger(__name__)

SECTORS: tuple[str, ...] = tuple(Sector.values)  # "council", "vcs", "other"
GROUPS: tuple[str, ...] = (ScoreGroup.ALL.value, *SECTORS)
OVERALL = "overall"
STATEMENTS_SHOWN = 3


class ScoreChangeReason(models.TextChoices):
    """Why stored figures are refreshed (``scores_mark_changed``'s ``reason``).

    Only publication and re-publication refresh the figures of a published area round:
    published figures are frozen between publications.
    """

    SUBMITTED = "submitted"
    CHANGED = "changed"
    IMPORTED = "imported"
    IMPORT_WITHDRAWN = "import_withdrawn"
    SETTINGS = "settings"
    PUBLISHED = "published"
    REPUBLISHED = "republished"
    # A comment hidden or shown again: the figures are the same, but what the outputs show
    # (and a published report) is not (``signals.area_round_outputs_changed``).
    MODERATED = "moderated"


class Rating(models.TextChoices):
    GREEN = "green", _("Good")
    AMBER = "amber", _("Needs attention")
    RED = "red", _("Serious concern")


@dataclass(frozen=True)
class DimensionResult:
    key: str
    name: str
    core: bool
    order: int
    score: float | None  # unrounded; None if withheld or nobody counted
    rating: Rating | None
    counted: int
    by_sector: dict[str, float | None]  # keys "council", "vcs", "other"
    withheld: list[str]  # groups withheld: any of "all", "council", "vcs", "other"
    gap: float | None  # council minus VCS
    seen_differently: bool | None  # None when the gap is withheld or unknown
    programme_median: float | None
    previous: float | None
    change: float | None
    counted_by_sector: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StatementResult:
    """One statement among the strongest or weakest, with its wording from the framework.

    ``text`` is the wording as asked; ``reading`` is what results show: the statement in its
    scored direction (the text itself, or a reverse-worded statement's positive reading), so
    a high score reads as good news. A reverse-worded statement of a framework that has no
    reading has ``reading`` empty.
    """

    code: str
    text: str
    dimension_key: str
    score: float  # mean normalised score of the statement, 0-100
    reading: str = ""
    reverse: bool = False

    @property
    def in_scored_direction(self) -> str | None:
        """The wording that reads the way the statement is scored; None for a reverse-worded
        statement whose framework gives no reading."""
        if self.reading:
            return self.reading
        return None if self.reverse else self.text


@dataclass(frozen=True)
class BarrierResult:
    key: str
    name: str
    share: float | None  # % of counted respondents naming it a problem; None if withheld


@dataclass(frozen=True)
class FigureSettings:
    """The framework settings a set of figures was computed and is read with: the
    minimum group size, the rating thresholds and the gap flag in force when the figures
    were stored, so published figures keep their ratings and their "withheld" words when
    an administrator changes a setting later (until they are published again)."""

    min_group_size: int
    green: float
    amber: float
    gap_flag: float

    @classmethod
    def of(cls, framework: Framework) -> "FigureSettings":
        return cls(
            min_group_size=framework.min_group_size,
            green=framework.green,
            amber=framework.amber,
            gap_flag=framework.gap_flag,
        )

    @classmethod
    def stored(cls, detail: dict, framework: Framework) -> "FigureSettings":
        """The settings stored with the figures; the framework's for figures stored
        before settings were kept with them."""
        kept = detail.get("settings")
        return cls(**kept) if kept else cls.of(framework)

    def as_detail(self) -> dict:
        return {
            "min_group_size": self.min_group_size,
            "green": self.green,
            "amber": self.amber,
            "gap_flag": self.gap_flag,
        }


@dataclass(frozen=True)
class AreaRoundResult:
    area_round: AreaRound
    respondents: dict[str, int]  # "total", "council", "vcs", "other": counted submitted
    overall: float | None
    overall_rating: Rating | None
    dimensions: list[DimensionResult]
    barriers: list[BarrierResult] = field(default_factory=list)
    strongest: list[StatementResult] = field(default_factory=list)
    weakest: list[StatementResult] = field(default_factory=list)
    # Anonymised comments by dimension key; only for groups at or above the minimum size.
    comments: dict[str, list[str]] = field(default_factory=dict)
    # What is withheld: "overall", "<dimension key>:<group>", "barrier:<key>".
    withheld: list[str] = field(default_factory=list)
    data_version: int = 0
    overall_previous: float | None = None
    overall_change: float | None = None
    # Set by the scoring module; a result built elsewhere reads its framework's settings.
    settings: FigureSettings | None = None

    @property
    def settings_in_force(self) -> FigureSettings:
        """The settings the figures were computed with (``settings``)."""
        return self.settings or FigureSettings.of(self.area_round.round.framework)

    def dimension(self, key: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.key == key), None)


# --- the method's building blocks -------------------------------------------------------


def display_round(value: float | None) -> float | None:
    """Round a figure to one decimal, halves away from zero, for showing it."""
    if value is None:
        return None
    quantised = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(quantised) + 0.0  # + 0.0 turns -0.0 into 0.0


def rating_for(score: float | None, framework: Framework | FigureSettings) -> Rating | None:
    shown = display_round(score)
    if shown is None:
        return None
    if shown >= framework.green:
        return Rating.GREEN
    if shown >= framework.amber:
        return Rating.AMBER
    return Rating.RED


def seen_differently(gap: float | None, framework: Framework | FigureSettings) -> bool | None:
    """Whether the sectors' views are flagged as different; ``None`` when there is no gap
    to judge (a sector withheld or without responses), never a "no" nobody could know."""
    shown = display_round(gap)
    return None if shown is None else abs(shown) >= framework.gap_flag


def half_rounded_up(question_count: int) -> int:
    return math.ceil(question_count / 2)


def withheld_groups(counted: dict[str, int], min_group_size: int) -> set[str]:
    """Groups whose figure must not be shown: too small, or derivable by subtraction.

    A group with nobody counted has no figure at all and is not "withheld". While the whole
    area's figure is shown, the withheld sectors that have respondents must together count
    at least the minimum: the area's sum minus the shown sectors' sums is their combined
    figure. Until they do, the smallest sector still shown (ties: council, VCS, other) is
    withheld too. This ends at the latest when every sector is withheld, as together they
    are the area, which is shown only at the minimum or above.
    """
    withheld = {group for group, n in counted.items() if 0 < n < min_group_size}
    if counted.get(ScoreGroup.ALL, 0) == 0 or ScoreGroup.ALL in withheld:
        return withheld
    with_respondents = [sector for sector in SECTORS if counted.get(sector, 0) > 0]
    while True:
        hidden = [s for s in with_respondents if s in withheld]
        shown = [s for s in with_respondents if s not in withheld]
        if not hidden or not shown or sum(counted[s] for s in hidden) >= min_group_size:
            return withheld
        withheld.add(min(shown, key=lambda s: (counted[s], SECTORS.index(s))))


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


# --- refreshing the stored figures --------------------------------------------------------


def scores_mark_changed(*, area_round: AreaRound, reason: str) -> None:
    """Bump the area round's ``data_version`` and, on commit, queue a refresh of its figures.

    The refresh is a Celery task (``assessments.tasks.refresh_scores``), so the request that
    changed the answers does not wait for it; a burst of submissions refreshes once, because
    a task queued for a version the stored figures already reach does nothing. If the broker
    cannot take the task, the figures are refreshed here instead: a refresh is never lost.
    """
    from assessments.tasks import refresh_scores

    version = _data_version_bump(area_round.pk)
    area_round.data_version = version
    area_round_id = area_round.pk
    task_send_on_commit(
        refresh_scores,
        area_round_id,
        version,
        reason,
        unsent=(
            f"scores: could not queue the refresh of area round {area_round_id}; "
            "refreshing in-process"
        ),
        on_failure=lambda: _refresh_in_process(area_round_id, version, reason),
    )


def scores_mark_outputs_changed(*, area_round: AreaRound, reason: str) -> None:
    """What an area round's outputs show has changed but its figures have not (a comment
    hidden or shown again). Call inside the transaction that made the change, with the area
    round locked: ``data_version`` goes up, so cached dashboards are rebuilt and reports
    read as out of date, while stored figures that were current stay current (nothing to
    refresh; published ones stay frozen). On commit ``area_round_outputs_changed`` is sent
    (a published report is drawn again)."""
    data, scores = F("data_version"), F("scores_version")
    AreaRound.objects.filter(pk=area_round.pk).update(
        data_version=data + 1,
        scores_version=Case(
            When(scores_version=data, then=data + 1),
            default=scores,
            output_field=models.PositiveIntegerField(),
        ),
        updated_at=timezone.now(),
    )
    area_round.refresh_from_db(fields=["data_version", "scores_version", "updated_at"])
    transaction.on_commit(
        lambda: area_round_outputs_changed.send(
            sender=AreaRound, area_round=area_round, reason=reason
        )
    )


def _data_version_bump(area_round_id: int) -> int:
    """Add one to ``data_version`` and return the new value, in one statement where the
    database can return it (PostgreSQL, SQLite 3.35+): the version a refresh is queued for
    must be exactly ours, not one read before a concurrent bump."""
    if connection.features.can_return_columns_from_insert:
        quote = connection.ops.quote_name
        table = quote(AreaRound._meta.db_table)
        column = quote(AreaRound._meta.get_field("data_version").column)
        key = quote(AreaRound._meta.pk.column)
        # Identifiers are the model's own, quoted; the only value is a parameter.
        sql = f"UPDATE {table} SET {column} = {column} + 1 WHERE {key} = %s RETURNING {column}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [area_round_id])
            row = cursor.fetchone()
        if row is None:
            raise AreaRound.DoesNotExist(area_round_id)
        return row[0]
    AreaRound.objects.filter(pk=area_round_id).update(data_version=models.F("data_version") + 1)
    return AreaRound.objects.values_list("data_version", flat=True).get(pk=area_round_id)


def _refresh_in_process(area_round_id: int, version: int, reason: str) -> None:
    """The broker could not take the refresh: do it here, so a refresh is never lost."""
    try:
        scores_refresh_if_stale(area_round_id=area_round_id, version=version, reason=reason)
    except Exception:
        # The answers are committed; the figures stay stale (scores_version behind
        # data_version) until ``manage.py refresh_scores --stale`` or the next change.
        logger.exception("scores: refresh failed for area round %s", area_round_id)


def scores_refresh_if_stale(*, area_round_id: int, version: int | None, reason: str) -> bool:
    """Refresh an area round's figures unless they already reach ``version``; then send
    ``area_round_scores_refreshed``. Returns whether it refreshed.

    Publication and re-publication are never skipped: their refresh is what requests the
    published report. Any other refresh of a published area round is: published figures
    change only by re-publication.
    """
    publishing = reason in (ScoreChangeReason.PUBLISHED, ScoreChangeReason.REPUBLISHED)
    with transaction.atomic():
        locked = _area_round_locked(area_round_id)
        if locked.is_published and not publishing:
            # Published figures are frozen: a change waits for an administrator's
            # re-publication (the figures stay behind ``data_version`` until then).
            return False
        coalesced = version is not None and locked.scores_version >= version
        if coalesced and not publishing:
            return False
        _figures_store(locked)
    area_round_scores_refreshed.send(sender=AreaRound, area_round=locked, reason=reason)
    return True


def _adjusted_value(framework: Framework):
    """An answer's value after reversal, ``v' = min + max - v`` for reverse-worded ones."""
    return Case(
        When(
            question__reverse=True,
            then=Value(framework.scale_min + framework.scale_max) - F("value"),
        ),
        default=F("value"),
        output_field=IntegerField(),
    )


def _normalise_mean(total: int, answered: int, framework: Framework) -> float:
    """The mean of normalised answers, from the sum and count of reversed values."""
    low, high = framework.scale_min, framework.scale_max
    return (total / answered - low) / (high - low) * 100


def _counted_answers(area_round: AreaRound, framework: Framework):
    return Answer.objects.filter(
        response__area_round=area_round,
        response__status=ResponseStatus.SUBMITTED,
        question__framework=framework,
        value__isnull=False,
    )


@transaction.atomic
def scores_refresh(*, area_round: AreaRound) -> None:
    """Recompute an area round's figures from its submitted answers and store them."""
    _figures_store(_area_round_locked(area_round.pk))


def scores_repair(*, area_round: AreaRound) -> None:
    """Recompute an area round's figures whatever version they reach, then send
    ``area_round_scores_refreshed`` (reason ``CHANGED``, as the stale sweep's) like every
    other refresh. For ``manage.py refresh_scores``, which leaves published rounds alone."""
    scores_refresh(area_round=area_round)
    area_round_scores_refreshed.send(
        sender=AreaRound, area_round=area_round, reason=ScoreChangeReason.CHANGED
    )


def _area_round_locked(area_round_id: int) -> AreaRound:
    # Serialises concurrent refreshes of the same area and round (a no-op on SQLite); only
    # this row, not the round and framework joined to it.
    return (
        AreaRound.objects.select_for_update(of=("self",))
        .select_related("area", "round__framework")
        .get(pk=area_round_id)
    )


# Dimensions and questions of published frameworks, which never change, by (id, published).
_framework_parts: dict[tuple[int, object], tuple[list[Dimension], list[dict]]] = {}
_FRAMEWORK_PARTS_KEPT = 16


def framework_parts(framework: Framework) -> tuple[list[Dimension], list[dict]]:
    """A framework's dimensions (in page order) and its questions (dicts: id, code, text,
    reading, dimension_id, reverse, barrier, order), read once per process for a published
    framework. Treat them as read-only: they are shared."""
    key = (framework.pk, framework.published_at)
    cached = _framework_parts.get(key) if framework.is_published else None
    if cached is not None:
        return cached
    dimensions = list(Dimension.objects.filter(framework=framework).order_by("order", "pk"))
    questions = list(
        Question.objects.filter(framework=framework).values(
            "id", "code", "text", "reading", "dimension_id", "reverse", "barrier", "order"
        )
    )
    if framework.is_published:
        if len(_framework_parts) >= _FRAMEWORK_PARTS_KEPT:
            _framework_parts.clear()
        _framework_parts[key] = (dimensions, questions)
    return dimensions, questions


def framework_parts_clear() -> None:
    """Forget every cached framework (tests: a rolled-back transaction sends no signal)."""
    _framework_parts.clear()


def _framework_parts_forget(framework_id: int) -> None:
    for key in [key for key in _framework_parts if key[0] == framework_id]:
        _framework_parts.pop(key, None)


@receiver(post_save, sender=Framework, dispatch_uid="scoring_framework_parts_saved")
@receiver(post_delete, sender=Framework, dispatch_uid="scoring_framework_parts_deleted")
def _framework_changed(sender, instance, **kwargs):
    _framework_parts_forget(instance.pk)


@receiver(post_save, sender=Dimension, dispatch_uid="scoring_dimension_saved")
@receiver(post_delete, sender=Dimension, dispatch_uid="scoring_dimension_deleted")
@receiver(post_save, sender=Question, dispatch_uid="scoring_question_saved")
@receiver(post_delete, sender=Question, dispatch_uid="scoring_question_deleted")
def _framework_part_changed(sender, instance, **kwargs):
    _framework_parts_forget(instance.framework_id)


def _figures_store(locked: AreaRound) -> None:
    """Recompute and store the figures of an area round already locked by the caller."""
    framework = locked.round.framework
    min_size = framework.min_group_size
    dimensions, questions = framework_parts(framework)
    questions_in = defaultdict(int)
    for question in questions:
        questions_in[question["dimension_id"]] += 1

    # Each respondent's sum and count of reversed values per dimension, in the database.
    per_respondent = (
        _counted_answers(locked, framework)
        .values("response_id", "response__sector", "question__dimension_id")
        .annotate(total=Sum(_adjusted_value(framework)), answered=Count("id"))
        .order_by()
    )
    respondent_scores: dict[int, dict[str, list[float]]] = {
        d.pk: {group: [] for group in GROUPS} for d in dimensions
    }
    for row in per_respondent:
        dimension_id = row["question__dimension_id"]
        if row["answered"] < half_rounded_up(questions_in[dimension_id]):
            continue
        score = _normalise_mean(row["total"], row["answered"], framework)
        respondent_scores[dimension_id][ScoreGroup.ALL].append(score)
        respondent_scores[dimension_id][row["response__sector"]].append(score)

    dimension_rows, shown_all, withheld = [], {}, []
    for dimension in dimensions:
        by_group = respondent_scores[dimension.pk]
        counted = {group: len(by_group[group]) for group in GROUPS}
        hidden = withheld_groups(counted, min_size)
        for group in GROUPS:
            is_hidden = group in hidden
            dimension_rows.append(
                DimensionScore(
                    area_round=locked,
                    dimension=dimension,
                    group=group,
                    counted=counted[group],
                    score=None if is_hidden else _mean(by_group[group]),
                    withheld=is_hidden,
                )
            )
            if is_hidden:
                withheld.append(f"{dimension.key}:{group}")
        shown_all[dimension.pk] = None if ScoreGroup.ALL in hidden else _mean(by_group["all"])

    core = [shown_all[d.pk] for d in dimensions if d.core]
    overall = None if not core or None in core else _mean(core)
    if core and overall is None and any(f"{d.key}:all" in withheld for d in dimensions if d.core):
        withheld.append(OVERALL)

    detail = _statements_and_barriers(
        locked, framework, dimensions, questions, shown_all, withheld
    )
    respondents = dict(
        Response.objects.filter(area_round=locked, status=ResponseStatus.SUBMITTED)
        .values_list("sector")
        .annotate(n=Count("id"))
        .order_by()
    )

    if not framework.is_published:
        # A draft framework's dimensions may have changed since the last refresh.
        DimensionScore.objects.filter(area_round=locked).exclude(dimension__in=dimensions).delete()
    # Upserts: one statement each, whatever was stored before.
    DimensionScore.objects.bulk_create(
        dimension_rows,
        update_conflicts=True,
        unique_fields=["area_round", "dimension", "group"],
        update_fields=["counted", "score", "withheld"],
    )
    figures = {
        "respondents_total": sum(respondents.values()),
        "respondents_council": respondents.get(Sector.COUNCIL, 0),
        "respondents_vcs": respondents.get(Sector.VCS, 0),
        "respondents_other": respondents.get(Sector.OTHER, 0),
        "overall": overall,
        "detail": {
            **detail,
            "withheld": withheld,
            "settings": FigureSettings.of(framework).as_detail(),
        },
        "data_version": locked.data_version,
    }
    AreaScore.objects.bulk_create(
        [AreaScore(area_round=locked, **figures)],
        update_conflicts=True,
        unique_fields=["area_round"],
        update_fields=[*figures, "computed_at"],
    )
    AreaRound.objects.filter(pk=locked.pk).update(scores_version=locked.data_version)
    locked.scores_version = locked.data_version


def _statements_and_barriers(area_round, framework, dimensions, questions, shown_all, withheld):
    """Per-statement means (strongest, weakest) and barrier shares, aggregated in the DB.

    A statement is stored as its code, dimension and score only: its wording is read from
    the (versioned, never edited once published) framework when shown."""
    middle = (framework.scale_min + framework.scale_max) / 2
    # Normalised below 50 after reversal: disagreeing with the (positive) statement.
    disagrees = Q(question__reverse=False, value__lt=middle) | Q(
        question__reverse=True, value__gt=middle
    )
    per_question = {
        row["question_id"]: row
        for row in _counted_answers(area_round, framework)
        .values("question_id")
        .annotate(
            total=Sum(_adjusted_value(framework)),
            answered=Count("id"),
            problem=Count("id", filter=disagrees),
        )
        .order_by()
    }
    key_of = {d.pk: d.key for d in dimensions}
    statements, barriers = [], []
    for question in questions:
        row = per_question.get(question["id"])
        answered = row["answered"] if row else 0
        dimension_shown = shown_all.get(question["dimension_id"]) is not None
        big_enough = dimension_shown and answered >= framework.min_group_size
        if big_enough:
            statements.append(
                {
                    "code": question["code"],
                    "dimension_key": key_of[question["dimension_id"]],
                    "score": _normalise_mean(row["total"], answered, framework),
                }
            )
        if question["barrier"]:
            share = row["problem"] / answered * 100 if big_enough else None
            if share is None and answered:
                withheld.append(f"barrier:{question['barrier']}")
            barriers.append({"key": question["barrier"], "code": question["code"], "share": share})
    ranked = sorted(statements, key=lambda s: (-s["score"], s["code"]))
    strongest = ranked[:STATEMENTS_SHOWN]
    rest = ranked[STATEMENTS_SHOWN:]
    weakest = sorted(rest, key=lambda s: (s["score"], s["code"]))[:STATEMENTS_SHOWN]
    order = {b["key"]: i for i, b in enumerate(_barrier_catalogue())}
    barriers.sort(key=lambda b: (order.get(b["key"], len(order)), b["key"]))
    return {"strongest": strongest, "weakest": weakest, "barriers": barriers}


def _barrier_catalogue() -> list[dict]:
    from assessments.framework_content import BARRIERS

    return BARRIERS


def barrier_name(key: str) -> str:
    names = {b["key"]: b["name"] for b in _barrier_catalogue()}
    return names.get(key, key.replace("_", " ").capitalize())


@receiver(post_save, sender=Framework, dispatch_uid="scoring_framework_settings_changed")
def _framework_settings_changed(
    sender, instance, created, raw=False, update_fields=None, **kwargs
):
    """Settings (minimum group size, thresholds) change what is shown: refresh its rounds."""
    if created or raw or (update_fields and set(update_fields) <= {"published_at"}):
        return
    for area_round in AreaRound.objects.filter(round__framework=instance):
        scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.SETTINGS)


# --- reading the stored figures -----------------------------------------------------------


def area_round_result(*, area_round: AreaRound) -> AreaRoundResult:
    area_round = _area_round_with_figures(area_round)
    [result] = _results(area_round.round, [area_round])
    comments: dict[str, list[str]] = defaultdict(list)
    rows = (
        _comments_showable(area_round, _dimensions_shown(result))
        .filter(hidden=False)
        # In the order of their text: the order of writing could point to who wrote one.
        .order_by("text", "pk")
        .values_list("dimension__key", "text")
    )
    for key, text in rows:
        comments[key].append(text)
    return _replace(result, comments=dict(comments))


def comments_showable(*, area_round: AreaRound) -> models.QuerySet[Comment]:
    """The comments an output of the area round would show, *hidden ones included*: the
    non-blank comments of submitted responses on dimensions whose whole-area figure is shown
    (never one on a dimension whose figure is withheld). ``area_round_result`` shows those
    not hidden; moderation reviews them all."""
    area_round = _area_round_with_figures(area_round)
    [result] = _results(area_round.round, [area_round])
    return _comments_showable(area_round, _dimensions_shown(result))


def _area_round_with_figures(area_round: AreaRound) -> AreaRound:
    return AreaRound.objects.select_related("area", "round__framework", "score").get(
        pk=area_round.pk
    )


def _dimensions_shown(result: AreaRoundResult) -> set[str]:
    """Keys of the dimensions whose whole-area figure is shown."""
    return {d.key for d in result.dimensions if d.score is not None and "all" not in d.withheld}


def _comments_showable(area_round: AreaRound, dimension_keys: set[str]):
    return Comment.objects.filter(
        response__area_round=area_round,
        response__status=ResponseStatus.SUBMITTED,
        dimension__framework_id=area_round.round.framework_id,
        dimension__key__in=dimension_keys,
    ).exclude(text="")


def programme_results(*, round: Round, areas=None) -> list[AreaRoundResult]:
    area_rounds = AreaRound.objects.filter(round=round).select_related(
        "area", "round__framework", "score"
    )
    if areas is not None:
        area_rounds = area_rounds.filter(area__in=areas)
    return _results(round, list(area_rounds.order_by("area__name")))


def _replace(result: AreaRoundResult, **changes) -> AreaRoundResult:
    from dataclasses import replace

    return replace(result, **changes)


def _results(round: Round, area_rounds: list[AreaRound]) -> list[AreaRoundResult]:
    """Results for some area rounds of one round, in a fixed number of queries."""
    if not area_rounds:
        return []
    framework = area_rounds[0].round.framework
    dimensions = list(Dimension.objects.filter(framework=framework).order_by("order", "pk"))
    stored = defaultdict(dict)  # area_round_id -> (dimension_id, group) -> row
    # dimension_id -> published area scores across the round: an unpublished area's
    # figures must not move the median anyone sees.
    all_scores = defaultdict(list)
    for row in DimensionScore.objects.filter(area_round__round=round).values(
        "area_round_id",
        "dimension_id",
        "group",
        "counted",
        "score",
        "withheld",
        "area_round__results_published_at",
    ):
        stored[row["area_round_id"]][(row["dimension_id"], row["group"])] = row
        published = row["area_round__results_published_at"] is not None
        if published and row["group"] == ScoreGroup.ALL and row["score"] is not None:
            all_scores[row["dimension_id"]].append(row["score"])
    medians = {
        dimension_id: statistics.median(scores) for dimension_id, scores in all_scores.items()
    }
    previous = _previous_figures(round, [ar.area_id for ar in area_rounds])
    return [
        _result_for(ar, framework, dimensions, stored[ar.pk], medians, previous.get(ar.area_id))
        for ar in area_rounds
    ]


def _previous_figures(round: Round, area_ids: list[int]) -> dict[int, dict]:
    """Each area's previous published round (by round start): overall and dimension
    scores by key. Anyone who may see an area's results may see its published rounds;
    an unpublished round's figures are never anyone's "previous"."""
    latest: dict[int, dict] = {}
    for row in (
        AreaRound.objects.filter(
            area_id__in=area_ids,
            round__opens__lt=round.opens,
            results_published_at__isnull=False,
        )
        .values("id", "area_id", "round__opens", "round_id", "score__overall")
        .order_by("area_id", "round__opens", "round_id")
    ):
        latest[row["area_id"]] = row  # the last one per area is the most recent
    by_area_round = {
        row["id"]: {"overall": row["score__overall"], "dimensions": {}} for row in latest.values()
    }
    for row in DimensionScore.objects.filter(
        area_round_id__in=list(by_area_round), group=ScoreGroup.ALL
    ).values("area_round_id", "dimension__key", "score"):
        by_area_round[row["area_round_id"]]["dimensions"][row["dimension__key"]] = row["score"]
    return {area_id: by_area_round[row["id"]] for area_id, row in latest.items()}


def _difference(current: float | None, before: float | None) -> float | None:
    return None if current is None or before is None else current - before


def _result_for(area_round, framework, dimensions, stored, medians, previous):
    previous = previous or {"overall": None, "dimensions": {}}
    score = getattr(area_round, "score", None)
    detail = score.detail if score else {}
    settings = FigureSettings.stored(detail, framework)
    results = []
    for dimension in dimensions:
        rows = {group: stored.get((dimension.pk, group)) for group in GROUPS}
        score_of = {g: (row["score"] if row else None) for g, row in rows.items()}
        counted = {g: (row["counted"] if row else 0) for g, row in rows.items()}
        by_sector = {sector: score_of[sector] for sector in SECTORS}
        gap = _difference(by_sector[Sector.COUNCIL], by_sector[Sector.VCS])
        before = previous["dimensions"].get(dimension.key)
        results.append(
            DimensionResult(
                key=dimension.key,
                name=dimension.name,
                core=dimension.core,
                order=dimension.order,
                score=score_of[ScoreGroup.ALL],
                rating=rating_for(score_of[ScoreGroup.ALL], settings),
                counted=counted[ScoreGroup.ALL],
                by_sector=by_sector,
                withheld=[g for g in GROUPS if rows[g] and rows[g]["withheld"]],
                gap=gap,
                seen_differently=seen_differently(gap, settings),
                programme_median=medians.get(dimension.pk),
                previous=before,
                change=_difference(score_of[ScoreGroup.ALL], before),
                counted_by_sector={sector: counted[sector] for sector in SECTORS},
            )
        )
    overall = score.overall if score else None
    return AreaRoundResult(
        area_round=area_round,
        respondents={
            "total": score.respondents_total if score else 0,
            "council": score.respondents_council if score else 0,
            "vcs": score.respondents_vcs if score else 0,
            "other": score.respondents_other if score else 0,
        },
        overall=overall,
        overall_rating=rating_for(overall, settings),
        dimensions=results,
        barriers=[
            BarrierResult(key=b["key"], name=barrier_name(b["key"]), share=b["share"])
            for b in detail.get("barriers", [])
        ],
        strongest=_statement_results(detail.get("strongest", []), framework),
        weakest=_statement_results(detail.get("weakest", []), framework),
        withheld=list(detail.get("withheld", [])),
        data_version=score.data_version if score else 0,
        overall_previous=previous["overall"],
        overall_change=_difference(overall, previous["overall"]),
        settings=settings,
    )


def _statement_results(stored: list[dict], framework: Framework) -> list[StatementResult]:
    """Stored statements (code, dimension and score; figures stored before the wording moved
    to the framework also have the text as asked) with their wording from the framework."""
    if not stored:
        return []
    _dimensions, questions = framework_parts(framework)
    by_code = {question["code"]: question for question in questions}
    results = []
    for statement in stored:
        question = by_code.get(statement["code"])
        text = question["text"] if question else statement.get("text", "")
        reverse = bool(question and question["reverse"])
        reading = (question["reading"] or "") if reverse else text
        results.append(
            StatementResult(
                code=statement["code"],
                dimension_key=statement["dimension_key"],
                score=statement["score"],
                text=text,
                reading=reading.strip(),
                reverse=reverse,
            )
        )
    return results
