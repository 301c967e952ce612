"""Import responses from CSV (paper forms from a workshop, or another survey tool).

Format, shared with the raw export: a header ``respondent,sector,<question code>…``, then
one row per respondent: an opaque reference unique within the round, a sector (``council``,
``vcs`` or ``other``) and each answer as a whole number on the framework's scale (ASCII
digits), or empty. The export's two trailing columns, ``source,import_batch``, may follow
the question codes; they are ignored, so an export imports again.

Imported responses change figures, so writing them is an administrator's act. Whoever
manages the round (its coordinators, administrators) may check a file
(``import_file_check``) and submit a clean one (``import_batch_submit``): it is stored as a
pending ``ImportBatch`` and no response is written. Only an administrator commits a
pending batch (``import_batch_commit``) or an upload at once (``import_file_commit``),
rejects a pending batch (``import_batch_reject``), or withdraws a committed batch as a
whole until the round's results are published (``import_batch_withdraw``).

Every check runs again at commit, against the round as it is then. All-or-nothing: if any
row is bad, nothing is written and every bad row is reported with its line number. An
import never changes an existing response: a reference already in the round is a problem.
A row that would count for no dimension (the published method counts a respondent for a
dimension only with answers to at least half its statements) is refused, so it can never
be stored as a respondent.
"""

import csv
import hashlib
import io
import os
import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.models import (
    Answer,
    AreaRound,
    ImportBatch,
    ImportBatchStatus,
    Response,
    ResponseSource,
    ResponseStatus,
)
from assessments.scoring import (
    ScoreChangeReason,
    framework_parts,
    half_rounded_up,
    scores_mark_changed,
)
from assessments.selectors import EXPORT_TRAILING_COLUMNS
from assessments.services.rounds import area_round_is_open
from partnerships.access import require_administrator
from partnerships.models import Sector

FIXED_COLUMNS = ["respondent", "sector"]
# Letters, digits and . _ - only: a reference can never be read as a spreadsheet formula.
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# ASCII digits only (and a minus, for a scale below zero): int() also reads "３", "٣" and
# other Unicode digits, so a value could look unlike a number to whoever reviews the file
# and still be stored as one.
VALUE_PATTERN = re.compile(r"-?[0-9]{1,6}")
REASON_MAX_LENGTH = ImportBatch._meta.get_field("reason").max_length


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(ValidationError):
    """The file was not imported (or submitted); ``problems`` lists every bad line."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__([str(p) for p in problems], code="import_rejected")
        self.problems = problems


class ImportBatchAct(models.TextChoices):
    """An administrator's acts on a batch."""

    COMMIT = "commit", gettext_lazy("Import")
    REJECT = "reject", gettext_lazy("Reject")
    WITHDRAW = "withdraw", gettext_lazy("Withdraw")


@dataclass(frozen=True)
class ImportCheck:
    """A clean file's rows: how many, and how many in each sector."""

    rows: int
    by_sector: dict[str, int]

    def __str__(self):
        """For example "3 rows: Council 1, Voluntary and community sector 2"."""
        rows = ngettext("%(n)s row", "%(n)s rows", self.rows) % {"n": self.rows}
        parts = [
            f"{sector.label} {self.by_sector[sector]}"
            for sector in Sector
            if self.by_sector.get(sector)
        ]
        return f"{rows}: {', '.join(parts)}"


@dataclass
class _Row:
    line: int
    ref: str
    sector: str
    values: dict[int, int | None]  # question id -> value or None


