"""The coordinator's round page and its actions (views), and the raw export."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    AreaRound,
    AreaRoundStatus,
    ImportBatch,
    ImportBatchStatus,
    Invitation,
    Response,
)
from assessments.scoring import framework_parts
from assessments.services.imports import import_batch_submit, import_file_commit

KWARGS = {"area": "area-a", "round": "spring"}


def url(name, **extra):
    return reverse(name, kwargs={**KWARGS, **extra})


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator_a)
    return client


@pytest.fixture
def codes(world):
    return list(
        world.round.framework.questions.order_by(
            "dimension__order", "dimension__pk", "order", "pk"
        ).values_list("code", flat=True)
    )


def _csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_the_page_shows_the_response_rate_by_sector_as_counts(coordinator, world):
    Invitation.objects.create(
        area_round=world.area_round_a,
        email="a@example.org",
        sector="vcs",
        token_hash="a" * 64,
        expires_at=world.area_round_b.round.created_at,
    )
    Response.objects.create(area_round=world.area_round_a, respondent_ref="R1", sector="vcs")
    page = coordinator.get(url("round_manage"))
    rates = {rate.sector: rate for rate in page.context["rates"]}
    assert (rates["vcs"].invited, rates["vcs"].started, rates["vcs"].submitted) == (1, 1, 0)
    assert (rates["council"].invited, rates["council"].started) == (0, 0)
    assert "<caption>" in page.content.decode()


@pytest.mark.parametrize(
    ("person", "status"),
    [("coordinator_b", 404), ("outsider", 404), ("respondent_a", 403), ("sponsor", 403)],
)
def test_only_the_areas_coordinators_manage_it(client, world, person, status):
    client.force_login(getattr(world, person))
    assert client.get(url("round_manage")).status_code == status
    assert client.post(url("round_close")).status_code == status
    assert (
        client.post(url("round_invite"), {"emails": "x@example.org", "sector": "vcs"}).status_code
        == status
    )
    assert AreaRound.objects.get(pk=world.area_round_a.pk).status == AreaRoundStatus.OPEN
    assert not Invitation.objects.exists()


def test_inviting_lists_bad_addresses_and_invites_the_rest(
    coordinator, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = coordinator.post(
            url("round_invite"),
            {"emails": "one@example.org\nnot an address\ntwo@example.org", "sector": "council"},
            follow=True,
        )
    body = page.content.decode()
    assert "Invited 2 people" in body
    assert "not valid email addresses" in body and "address" in body
    assert sorted(m.to[0] for m in mailoutbox) == ["one@example.org", "two@example.org"]
    assert set(Invitation.objects.values_list("sector", flat=True)) == {"council"}


def test_an_over_long_list_of_addresses_is_refused_by_name_and_kept(coordinator, world):
    emails = "person@example.org\n" * 2632  # 50,008 characters
    page = coordinator.post(url("round_invite"), {"emails": emails, "sector": "vcs"})
    body = page.content.decode()
    assert page.status_code == 400
    assert (
        "Email addresses must be 50,000 characters or fewer; you entered 50,007" in body
    )  # the last line break is not kept
    assert emails.strip() in body
    assert not Invitation.objects.exists()


def test_resend_sends_the_invitation_again(
    coordinator, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(url("round_invite"), {"emails": "one@example.org", "sector": "vcs"})
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(url("invitation_resend", invitation=invitation.pk))
    assert len(mailoutbox) == 2
    assert Invitation.objects.get().send_count == 2


def test_closing_then_publishing(coordinator, world):
    coordinator.post(url("round_close"))
    assert AreaRound.objects.get(pk=world.area_round_a.pk).status == AreaRoundStatus.CLOSED
    coordinator.post(url("round_publish"))
    assert AreaRound.objects.get(pk=world.area_round_a.pk).is_published


def test_opening_with_dates_outside_the_programme_round_is_refused(coordinator, world):
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(status=AreaRoundStatus.DRAFT)
    page = coordinator.post(
        url("round_open"),
        {"opens": world.round.opens.isoformat(), "closes": "2999-01-01"},
    )
    assert page.status_code == 400
    assert "after the programme round" in page.content.decode()
    assert AreaRound.objects.get(pk=world.area_round_a.pk).status == AreaRoundStatus.DRAFT


def _upload(rows, name="paper.csv"):
    upload = io.BytesIO(_csv(rows).encode())
    upload.name = name
    return upload


def _one_row_file(codes, ref="P1"):
    return [["respondent", "sector", *codes], [ref, "vcs", *["3"] * len(codes)]]


@pytest.fixture
def admin(client, world):
    client.force_login(world.admin)
    return client


def test_uploading_a_bad_file_lists_every_bad_line(coordinator, world, codes):
    rows = [["respondent", "sector", *codes], ["P1", "martian", *["3"] * len(codes)]]
    rows.append(["P2", "vcs", "7", *[""] * (len(codes) - 1)])
    page = coordinator.post(url("round_import"), {"file": _upload(rows), "action": "submit"})
    body = page.content.decode()
    assert page.status_code == 400
    assert "Line 2: Unknown sector" in body and "Line 3:" in body
    assert "There is a problem" in body
    assert not Response.objects.exists() and not ImportBatch.objects.exists()


def test_checking_a_good_file_says_so_and_stores_nothing(coordinator, world, codes):
    page = coordinator.post(
        url("round_import"),
        {"file": _upload(_one_row_file(codes)), "action": "check"},
        follow=True,
    )
    body = page.content.decode()
    assert "“paper.csv” has no problems: 1 row: Voluntary and community sector 1." in body
    assert "Nothing has been stored." in body
    assert not Response.objects.exists() and not ImportBatch.objects.exists()


def test_a_coordinator_submits_a_clean_file_for_an_administrator(coordinator, world, codes):
    page = coordinator.post(
        url("round_import"),
        {"file": _upload(_one_row_file(codes)), "action": "submit"},
        follow=True,
    )
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.submitted_by, batch.rows) == (
        ImportBatchStatus.PENDING,
        world.coordinator_a,
        1,
    )
    assert not Response.objects.exists()
    body = page.content.decode()
    assert "is waiting for an administrator to import it" in body
    assert batch.sha256[:12] in body and "Waiting for an administrator" in body
    # Coordinators see the batch, never the administrator's actions on it.
    assert reverse("import_batch_commit", kwargs={**KWARGS, "batch": batch.pk}) not in body


def test_a_coordinators_post_to_commit_answers_403_and_writes_nothing(coordinator, world, codes):
    page = coordinator.post(
        url("round_import"), {"file": _upload(_one_row_file(codes)), "action": "commit"}
    )
    assert page.status_code == 403
    assert not Response.objects.exists() and not ImportBatch.objects.exists()
    coordinator.post(
        url("round_import"), {"file": _upload(_one_row_file(codes)), "action": "submit"}
    )
    batch = ImportBatch.objects.get()
    for name in ("import_batch_commit", "import_batch_reject", "import_batch_withdraw"):
        batch_url = url(name, batch=batch.pk)
        assert coordinator.get(batch_url).status_code == 403
        assert coordinator.post(batch_url, {"reason": "mine"}).status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING
    assert not Response.objects.exists()


def test_an_administrator_imports_an_upload_at_once(admin, world, codes):
    page = admin.post(
        url("round_import"), {"file": _upload(_one_row_file(codes)), "action": "commit"}
    )
    assert page.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.committed_by) == (ImportBatchStatus.COMMITTED, world.admin)
    assert Response.objects.get().import_batch == batch


def test_an_administrator_confirms_then_commits_a_pending_batch(admin, world, codes):
    batch = import_batch_submit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.coordinator_a,
    )
    confirm = admin.get(url("import_batch_commit", batch=batch.pk))
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Checked again just now: 1 row: Voluntary and community sector 1." in body
    assert batch.sha256 in body
    assert not Response.objects.exists()  # showing the page imports nothing
    page = admin.post(url("import_batch_commit", batch=batch.pk), follow=True)
    assert f"Imported batch {batch.pk}." in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.COMMITTED
    assert Response.objects.get().import_batch == batch


def test_a_commit_of_a_file_no_longer_clean_lists_the_problems(admin, world, codes):
    batch = import_batch_submit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.coordinator_a,
    )
    import_file_commit(
        area_round=world.area_round_a,
        file_name="other.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.admin,
    )
    page = admin.post(url("import_batch_commit", batch=batch.pk))
    assert page.status_code == 400
    assert "Line 2: Respondent “P1” is already in this round" in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING
    assert Response.objects.count() == 1


def test_rejecting_asks_for_the_reason(admin, world, codes):
    batch = import_batch_submit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.coordinator_a,
    )
    page = admin.post(url("import_batch_reject", batch=batch.pk), {"reason": ""})
    assert page.status_code == 400 and "Give the reason" in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING
    admin.post(url("import_batch_reject", batch=batch.pk), {"reason": "Not from our workshop"})
    batch.refresh_from_db()
    assert (batch.status, batch.reason) == (ImportBatchStatus.REJECTED, "Not from our workshop")
    body = admin.get(url("round_manage")).content.decode()
    assert "Rejected by" in body and "Not from our workshop" in body


def test_withdrawing_deletes_the_batch_responses(admin, world, codes):
    batch = import_file_commit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.admin,
    )
    manage = admin.get(url("round_manage")).content.decode()
    assert url("import_batch_withdraw", batch=batch.pk) in manage
    assert (
        "This cannot be undone"
        in admin.get(url("import_batch_withdraw", batch=batch.pk)).content.decode()
    )
    admin.post(url("import_batch_withdraw", batch=batch.pk), {"reason": "Duplicate forms"})
    batch.refresh_from_db()
    assert (batch.status, batch.withdrawn_by) == (ImportBatchStatus.WITHDRAWN, world.admin)
    assert not Response.objects.exists()


def test_withdrawing_after_publication_is_refused_with_a_clear_message(admin, world, codes):
    batch = import_file_commit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.admin,
    )
    AreaRound.objects.filter(pk=world.area_round_a.pk).update(
        status=AreaRoundStatus.CLOSED, results_published_at=timezone.now()
    )
    confirm = admin.get(url("import_batch_withdraw", batch=batch.pk)).content.decode()
    assert "published figures do not change" in confirm and "<textarea" not in confirm
    page = admin.post(url("import_batch_withdraw", batch=batch.pk), {"reason": "Late"})
    assert page.status_code == 400
    assert "this batch can no longer be withdrawn" in page.content.decode()
    assert Response.objects.count() == 1
    assert (
        url("import_batch_withdraw", batch=batch.pk)
        not in admin.get(url("round_manage")).content.decode()
    )


def test_a_batch_of_another_round_is_not_found(admin, world, codes):
    batch = import_file_commit(
        area_round=world.area_round_b,
        file_name="paper.csv",
        data=_csv(_one_row_file(codes)).encode(),
        by=world.admin,
    )
    assert admin.get(url("import_batch_withdraw", batch=batch.pk)).status_code == 404


def test_the_page_counts_imported_responses_separately(coordinator, world, codes):
    rows = [["respondent", "sector", *codes]] + [
        [f"P{i}", sector, *["3"] * len(codes)]
        for i, sector in enumerate(["vcs", "vcs", "council"])
    ]
    import_file_commit(
        area_round=world.area_round_a,
        file_name="paper.csv",
        data=_csv(rows).encode(),
        by=world.admin,
    )
    Response.objects.create(
        area_round=world.area_round_a, respondent_ref="W1", sector="vcs", status="submitted"
    )
    page = coordinator.get(url("round_manage"))
    rates = {rate.sector: rate for rate in page.context["rates"]}
    assert (rates["vcs"].submitted, rates["vcs"].imported) == (3, 2)
    assert (rates["council"].submitted, rates["council"].imported) == (1, 1)
    assert page.context["totals"]["imported"] == 3
    assert "Of which imported" in page.content.decode()


def test_an_oversized_upload_is_refused(coordinator, world, settings):
    settings.IMPORT_MAX_BYTES = 10
    upload = io.BytesIO(b"respondent,sector,HIS1\nP1,vcs,3\n")
    upload.name = "paper.csv"
    page = coordinator.post(url("round_import"), {"file": upload})
    assert page.status_code == 400 and "too large" in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("person", "status"),
    [("coordinator_a", 403), ("sponsor", 403), ("respondent_a", 403), ("outsider", 404)],
)
def test_the_raw_export_is_for_administrators_only(client, world, person, status):
    client.force_login(getattr(world, person))
    assert client.get(url("responses_export")).status_code == status


@pytest.mark.parametrize("people", [2, 20])
def test_the_raw_export_streams_in_a_constant_number_of_queries(
    client, world, codes, people, django_assert_num_queries
):
    rows = [["respondent", "sector", *codes]] + [
        [f"P{i:03d}", "council", *["4"] * len(codes)] for i in range(people)
    ]
    batch = import_file_commit(
        area_round=world.area_round_a, file_name="f.csv", data=_csv(rows).encode(), by=world.admin
    )
    client.force_login(world.admin)
    framework_parts(world.round.framework)  # cached after a first export in the process
    # session read, user, area round, access, one pass over responses (answers aggregated
    # per response); no session save (pip_portal.sessions), so no transaction either
    with django_assert_num_queries(5):
        page = client.get(url("responses_export"))
        body = b"".join(page.streaming_content).decode()
    assert page["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body))) == [
        [*rows[0], "source", "import_batch"],
        *([*row, "import", str(batch.pk)] for row in rows[1:]),
    ]
    assert "admin" not in body and "@" not in body


def test_the_raw_export_puts_each_answer_under_its_statement(client, world, codes):
    """Values differ by column; blanks and "don't know" export as empty cells."""
    rows = [["respondent", "sector", *codes]] + [
        [f"P{i:03d}", sector, *(str(1 + (i + n) % 5) for n in range(len(codes)))]
        for i, sector in enumerate(["council", "vcs", "other"])
    ]
    rows[1][2] = ""  # the first statement left blank
    import_file_commit(
        area_round=world.area_round_a, file_name="f.csv", data=_csv(rows).encode(), by=world.admin
    )
    client.force_login(world.admin)
    page = client.get(url("responses_export"))
    exported = list(csv.reader(io.StringIO(b"".join(page.streaming_content).decode())))
    assert [row[:-2] for row in exported] == rows


def test_the_date_inputs_carry_iso_values_a_browser_can_show(coordinator, world):
    body = coordinator.get(url("round_manage")).content.decode()
    assert f'value="{world.area_round_a.opens.isoformat()}"' in body
    assert f'value="{world.area_round_a.closes.isoformat()}"' in body
