"""Importing responses from CSV, and the round trip with the raw export (services.imports)."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import Answer, AreaRound, AreaRoundStatus, Response, ResponseStatus
from assessments.selectors import export_rows
from assessments.services.imports import ImportRejected, responses_import
from assessments.services.responses import response_start


@pytest.fixture
def codes(world):
    return list(
        world.round.framework.questions.order_by(
            "dimension__order", "dimension__pk", "order", "pk"
        ).values_list("code", flat=True)
    )


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _good_file(codes, n=3):
    rows = [["respondent", "sector", *codes]]
    sectors = ["council", "vcs", "other"]
    for i in range(n):
        values = [str(1 + (i + j) % 5) if (i + j) % 7 else "" for j in range(len(codes))]
        rows.append([f"P{i + 1:03d}", sectors[i % 3], *values])
    return rows


def test_it_imports_a_good_file_as_submitted_responses(world, codes):
    rows = _good_file(codes)
    outcome = responses_import(area_round=world.area_round_a, data=_csv(rows).encode())
    assert (outcome.created, outcome.updated) == (3, 0)
    responses = Response.objects.filter(area_round=world.area_round_a).order_by("respondent_ref")
    assert [(r.respondent_ref, r.sector, r.status, r.source) for r in responses] == [
        ("P001", "council", ResponseStatus.SUBMITTED, "import"),
        ("P002", "vcs", ResponseStatus.SUBMITTED, "import"),
        ("P003", "other", ResponseStatus.SUBMITTED, "import"),
    ]
    stored = Answer.objects.get(response__respondent_ref="P002", question__code=codes[0])
    assert stored.value == int(rows[2][2])
    blank = Answer.objects.get(response__respondent_ref="P001", question__code=codes[0])
    assert rows[1][2] == "" and blank.value is None


def test_importing_and_exporting_give_the_same_rows(world, codes):
    rows = _good_file(codes, n=5)
    responses_import(area_round=world.area_round_a, data=_csv(rows))
    assert list(export_rows(area_round=world.area_round_a)) == rows


def test_reimporting_a_reference_updates_that_response(world, codes):
    rows = _good_file(codes, n=2)
    responses_import(area_round=world.area_round_a, data=_csv(rows))
    rows[1] = ["P001", "vcs", *(["5"] * len(codes))]
    outcome = responses_import(area_round=world.area_round_a, data=_csv(rows[:2]))
    assert (outcome.created, outcome.updated) == (0, 1)
    assert Response.objects.filter(area_round=world.area_round_a).count() == 2
    assert set(
        Answer.objects.filter(response__respondent_ref="P001").values_list("value", flat=True)
    ) == {5}
    assert Response.objects.get(respondent_ref="P001").sector == "vcs"


@pytest.mark.parametrize(
    ("mutate", "line", "reason"),
    [
        (lambda rows: rows[0].append("NOPE9"), 1, "Unknown question code"),
        (lambda rows: rows[2].__setitem__(2, "6"), 3, "is not a whole number from 1 to 5"),
        (lambda rows: rows[2].__setitem__(2, "two"), 3, "is not a whole number"),
        (lambda rows: rows[3].__setitem__(0, "P001"), 4, "Duplicate respondent"),
        (lambda rows: rows[2].__setitem__(1, "business"), 3, "Unknown sector"),
        (lambda rows: rows[2].__setitem__(0, "=cmd()"), 3, "respondent reference"),
        (lambda rows: rows[2].pop(), 3, "columns"),
    ],
)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(
    world, codes, mutate, line, reason
):
    rows = _good_file(codes, n=3)
    mutate(rows)
    if rows[0][-1] == "NOPE9":
        for row in rows[1:]:
            row.append("")
    with pytest.raises(ImportRejected) as error:
        responses_import(area_round=world.area_round_a, data=_csv(rows))
    assert any(p.line == line and reason in p.message for p in error.value.problems), (
        error.value.problems
    )
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_every_bad_row_is_reported_at_once(world, codes):
    rows = _good_file(codes, n=4)
    rows[1][1] = "nobody"
    rows[3][2] = "9"
    rows[4][0] = "P001"
    with pytest.raises(ImportRejected) as error:
        responses_import(area_round=world.area_round_a, data=_csv(rows))
    assert [p.line for p in error.value.problems] == [2, 4, 5]


def test_a_closed_round_takes_no_import(world, codes):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    world.area_round_a.refresh_from_db()
    with pytest.raises(ImportRejected) as error:
        responses_import(area_round=world.area_round_a, data=_csv(_good_file(codes)))
    assert "not open" in error.value.problems[0].message
    assert not Response.objects.exists()


def test_an_import_never_replaces_an_online_response(world, codes):
    online = response_start(user=world.respondent_a, area_round=world.area_round_a, sector="vcs")
    rows = _good_file(codes, n=1)
    rows[1][0] = online.respondent_ref
    with pytest.raises(ImportRejected) as error:
        responses_import(area_round=world.area_round_a, data=_csv(rows))
    assert "online response" in error.value.problems[0].message
    assert not Answer.objects.exists()


def test_an_oversized_file_is_refused(world, codes, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportRejected):
        responses_import(area_round=world.area_round_a, data=_csv(_good_file(codes)))
    assert not Response.objects.exists()


def test_the_command_imports_a_file(world, codes, tmp_path):
    path = tmp_path / "paper.csv"
    path.write_text(_csv(_good_file(codes)), encoding="utf-8-sig")
    out = io.StringIO()
    call_command(
        "import_responses", "--area", "area-a", "--round", "spring", str(path), stdout=out
    )
    assert "Imported 3 new" in out.getvalue()
    assert Response.objects.filter(area_round=world.area_round_a).count() == 3


def test_the_command_reports_bad_lines_and_writes_nothing(world, codes, tmp_path):
    rows = _good_file(codes)
    rows[2][1] = "business"
    path = tmp_path / "paper.csv"
    path.write_text(_csv(rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_responses", "--area", "area-a", "--round", "spring", str(path), stderr=err
        )
    assert "Line 3: Unknown sector" in err.getvalue()
    assert not Response.objects.exists()
