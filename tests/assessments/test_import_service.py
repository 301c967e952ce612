"""Importing responses from CSV (services.imports): checking, submitting, committing,
rejecting and withdrawing batches, the row rules, and the round trip with the raw export."""

import csv
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from assessments.models import (
    Answer,
    AreaRound,
    AreaRoundStatus,
    AreaScore,
    ImportBatch,
    ImportBatchStatus,
    Question,
    Response,
    ResponseStatus,
)
from assessments.scoring import half_rounded_up
from assessments.selectors import response_export_rows
from assessments.services.imports import (
    ImportBatchAct,
    ImportCheck,
    ImportRejected,
    import_batch_acts,
    import_batch_commit,
    import_batch_reject,
    import_batch_submit,
    import_batch_withdraw,
    import_file_check,
    import_file_commit,
)
from assessments.services.responses import response_start


@pytest.fixture
def codes(world):
    return list(
        world.round.framework.questions.order_by(
            "dimension__order", "dimension__pk", "order", "pk"
        ).values_list("code", flat=True)
    )


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _good_file(codes, n=3, start=1):
    rows = [["respondent", "sector", *codes]]
    sectors = ["council", "vcs", "other"]
    for i in range(n):
        values = [str(1 + (i + j) % 5) if (i + j) % 7 else "" for j in range(len(codes))]
        rows.append([f"P{start + i:03d}", sectors[i % 3], *values])
    return rows


def _commit(world, rows, area_round=None) -> ImportBatch:
    return import_file_commit(
        area_round=area_round or world.area_round_a,
        file_name="paper.csv",
        data=_csv(rows),
        by=world.admin,
    )


def _submit(world, rows) -> ImportBatch:
    return import_batch_submit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(rows),
        by=world.coordinator_a,
    )


def _problems(call) -> list:
    with pytest.raises(ImportRejected) as error:
        call()
    return error.value.problems


def _nothing_written():
    return not Response.objects.exists() and not Answer.objects.exists()


# --- committing -----------------------------------------------------------------------------


def test_an_administrator_imports_a_good_file_as_one_committed_batch(world, codes):
    rows = _good_file(codes)
    batch = _commit(world, rows)
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.COMMITTED
    assert (batch.submitted_by, batch.committed_by) == (world.admin, world.admin)
    assert batch.committed_at is not None and batch.rows == 3
    assert batch.file_name == "paper.csv"
    assert batch.sha256 == hashlib.sha256(_csv(rows)).hexdigest()
    assert bytes(batch.content) == _csv(rows)
    responses = Response.objects.filter(area_round=world.area_round_a).order_by("respondent_ref")
    assert [
        (r.respondent_ref, r.sector, r.status, r.source, r.import_batch) for r in responses
    ] == [
        ("P001", "council", ResponseStatus.SUBMITTED, "import", batch),
        ("P002", "vcs", ResponseStatus.SUBMITTED, "import", batch),
        ("P003", "other", ResponseStatus.SUBMITTED, "import", batch),
    ]
    stored = Answer.objects.get(response__respondent_ref="P002", question__code=codes[0])
    assert stored.value == int(rows[2][2])
    blank = Answer.objects.get(response__respondent_ref="P001", question__code=codes[0])
    assert rows[1][2] == "" and blank.value is None


def test_the_file_name_keeps_no_folders(world, codes):
    batch = import_file_commit(
        area_round=world.area_round_a,
        file_name="C:\\Users\\someone\\forms.csv",
        data=_csv(_good_file(codes, n=1)),
        by=world.admin,
    )
    assert batch.file_name == "forms.csv"


def test_importing_and_exporting_give_the_same_rows_plus_source_and_batch(world, codes):
    rows = _good_file(codes, n=5)
    batch = _commit(world, rows)
    assert list(response_export_rows(area_round=world.area_round_a)) == [
        [*rows[0], "source", "import_batch"],
        *([*row, "import", str(batch.pk)] for row in rows[1:]),
    ]