def _reject(message: str) -> ImportRejected:
    return ImportRejected([RowProblem(1, message)])


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _reject(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from error


def _check_size(data: bytes) -> None:
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise _reject(_("The file is larger than %(n)s bytes.") % {"n": settings.IMPORT_MAX_BYTES})


def _parse(*, data: bytes, area_round: AreaRound) -> list[_Row]:
    """The file's rows, every check passed; or ``ImportRejected`` listing every problem."""
    _check_size(data)
    reader = csv.reader(io.StringIO(_decode(data)))
    try:
        return _parse_rows(reader=reader, area_round=area_round)
    except csv.Error as error:
        raise ImportRejected(
            [
                RowProblem(
                    max(reader.line_num, 1),
                    _("This line is not valid CSV (%(error)s).") % {"error": error},
                )
            ]
        ) from error


class _Columns:
    """The header's question columns (``(code, question or None)``, in file order), and
    whether a row's answers count for a dimension by the published method."""

    def __init__(self, *, header: list[str], area_round: AreaRound, problems: list[RowProblem]):
        _dimensions, questions = framework_parts(area_round.round.framework)
        by_code = {q["code"]: q for q in questions}
        self.questions_in = Counter(q["dimension_id"] for q in questions)
        self.dimension_of = {q["id"]: q["dimension_id"] for q in questions}
        self.width = len(header)
        codes = header[len(FIXED_COLUMNS) :]
        if codes[-len(EXPORT_TRAILING_COLUMNS) :] == EXPORT_TRAILING_COLUMNS:
            codes = codes[: -len(EXPORT_TRAILING_COLUMNS)]
        self.codes: list[tuple[str, dict | None]] = []
        seen = set()
        for code in codes:
            if code in seen:
                problems.append(
                    RowProblem(1, _("Question code %(code)s appears twice.") % {"code": code})
                )
            elif code not in by_code:
                problems.append(
                    RowProblem(1, _("Unknown question code “%(code)s”.") % {"code": code[:40]})
                )
            seen.add(code)
            self.codes.append((code, by_code.get(code)))

    def answer_cells(self, cells: list[str]) -> list[str]:
        """A row's cells under the question codes (the trailing export columns left out)."""
        start = len(FIXED_COLUMNS)
        return cells[start : start + len(self.codes)]

    def counts_for_a_dimension(self, values: dict[int, int | None]) -> bool:
        answered = Counter(
            self.dimension_of[question_id]
            for question_id, value in values.items()
            if value is not None
        )
        return any(
            count >= half_rounded_up(self.questions_in[dimension_id])
            for dimension_id, count in answered.items()
        )


def _parse_rows(*, reader, area_round: AreaRound) -> list[_Row]:
    framework = area_round.round.framework
    lo, hi = framework.scale_min, framework.scale_max
    problems: list[RowProblem] = []
    if not area_round_is_open(area_round):
        problems.append(
            RowProblem(1, _("The round is not open, so responses cannot be imported into it."))
        )
    header = next(reader, None)
    if header is None:
        raise _reject(_("The file is empty."))
    header = [cell.strip() for cell in header]
    if header[: len(FIXED_COLUMNS)] != FIXED_COLUMNS:
        raise _reject(_("The first two columns must be “respondent” and “sector”."))
    columns = _Columns(header=header, area_round=area_round, problems=problems)
    existing = {
        ref: (source, batch_id)
        for ref, source, batch_id in Response.objects.filter(area_round=area_round).values_list(
            "respondent_ref", "source", "import_batch_id"
        )
    }
    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != columns.width:
            problems.append(
                RowProblem(
                    line,
                    _("Expected %(expected)s columns, found %(found)s.")
                    % {"expected": columns.width, "found": len(cells)},
                )
            )
            continue
        ref, sector = cells[0].strip(), cells[1].strip().lower()
        row_problems = []
        if not REF_PATTERN.match(ref):
            row_problems.append(
                _(
                    "The respondent reference must be 1–64 letters, digits, dots, dashes or "
                    "underscores."
                )
            )
        elif ref in first_line_of:
            row_problems.append(
                _("Duplicate respondent “%(ref)s” (first on line %(first)s).")
                % {"ref": ref, "first": first_line_of[ref]}
            )
        elif ref in existing:
            row_problems.append(_already_in_round(ref, *existing[ref]))
        else:
            first_line_of[ref] = line
        if sector not in Sector.values:
            row_problems.append(
                _("Unknown sector “%(sector)s” (use council, vcs or other).")
                % {"sector": sector[:20]}
            )
        values: dict[int, int | None] = {}
        bad_value = False
        for (code, question), cell in zip(columns.codes, columns.answer_cells(cells), strict=True):
            cell = cell.strip()
            if question is None:
                continue  # an unknown code, reported once on line 1
            value = None
            if cell and VALUE_PATTERN.fullmatch(cell):
                value = int(cell)
            if cell and (value is None or not lo <= value <= hi):
                bad_value = True
                row_problems.append(
                    _(
                        "%(code)s: “%(value)s” is not a whole number from %(lo)s to %(hi)s "
                        "(digits 0–9)."
                    )
                    % {"code": code, "value": cell[:20], "lo": lo, "hi": hi}
                )
            values[question["id"]] = value
        if not bad_value and not columns.counts_for_a_dimension(values):
            row_problems.append(
                _(
                    "This row would count for no dimension, so it cannot be a respondent: "
                    "answer at least half of a dimension's statements (blanks do not count)."
                )
            )
        problems.extend(RowProblem(line, message) for message in row_problems)
        if not row_problems:
            rows.append(_Row(line=line, ref=ref, sector=sector, values=values))
    if not rows and not problems:
        problems.append(RowProblem(1, _("The file has no rows of answers.")))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return rows


def _already_in_round(ref: str, source: str, batch_id: int | None) -> str:
    if source == ResponseSource.IMPORT and batch_id is not None:
        where = _("imported in batch %(batch)s") % {"batch": batch_id}
    elif source == ResponseSource.IMPORT:
        where = _("imported before batches were recorded")
    else:
        where = _("an online response")
    return _(
        "Respondent “%(ref)s” is already in this round (%(where)s). An import never "
        "changes an existing response: use a new reference."
    ) % {"ref": ref, "where": where}


def _check_result(rows: list[_Row]) -> ImportCheck:
    return ImportCheck(rows=len(rows), by_sector=dict(Counter(row.sector for row in rows)))


def _locked_round(area_round_id: int) -> AreaRound:
    return (
        AreaRound.objects.select_for_update(of=("self",))
        .select_related("area", "round__framework")
        .get(pk=area_round_id)
    )


def _new_batch(*, area_round: AreaRound, file_name: str, data: bytes, rows: int, by):
    batch = ImportBatch(
        area_round=area_round,
        status=ImportBatchStatus.PENDING,
        # The name as the person's computer gave it, without any folders.
        file_name=os.path.basename(file_name.replace("\\", "/"))[:255] or "import.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        rows=rows,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    batch.full_clean()
    batch.save()
    return batch


def _write(*, area_round: AreaRound, batch: ImportBatch, rows: list[_Row], by) -> None:
    """Store the rows as the batch's responses and mark it committed by ``by``."""
    now = timezone.now()
    responses = []
    for row in rows:
        response = Response(
            area_round=area_round,
            respondent_ref=row.ref,
            sector=row.sector,
            source=ResponseSource.IMPORT,
            import_batch=batch,
            status=ResponseStatus.SUBMITTED,
            submitted_at=now,
            updated_at=now,
        )
        response.clean_fields(exclude=["area_round", "user", "invitation", "organisation"])
        responses.append(response)
    Response.objects.bulk_create(responses)
    ids = dict(Response.objects.filter(import_batch=batch).values_list("respondent_ref", "pk"))
    Answer.objects.bulk_create(
        [
            Answer(response_id=ids[row.ref], question_id=question_id, value=value)
            for row in rows
            for question_id, value in row.values.items()
        ],
        batch_size=500,
    )
    batch.status = ImportBatchStatus.COMMITTED
    batch.committed_by = by
    batch.committed_at = now
    batch.save(update_fields=["status", "committed_by", "committed_at"])
    scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.IMPORTED)


def import_file_check(*, area_round: AreaRound, data: bytes) -> ImportCheck:
    """Check a file against the round as it is now; writes nothing.

    Raises ``ImportRejected`` listing every bad line.
    """
    return _check_result(_parse(data=data, area_round=area_round))


@transaction.atomic
def import_batch_submit(*, area_round: AreaRound, file_name: str, data: bytes, by) -> ImportBatch:
    """Store a clean file as a pending batch for an administrator to commit; no response
    is written. The caller has checked that ``by`` manages the round.

    Raises ``ImportRejected`` listing every bad line; nothing is stored then.
    """
    rows = _parse(data=data, area_round=area_round)
    return _new_batch(area_round=area_round, file_name=file_name, data=data, rows=len(rows), by=by)


@transaction.atomic
def import_batch_commit(*, batch: ImportBatch, by) -> ImportBatch:
    """Import a pending batch's file: checked again against the round as it is now, then
    every row written as a submitted response of the batch, or none.

    Raises ``PermissionDenied`` unless ``by`` is an administrator, ``ValidationError`` if
    the batch is no longer pending, ``ImportRejected`` listing every bad line.
    """
    require_administrator(by)
    area_round = _locked_round(batch.area_round_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _refuse_unless_possible(batch=batch, act=ImportBatchAct.COMMIT, area_round=area_round)
    rows = _parse(data=bytes(batch.content), area_round=area_round)
    _write(area_round=area_round, batch=batch, rows=rows, by=by)
    return batch


@transaction.atomic
def import_file_commit(*, area_round: AreaRound, file_name: str, data: bytes, by) -> ImportBatch:
    """An administrator's upload, imported at once: recorded as a batch submitted and
    committed by ``by``, all rows or none.

    Raises ``PermissionDenied`` unless ``by`` is an administrator, ``ImportRejected``
    listing every bad line (nothing is stored then).
    """
    require_administrator(by)
    area_round = _locked_round(area_round.pk)
    rows = _parse(data=data, area_round=area_round)
    batch = _new_batch(
        area_round=area_round, file_name=file_name, data=data, rows=len(rows), by=by
    )
    _write(area_round=area_round, batch=batch, rows=rows, by=by)
    return batch


def import_batch_refusal(
    *, batch: ImportBatch, act: ImportBatchAct, area_round: AreaRound
) -> str | None:
    """Why ``act`` cannot be done to the batch now, or None if it can. The state rules
    only: who may act is checked separately, and a commit checks the file again."""
    if act in (ImportBatchAct.COMMIT, ImportBatchAct.REJECT):
        if batch.status != ImportBatchStatus.PENDING:
            return _("Only a batch waiting for an administrator can be imported or rejected.")
        return None
    if batch.status != ImportBatchStatus.COMMITTED:
        return _("Only an imported batch can be withdrawn.")
    if area_round.is_published:
        return _(
            "The round's results are published, and published figures do not change: "
            "this batch can no longer be withdrawn."
        )
    return None


def import_batch_acts(*, batch: ImportBatch, area_round: AreaRound) -> list[ImportBatchAct]:
    """The acts an administrator may still do to the batch."""
    return [
        act
        for act in ImportBatchAct
        if import_batch_refusal(batch=batch, act=act, area_round=area_round) is None
    ]


def _refuse_unless_possible(*, batch: ImportBatch, act: ImportBatchAct, area_round) -> None:
    refusal = import_batch_refusal(batch=batch, act=act, area_round=area_round)
    if refusal is not None:
        raise ValidationError(refusal, code="not_now")


def _reason_required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")}, code="required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason to %(n)s characters.") % {"n": REASON_MAX_LENGTH}},
            code="max_length",
        )
    return reason


@transaction.atomic
def import_batch_reject(*, batch: ImportBatch, by, reason: str) -> ImportBatch:
    """Refuse a pending batch, with the reason; its file is kept, nothing is imported.

    Raises ``PermissionDenied`` unless ``by`` is an administrator, ``ValidationError`` if
    the batch is not pending or the reason is missing.
    """
    require_administrator(by)
    reason = _reason_required(reason)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _refuse_unless_possible(batch=batch, act=ImportBatchAct.REJECT, area_round=batch.area_round)
    batch.status = ImportBatchStatus.REJECTED
    batch.rejected_by = by
    batch.rejected_at = timezone.now()
    batch.reason = reason
    batch.full_clean(exclude=["content"])
    batch.save(update_fields=["status", "rejected_by", "rejected_at", "reason"])
    return batch


@transaction.atomic
def import_batch_withdraw(*, batch: ImportBatch, by, reason: str) -> ImportBatch:
    """Remove a committed batch's responses and their answers, keep the batch marked
    withdrawn with who, when and why, and refresh the round's figures. Published figures
    do not change, so once the round's results are published this is refused.

    Raises ``PermissionDenied`` unless ``by`` is an administrator, ``ValidationError`` if
    the batch is not committed, the results are published or the reason is missing.
    """
    require_administrator(by)
    reason = _reason_required(reason)
    area_round = _locked_round(batch.area_round_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _refuse_unless_possible(batch=batch, act=ImportBatchAct.WITHDRAW, area_round=area_round)
    Response.objects.filter(import_batch=batch).delete()
    batch.status = ImportBatchStatus.WITHDRAWN
    batch.withdrawn_by = by
    batch.withdrawn_at = timezone.now()
    batch.reason = reason
    batch.full_clean(exclude=["content"])
    batch.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "reason"])
    scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.IMPORT_WITHDRAWN)
    return batch
