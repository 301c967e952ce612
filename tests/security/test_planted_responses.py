"""Planted responses: a coordinator must not be able to learn one person's answers by
importing invented responses whose answers they know.

Area A's open round has three council and three VCS respondents and one real respondent
from another public body, whose figure is withheld (a group of 1, minimum 3). If the
coordinator could import two invented "other" responses, the "other" group would reach 3,
its figure would be shown, and ``3 × figure − the two invented scores`` would give the real
respondent's score exactly. The control test shows that arithmetic working once an
administrator commits such a file, and that withdrawing the batch withholds the figure
again; the other tests show the coordinator cannot get the file committed.
"""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.models import DimensionScore, ImportBatch, ImportBatchStatus, Response
from assessments.scoring import scores_refresh
from assessments.services.imports import (
    ImportRejected,
    import_batch_commit,
    import_batch_submit,
    import_batch_withdraw,
    import_file_commit,
)
from partnerships.models import Sector
from tests.factories import submitted_response

REAL_ANSWER = 2
PLANTED_ANSWER = 5


@pytest.fixture
def round_with_one_other(world):
    for sector in (Sector.COUNCIL, Sector.VCS):
        for _ in range(3):
            submitted_response(area_round=world.area_round_a, sector=sector, default=3)
    real = submitted_response(
        area_round=world.area_round_a, sector=Sector.OTHER, default=REAL_ANSWER
    )
    scores_refresh(area_round=world.area_round_a)
    return real


def _codes(world) -> list[str]:
    return list(
        world.round.framework.questions.order_by("dimension__order", "order", "pk").values_list(
            "code", flat=True
        )
    )


def _planted_file(world, refs=("X1", "X2")) -> bytes:
    codes = _codes(world)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["respondent", "sector", *codes])
    for ref in refs:
        writer.writerow([ref, "other", *[str(PLANTED_ANSWER)] * len(codes)])
    return out.getvalue().encode()


def _upload(data: bytes):
    upload = io.BytesIO(data)
    upload.name = "workshop-forms.csv"
    return upload


def _other_figures(area_round) -> dict[int, tuple[int, bool, float | None]]:
    return {
        row.dimension_id: (row.counted, row.withheld, row.score)
        for row in DimensionScore.objects.filter(area_round=area_round, group=Sector.OTHER)
    }


def _person_scores(world, value: int) -> dict[int, float]:
    """One person's dimension scores by the published method, all answers ``value``."""
    framework = world.round.framework
    low, high = framework.scale_min, framework.scale_max
    per_dimension: dict[int, list[float]] = {}
    for question in framework.questions.all():
        adjusted = low + high - value if question.reverse else value
        per_dimension.setdefault(question.dimension_id, []).append(
            (adjusted - low) / (high - low) * 100
        )
    return {key: sum(values) / len(values) for key, values in per_dimension.items()}


def _url(name, world, **extra):
    return reverse(name, kwargs={"area": world.area_a.slug, "round": world.round.slug, **extra})


def test_the_attack_works_once_an_import_is_committed_and_withdrawal_undoes_it(
    world, round_with_one_other, django_capture_on_commit_callbacks
):
    """The control: what the rules below keep a coordinator from doing."""
    before = _other_figures(world.area_round_a)
    assert all(counted == 1 and withheld for counted, withheld, _score in before.values())
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_file_commit(
            area_round=world.area_round_a,
            file_name="workshop-forms.csv",
            data=_planted_file(world),
            by=world.admin,
        )
    real, planted = _person_scores(world, REAL_ANSWER), _person_scores(world, PLANTED_ANSWER)
    for dimension_id, (counted, withheld, score) in _other_figures(world.area_round_a).items():
        assert (counted, withheld) == (3, False)
        assert 3 * score - 2 * planted[dimension_id] == pytest.approx(real[dimension_id])
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_withdraw(batch=batch, by=world.admin, reason="Invented forms")
    assert _other_figures(world.area_round_a) == before