def test_an_export_imports_again_its_trailing_columns_ignored(world, codes):
    _commit(world, _good_file(codes, n=4))
    exported = list(response_export_rows(area_round=world.area_round_a))
    assert exported[0][-2:] == ["source", "import_batch"]
    again = _commit(world, exported, area_round=world.area_round_b)
    assert again.rows == 4
    assert [row[:-1] for row in response_export_rows(area_round=world.area_round_b)] == [
        row[:-1] for row in exported
    ]
    assert {row[-1] for row in list(response_export_rows(area_round=world.area_round_b))[1:]} == {
        str(again.pk)
    }


def test_a_coordinator_cannot_commit_an_upload_or_a_batch(world, codes):
    rows = _good_file(codes)
    with pytest.raises(PermissionDenied):
        import_file_commit(
            area_round=world.area_round_a,
            file_name="paper.csv",
            data=_csv(rows),
            by=world.coordinator_a,
        )
    batch = _submit(world, rows)
    with pytest.raises(PermissionDenied):
        import_batch_commit(batch=batch, by=world.coordinator_a)
    assert _nothing_written()
    assert list(ImportBatch.objects.values_list("status", flat=True)) == ["pending"]


def test_committing_a_pending_batch_writes_its_rows(world, codes):
    batch = _submit(world, _good_file(codes))
    batch = import_batch_commit(batch=batch, by=world.admin)
    assert batch.status == ImportBatchStatus.COMMITTED and batch.committed_by == world.admin
    assert batch.submitted_by == world.coordinator_a
    assert Response.objects.filter(import_batch=batch).count() == 3


def test_a_commit_checks_the_file_again_and_writes_nothing_if_it_is_now_bad(world, codes):
    pending = _submit(world, _good_file(codes, n=3))
    first = _commit(world, _good_file(codes, n=1, start=2))  # P002 is now in the round
    problems = _problems(lambda: import_batch_commit(batch=pending, by=world.admin))
    assert [p.line for p in problems] == [3]
    assert "P002" in problems[0].message and f"batch {first.pk}" in problems[0].message
    assert Response.objects.count() == 1
    pending.refresh_from_db()
    assert pending.status == ImportBatchStatus.PENDING


def test_a_batch_is_committed_only_once(world, codes):
    batch = import_batch_commit(batch=_submit(world, _good_file(codes)), by=world.admin)
    with pytest.raises(ValidationError, match="waiting for an administrator"):
        import_batch_commit(batch=batch, by=world.admin)
    assert Response.objects.count() == 3


