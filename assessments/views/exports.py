"""The administrators' raw CSV downloads of an area round: responses and comments."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from assessments import selectors
from common.spreadsheets import spreadsheet_safe
from partnerships.access import require_admin


def _csv_chunks(rows, *, size: int = 64 * 1024):
    """CSV text of ``rows`` in chunks of about ``size`` characters: a streamed response of
    many small chunks spends its time passing them along, one at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def _csv_download(area_round, rows, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
    filename = f"{area_round.area.slug}-{area_round.round.slug}-{name}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _administered_round(request, area: str, round: str):
    area_round = selectors.area_round_get_by_slug(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    return area_round


@login_required
@require_GET
def responses_export(request, area: str, round: str):
    """The raw responses as CSV (import format, pseudonymous), for administrators only."""
    area_round = _administered_round(request, area, round)
    rows = selectors.response_export_rows(area_round=area_round)
    return _csv_download(area_round, rows, "responses")


@login_required
@require_GET
def comments_export(request, area: str, round: str):
    """The comments the outputs would show as CSV, hidden ones included and marked with the
    latest decision, for administrators only. Comments are free text: every cell is made
    safe to open in a spreadsheet."""
    area_round = _administered_round(request, area, round)
    rows = (
        [spreadsheet_safe(cell) for cell in row]
        for row in selectors.comment_export_rows(area_round=area_round)
    )
    return _csv_download(area_round, rows, "comments")