def test_a_coordinator_cannot_plant_responses(
    client, world, round_with_one_other, django_capture_on_commit_callbacks
):
    before = _other_figures(world.area_round_a)
    responses_before = Response.objects.count()
    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        # Importing at once is for administrators: refused before the file is read.
        refused = client.post(
            _url("round_import", world),
            {"file": _upload(_planted_file(world)), "action": "commit"},
        )
        assert refused.status_code == 403
        assert not ImportBatch.objects.exists()
        # Submitting stores the file for an administrator, and nothing else.
        submitted = client.post(
            _url("round_import", world),
            {"file": _upload(_planted_file(world)), "action": "submit"},
        )
        assert submitted.status_code == 302
        batch = ImportBatch.objects.get()
        assert batch.status == ImportBatchStatus.PENDING
        # Committing it, by the page or by the service, is refused.
        for method in (client.get, client.post):
            assert method(_url("import_batch_commit", world, batch=batch.pk)).status_code == 403
        with pytest.raises(PermissionDenied):
            import_batch_commit(batch=batch, by=world.coordinator_a)
        with pytest.raises(PermissionDenied):
            import_file_commit(
                area_round=world.area_round_a,
                file_name="again.csv",
                data=_planted_file(world, refs=("X3", "X4")),
                by=world.coordinator_a,
            )
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING
    assert Response.objects.count() == responses_before
    assert _other_figures(world.area_round_a) == before
    # The pending file is in plain sight on the round's page for the administrator.
    client.force_login(world.admin)
    page = client.get(_url("round_manage", world)).content.decode()
    assert "workshop-forms.csv" in page and batch.sha256[:12] in page
    assert _url("import_batch_commit", world, batch=batch.pk) in page


def test_a_coordinator_cannot_replace_a_real_response_by_its_reference(
    client, world, round_with_one_other
):
    client.force_login(world.coordinator_a)
    page = client.post(
        _url("round_import", world),
        {
            "file": _upload(_planted_file(world, refs=(round_with_one_other.respondent_ref,))),
            "action": "submit",
        },
    )
    assert page.status_code == 400
    assert (
        f"Line 2: Respondent “{round_with_one_other.respondent_ref}” is already in this round"
        in (page.content.decode())
    )
    assert not ImportBatch.objects.exists()
    assert set(round_with_one_other.answers.values_list("value", flat=True)) == {REAL_ANSWER}


def test_blank_rows_cannot_pad_a_group(client, world, round_with_one_other):
    """Rows that answer nothing would add respondents to a sector without adding answers."""
    codes = _codes(world)
    blank_rows = "\n".join(
        [",".join(["respondent", "sector", *codes])]
        + [",".join([f"B{n}", "other", *[""] * len(codes)]) for n in (1, 2)]
    )
    client.force_login(world.coordinator_a)
    page = client.post(
        _url("round_import", world),
        {"file": _upload(blank_rows.encode()), "action": "submit"},
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "Line 2: This row would count for no dimension" in body and "Line 3:" in body
    assert not ImportBatch.objects.exists()


def test_a_submitted_file_is_checked_again_when_an_administrator_commits_it(
    world, round_with_one_other
):
    """A file submitted while clean cannot slip a reference in later: the commit checks
    the round as it is then."""
    batch = import_batch_submit(
        area_round=world.area_round_a,
        file_name="workshop-forms.csv",
        data=_planted_file(world, refs=("X1",)),
        by=world.coordinator_a,
    )
    import_file_commit(
        area_round=world.area_round_a,
        file_name="first.csv",
        data=_planted_file(world, refs=("X1",)),
        by=world.admin,
    )
    with pytest.raises(ImportRejected, match="already in this round"):
        import_batch_commit(batch=batch, by=world.admin)
    assert Response.objects.filter(respondent_ref="X1").count() == 1
