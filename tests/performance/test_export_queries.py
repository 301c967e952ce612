"""The raw export streams every response in a fixed number of SQL statements, however many
responses there are (the survey app it replaces issued one query per answer)."""

import csv
import io

from django.urls import reverse

from assessments.scoring import framework_parts
from tests.factories import submitted_response

# Session read, user, area round (with area, round, framework), memberships, and
# one streamed query for the data (answers aggregated per response in the database). The
# framework's questions are cached per process: 2 more on the first export of a framework.
RAW_EXPORT_STATEMENTS = 5


def _export(client, world, count_statements):
    url = reverse(
        "responses_export", kwargs={"area": world.area_a.slug, "round": world.round.slug}
    )
    chunks = []

    def download():
        response = client.get(url)
        chunks.extend(response.streaming_content)
        return response

    framework_parts(world.round.framework)  # as after the first export in the process
    response, sql = count_statements(download)
    assert response.status_code == 200
    assert response.streaming
    return list(csv.reader(io.StringIO(b"".join(chunks).decode()))), sql


def test_the_raw_export_takes_the_same_statements_for_3_or_30_responses(
    client, world, count_statements
):
    client.force_login(world.admin)
    for _ in range(3):
        submitted_response(area_round=world.area_round_a, default=4)
    rows, few = _export(client, world, count_statements)
    assert len(rows) == 1 + 3
    for _ in range(27):
        submitted_response(area_round=world.area_round_a, default=2)
    rows, many = _export(client, world, count_statements)
    assert len(rows) == 1 + 30
    assert {row[2] for row in rows[1:]} == {"4", "2"}
    assert len(few) == len(many) == RAW_EXPORT_STATEMENTS, "\n".join(many)