def test_committing_refreshes_the_stored_figures(world, codes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _commit(world, _good_file(codes, n=6))
    assert AreaScore.objects.get(area_round=world.area_round_a).respondents_total == 6


# --- checking and submitting ---------------------------------------------------------------


def test_checking_a_file_writes_nothing(world, codes):
    check = import_file_check(area_round=world.area_round_a, data=_csv(_good_file(codes, n=4)))
    assert check == ImportCheck(rows=4, by_sector={"council": 2, "vcs": 1, "other": 1})
    assert str(check) == "4 rows: Council 2, Voluntary and community sector 1, Other public body 1"
    assert _nothing_written() and not ImportBatch.objects.exists()


def test_checking_a_bad_file_lists_its_problems_and_writes_nothing(world, codes):
    rows = _good_file(codes)
    rows[2][1] = "martian"
    problems = _problems(lambda: import_file_check(area_round=world.area_round_a, data=_csv(rows)))
    assert [(p.line, "Unknown sector" in p.message) for p in problems] == [(3, True)]
    assert _nothing_written() and not ImportBatch.objects.exists()


def test_submitting_stores_a_pending_batch_and_no_response(world, codes):
    rows = _good_file(codes)
    batch = _submit(world, rows)
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING
    assert (batch.submitted_by, batch.rows, batch.file_name) == (
        world.coordinator_a,
        3,
        "paper.csv",
    )
    assert batch.submitted_at is not None and batch.committed_at is None
    assert batch.sha256 == hashlib.sha256(_csv(rows)).hexdigest()
    assert bytes(batch.content) == _csv(rows)
    assert _nothing_written()


def test_a_bad_file_is_not_submitted(world, codes):
    rows = _good_file(codes)
    rows[1][2] = "9"
    _problems(lambda: _submit(world, rows))
    assert not ImportBatch.objects.exists()


# --- rejecting and withdrawing -------------------------------------------------------------


def test_an_administrator_rejects_a_pending_batch_with_a_reason(world, codes):
    batch = import_batch_reject(
        batch=_submit(world, _good_file(codes)), by=world.admin, reason="  Not our forms. "
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.REJECTED
    assert (batch.rejected_by, batch.reason) == (world.admin, "Not our forms.")
    assert batch.rejected_at is not None
    assert import_batch_acts(batch=batch, area_round=world.area_round_a) == []
    with pytest.raises(ValidationError):
        import_batch_commit(batch=batch, by=world.admin)
    assert _nothing_written()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_rejecting_needs_a_reason_of_reasonable_length(world, codes, reason):
    batch = _submit(world, _good_file(codes))
    with pytest.raises(ValidationError) as error:
        import_batch_reject(batch=batch, by=world.admin, reason=reason)
    assert "reason" in error.value.message_dict
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING


def test_a_coordinator_cannot_reject_or_withdraw(world, codes):
    pending = _submit(world, _good_file(codes))
    committed = _commit(world, _good_file(codes, n=2, start=10))
    with pytest.raises(PermissionDenied):
        import_batch_reject(batch=pending, by=world.coordinator_a, reason="mine")
    with pytest.raises(PermissionDenied):
        import_batch_withdraw(batch=committed, by=world.coordinator_a, reason="mine")
    assert Response.objects.filter(import_batch=committed).count() == 2
    assert set(ImportBatch.objects.values_list("status", flat=True)) == {"pending", "committed"}


def test_withdrawing_removes_the_batch_responses_and_keeps_the_batch(world, codes):
    kept = _commit(world, _good_file(codes, n=2))
    batch = _commit(world, _good_file(codes, n=3, start=10))
    assert import_batch_acts(batch=batch, area_round=world.area_round_a) == [
        ImportBatchAct.WITHDRAW
    ]
    import_batch_withdraw(batch=batch, by=world.admin, reason="Planted rows")
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.WITHDRAWN
    assert (batch.withdrawn_by, batch.reason, batch.rows) == (world.admin, "Planted rows", 3)
    assert batch.withdrawn_at is not None and batch.committed_at is not None
    assert not Response.objects.filter(import_batch=batch).exists()
    assert not Answer.objects.filter(
        response__respondent_ref__in=["P010", "P011", "P012"]
    ).exists()
    assert Response.objects.filter(import_batch=kept).count() == 2
    assert import_batch_acts(batch=batch, area_round=world.area_round_a) == []


def test_withdrawing_removes_the_batch_responses_from_the_stored_figures(
    world, codes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _commit(world, _good_file(codes, n=3))
        planted = _commit(world, _good_file(codes, n=2, start=10))
    assert AreaScore.objects.get(area_round=world.area_round_a).respondents_total == 5
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_withdraw(batch=planted, by=world.admin, reason="Invented forms")
    score = AreaScore.objects.get(area_round=world.area_round_a)
    assert score.respondents_total == 3
    assert score.data_version == AreaRound.objects.get(pk=world.area_round_a.pk).data_version


def test_withdrawal_after_publication_is_refused(world, codes):
    batch = _commit(world, _good_file(codes))
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        status=AreaRoundStatus.CLOSED, results_published_at=timezone.now()
    )
    world.area_round_a.refresh_from_db()
    assert import_batch_acts(batch=batch, area_round=world.area_round_a) == []
    with pytest.raises(ValidationError, match="published"):
        import_batch_withdraw(batch=batch, by=world.admin, reason="Too late")
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.COMMITTED
    assert Response.objects.filter(import_batch=batch).count() == 3


def test_withdrawal_in_a_closed_unpublished_round_is_allowed(world, codes):
    batch = _commit(world, _good_file(codes))
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    import_batch_withdraw(batch=batch, by=world.admin, reason="Wrong area")
    assert not Response.objects.exists()


def test_only_a_committed_batch_is_withdrawn(world, codes):
    batch = _submit(world, _good_file(codes))
    with pytest.raises(ValidationError, match="Only an imported batch"):
        import_batch_withdraw(batch=batch, by=world.admin, reason="Nope")


# --- the rows --------------------------------------------------------------------------------


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
    problems = _problems(lambda: _commit(world, rows))
    assert any(p.line == line and reason in p.message for p in problems), problems
    assert _nothing_written() and not ImportBatch.objects.exists()


def test_every_bad_row_is_reported_at_once(world, codes):
    rows = _good_file(codes, n=4)
    rows[1][1] = "nobody"
    rows[3][2] = "9"
    rows[4][0] = "P001"
    assert [p.line for p in _problems(lambda: _commit(world, rows))] == [2, 4, 5]


@pytest.mark.parametrize(
    "value",
    ["３", "٣", "۳", "३", "3.0", "+3", "0x3", "3e0", "³"],
    ids=[
        "fullwidth",
        "arabic-indic",
        "persian",
        "devanagari",
        "decimal",
        "plus",
        "hex",
        "exp",
        "superscript",
    ],
)
def test_values_must_be_ascii_digits(world, codes, value):
    assert int("３") == 3  # what Python's int() would have let through
    rows = _good_file(codes, n=2)
    rows[2][3] = value
    problems = _problems(lambda: _commit(world, rows))
    assert [p.line for p in problems] == [3]
    assert codes[1] in problems[0].message and "digits 0–9" in problems[0].message
    assert _nothing_written()


def test_a_reference_already_used_by_an_import_is_a_row_problem(world, codes):
    earlier = _commit(world, _good_file(codes, n=2))
    rows = _good_file(codes, n=3, start=5)
    rows[2][0] = "P002"
    problems = _problems(lambda: _commit(world, rows))
    assert [str(p) for p in problems] == [
        f"Line 3: Respondent “P002” is already in this round (imported in batch {earlier.pk}). "
        "An import never changes an existing response: use a new reference."
    ]
    assert Response.objects.count() == 2
    # The earlier response keeps its answers.
    stored = dict(
        Answer.objects.filter(response__respondent_ref="P002").values_list(
            "question__code", "value"
        )
    )
    first_file_row = _good_file(codes, n=2)[2]
    assert stored == {
        code: int(value) if value else None
        for code, value in zip(codes, first_file_row[2:], strict=True)
    }


def test_an_import_never_replaces_an_online_response(world, codes):
    online = response_start(user=world.respondent_a, area_round=world.area_round_a, sector="vcs")
    rows = _good_file(codes, n=1)
    rows[1][0] = online.respondent_ref
    problems = _problems(lambda: _commit(world, rows))
    assert problems[0].line == 2
    assert (
        online.respondent_ref in problems[0].message and "online response" in problems[0].message
    )
    assert not Answer.objects.exists()


def _dimension_questions(world) -> dict[int, list[str]]:
    by_dimension = {}
    for code, dimension_id in Question.objects.filter(framework=world.round.framework).values_list(
        "code", "dimension_id"
    ):
        by_dimension.setdefault(dimension_id, []).append(code)
    return by_dimension


def test_a_row_that_would_count_for_no_dimension_is_refused(world, codes):
    """Just under half of every dimension's statements answered: no dimension counts it."""
    answered = {
        code
        for dimension_codes in _dimension_questions(world).values()
        for code in dimension_codes[: half_rounded_up(len(dimension_codes)) - 1]
    }
    rows = _good_file(codes, n=2)
    rows.append(["P003", "other", *("4" if code in answered else "" for code in codes)])
    rows.append(["P004", "other", *[""] * len(codes)])
    problems = _problems(lambda: _commit(world, rows))
    assert [p.line for p in problems] == [4, 5]
    assert all("count for no dimension" in p.message for p in problems)
    assert _nothing_written()


def test_a_row_counting_for_one_dimension_is_taken(world, codes):
    dimension_codes = next(iter(_dimension_questions(world).values()))
    answered = set(dimension_codes[: half_rounded_up(len(dimension_codes))])
    rows = [
        ["respondent", "sector", *codes],
        ["P001", "other", *("4" if code in answered else "" for code in codes)],
    ]
    assert _commit(world, rows).rows == 1


def test_a_file_with_no_rows_is_refused(world, codes):
    problems = _problems(lambda: _submit(world, [["respondent", "sector", *codes]]))
    assert "no rows" in problems[0].message
    assert not ImportBatch.objects.exists()


def test_a_closed_round_takes_no_import(world, codes):
    batch = _submit(world, _good_file(codes))
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.CLOSED)
    world.area_round_a.refresh_from_db()
    problems = _problems(lambda: import_batch_commit(batch=batch, by=world.admin))
    assert "not open" in problems[0].message
    problems = _problems(lambda: _commit(world, _good_file(codes)))
    assert "not open" in problems[0].message
    assert _nothing_written()


def test_an_oversized_file_is_refused(world, codes, settings):
    settings.IMPORT_MAX_BYTES = 100
    _problems(lambda: _submit(world, _good_file(codes)))
    _problems(lambda: _commit(world, _good_file(codes)))
    assert _nothing_written() and not ImportBatch.objects.exists()


# --- the commands ------------------------------------------------------------------------------


def _file(tmp_path, rows, name="paper.csv"):
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + _csv(rows))
    return path


