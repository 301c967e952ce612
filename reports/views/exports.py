"""Scores CSV and XLSX for a round, across the areas the person may see (withholding applied)."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from assessments.models import Round
from common.spreadsheets import spreadsheet_safe as _safe_text
from partnerships.access import can_see_progress
from reports.selectors import (
    SCORE_COLUMNS,
    area_round_list_of_round,
    result_list_visible,
    score_row_list,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value + 0.0:.1f}"
    return _safe_text(value)


class NothingPublished(Exception):
    """The person will see figures of this round once an area publishes them."""


def _score_rows(user, round: Round) -> list[dict]:
    """Rows for every area of the round whose results the person may see; 404 if they
    have no business with the round, ``NothingPublished`` if nothing is published yet."""
    results = result_list_visible(user=user, round=round)
    if not results:
        if any(
            can_see_progress(user, ar) for ar in area_round_list_of_round(user=user, round=round)
        ):
            raise NothingPublished
        raise Http404
    return [row for result in results for row in score_row_list(result=result)]


def _nothing_published(request, round: Round):
    return render(request, "reports/round_not_published.html", {"round": round}, status=403)


def _filename(round: Round, extension: str) -> str:
    return f"pip-scores-{round.slug}.{extension}"


@require_GET
@login_required
def scores_csv(request, round):
    round = get_object_or_404(Round, slug=round)
    try:
        rows = _score_rows(request.user, round)
    except NothingPublished:
        return _nothing_published(request, round)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SCORE_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in SCORE_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(round, "csv")}"'
    return response


@require_GET
@login_required
def scores_xlsx(request, round):
    round = get_object_or_404(Round, slug=round)
    try:
        rows = _score_rows(request.user, round)
    except NothingPublished:
        return _nothing_published(request, round)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Scores")
    sheet.append(list(SCORE_COLUMNS))
    for row in rows:
        sheet.append([_safe_text(row[column]) for column in SCORE_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(round, "xlsx")}"'
    return response
