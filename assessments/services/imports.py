"""Import responses from CSV (paper forms from a workshop, or another survey tool).

Format, shared with the raw export: a header ``respondent,sector,<question code>…``, then
one row per respondent: an opaque reference unique within the file, a sector (``council``,
``vcs`` or ``other``) and each answer as a whole number on the framework's scale, or empty.

All-or-nothing: if any row is bad, nothing is written and every bad row is reported with
its line number and reason. Importing a reference again updates that response.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    AreaRound,
    Question,
    Response,
    ResponseSource,
    ResponseStatus,
)
from assessments.scoring import scores_mark_changed
from assessments.services.rounds import ScoreChangeReason, area_round_is_open
from partnerships.models import Sector

FIXED_COLUMNS = ["respondent", "sector"]
# Letters, digits and . _ - only: a reference can never be read as a spreadsheet formula.
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(ValidationError):
    """The file was not imported; ``problems`` lists every bad line."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__([str(p) for p in problems], code="import_rejected")
        self.problems = problems


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    refs: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    ref: str
    sector: str
    values: dict[int, int | None]  # question id -> value or None


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [RowProblem(1, _("The file is not UTF-8 text (save it as CSV UTF-8)."))]
        ) from error


def _parse(*, text: str, area_round: AreaRound) -> list[_Row]:
    reader = csv.reader(io.StringIO(text))
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
        raise ImportRejected([RowProblem(1, _("The file is empty."))])
    header = [cell.strip() for cell in header]
    if header[:2] != FIXED_COLUMNS:
        raise ImportRejected(
            [RowProblem(1, _("The first two columns must be “respondent” and “sector”."))]
        )
    questions = dict(Question.objects.filter(framework=framework).values_list("code", "pk"))
    columns: list[tuple[str, int]] = []
    seen_codes = set()
    for code in header[2:]:
        if code in seen_codes:
            problems.append(
                RowProblem(1, _("Question code %(code)s appears twice.") % {"code": code})
            )
        elif code not in questions:
            problems.append(
                RowProblem(1, _("Unknown question code “%(code)s”.") % {"code": code[:40]})
            )
        seen_codes.add(code)
        columns.append((code, questions.get(code)))
    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                RowProblem(
                    line,
                    _("Expected %(expected)s columns, found %(found)s.")
                    % {"expected": len(header), "found": len(cells)},
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
        else:
            first_line_of[ref] = line
        if sector not in Sector.values:
            row_problems.append(
                _("Unknown sector “%(sector)s” (use council, vcs or other).")
                % {"sector": sector[:20]}
            )
        values: dict[int, int | None] = {}
        for (code, question_id), cell in zip(columns, cells[2:], strict=True):
            cell = cell.strip()
            if not cell:
                values[question_id] = None
                continue
            try:
                value = int(cell)
            except ValueError:
                value = None
            if value is None or not lo <= value <= hi:
                row_problems.append(
                    _("%(code)s: “%(value)s” is not a whole number from %(lo)s to %(hi)s.")
                    % {"code": code, "value": cell[:20], "lo": lo, "hi": hi}
                )
            values[question_id] = value
        problems.extend(RowProblem(line, message) for message in row_problems)
        if not row_problems:
            rows.append(_Row(line=line, ref=ref, sector=sector, values=values))
    if not problems:
        online = Response.objects.filter(
            area_round=area_round, respondent_ref__in=[r.ref for r in rows]
        ).exclude(source=ResponseSource.IMPORT)
        online_refs = set(online.values_list("respondent_ref", flat=True))
        for row in rows:
            if row.ref in online_refs:
                problems.append(
                    RowProblem(
                        row.line,
                        _("Respondent “%(ref)s” is an online response and cannot be replaced.")
                        % {"ref": row.ref},
                    )
                )
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return rows


def responses_import(*, area_round: AreaRound, data: bytes | str) -> ImportOutcome:
    """Import a CSV file into an open area round (all-or-nothing; see the module docstring).

    Raises ``ImportRejected`` listing every bad line; nothing is written then.
    """
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportRejected(
            [
                RowProblem(
                    1,
                    _("The file is larger than %(n)s bytes.") % {"n": settings.IMPORT_MAX_BYTES},
                )
            ]
        )
    with transaction.atomic():
        area_round = (
            AreaRound.objects.select_for_update(of=("self",))
            .select_related("round__framework")
            .get(pk=area_round.pk)
        )
        rows = _parse(text=_decode(data), area_round=area_round)
        outcome = ImportOutcome(refs=[row.ref for row in rows])
        if not rows:
            return outcome
        now = timezone.now()
        existing = {
            response.respondent_ref: response
            for response in Response.objects.filter(
                area_round=area_round, respondent_ref__in=outcome.refs
            )
        }
        new = []
        for row in rows:
            response = existing.get(row.ref)
            if response is None:
                response = Response(area_round=area_round, respondent_ref=row.ref)
                new.append(response)
            response.sector = row.sector
            response.source = ResponseSource.IMPORT
            response.status = ResponseStatus.SUBMITTED
            response.submitted_at = now
            response.updated_at = now
            response.clean_fields(exclude=["area_round", "user", "invitation", "organisation"])
        Response.objects.bulk_create(new)
        Response.objects.bulk_update(
            list(existing.values()), ["sector", "source", "status", "submitted_at", "updated_at"]
        )
        ids = dict(
            Response.objects.filter(
                area_round=area_round, respondent_ref__in=outcome.refs
            ).values_list("respondent_ref", "pk")
        )
        Answer.objects.bulk_create(
            [
                Answer(response_id=ids[row.ref], question_id=question_id, value=value)
                for row in rows
                for question_id, value in row.values.items()
            ],
            update_conflicts=True,
            unique_fields=["response", "question"],
            update_fields=["value", "dont_know"],
            batch_size=500,
        )
        outcome.created, outcome.updated = len(new), len(existing)
        scores_mark_changed(area_round=area_round, reason=ScoreChangeReason.IMPORTED)
    return outcome