def test_the_command_imports_a_file_as_a_batch_by_the_administrator(world, codes, tmp_path):
    path = _file(tmp_path, _good_file(codes))
    out = io.StringIO()
    call_command(
        "import_responses",
        "--area",
        "area-a",
        "--round",
        "spring",
        "--by",
        "admin",
        str(path),
        stdout=out,
    )
    batch = ImportBatch.objects.get()
    assert f"Imported 3 responses as batch {batch.pk}" in out.getvalue()
    assert (batch.status, batch.committed_by, batch.file_name) == (
        "committed",
        world.admin,
        "paper.csv",
    )
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.sha256 in out.getvalue()
    assert Response.objects.filter(import_batch=batch).count() == 3


@pytest.mark.parametrize("by", ["coordinator_a", "nobody-by-that-name"])
def test_the_command_needs_an_administrator(world, codes, tmp_path, by):
    path = _file(tmp_path, _good_file(codes))
    with pytest.raises(CommandError, match="not an active administrator"):
        call_command(
            "import_responses", "--area", "area-a", "--round", "spring", "--by", by, str(path)
        )
    assert _nothing_written() and not ImportBatch.objects.exists()


def test_the_command_reports_bad_lines_and_writes_nothing(world, codes, tmp_path):
    rows = _good_file(codes)
    rows[2][1] = "business"
    path = _file(tmp_path, rows)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "import_responses",
            "--area",
            "area-a",
            "--round",
            "spring",
            "--by",
            "admin",
            str(path),
            stderr=err,
        )
    assert "Line 3: Unknown sector" in err.getvalue()
    assert _nothing_written() and not ImportBatch.objects.exists()


def test_the_withdraw_command_withdraws_a_batch(world, codes):
    batch = _commit(world, _good_file(codes))
    out = io.StringIO()
    call_command(
        "withdraw_import", str(batch.pk), "--by", "admin", "--reason", "Wrong file", stdout=out
    )
    batch.refresh_from_db()
    assert (batch.status, batch.withdrawn_by, batch.reason) == (
        "withdrawn",
        world.admin,
        "Wrong file",
    )
    assert f"Withdrew batch {batch.pk}" in out.getvalue()
    assert not Response.objects.exists()


def test_the_withdraw_command_refuses_after_publication(world, codes):
    batch = _commit(world, _good_file(codes))
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        status=AreaRoundStatus.CLOSED, results_published_at=timezone.now()
    )
    with pytest.raises(CommandError, match="published"):
        call_command("withdraw_import", str(batch.pk), "--by", "admin", "--reason", "Late")
    with pytest.raises(CommandError, match="not an active administrator"):
        call_command("withdraw_import", str(batch.pk), "--by", "coordinator_a", "--reason", "x")
    assert Response.objects.count() == 3
