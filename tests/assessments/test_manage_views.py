"""The coordinator's round page and its actions (views), and the raw export."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.models import AreaRound, AreaRoundStatus, Invitation, Response
from assessments.scoring import framework_parts
from assessments.services.imports import responses_import

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


def test_uploading_a_bad_file_lists_every_bad_line(coordinator, world, codes):
    rows = [["respondent", "sector", *codes], ["P1", "martian", *[""] * len(codes)]]
    rows.append(["P2", "vcs", "7", *[""] * (len(codes) - 1)])
    upload = io.BytesIO(_csv(rows).encode())
    upload.name = "paper.csv"
    page = coordinator.post(url("round_import"), {"file": upload})
    body = page.content.decode()
    assert page.status_code == 400
    assert "Line 2: Unknown sector" in body and "Line 3:" in body
    assert not Response.objects.exists()


def test_uploading_a_good_file_imports_it(coordinator, world, codes):
    rows = [["respondent", "sector", *codes], ["P1", "vcs", *["3"] * len(codes)]]
    upload = io.BytesIO(_csv(rows).encode())
    upload.name = "paper.csv"
    page = coordinator.post(url("round_import"), {"file": upload})
    assert page.status_code == 302
    assert Response.objects.get().respondent_ref == "P1"


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
    responses_import(area_round=world.area_round_a, data=_csv(rows))
    client.force_login(world.admin)
    framework_parts(world.round.framework)  # cached after a first export in the process
    # session read, user, area round, access, one pass over responses (answers aggregated
    # per response); no session save (pip_portal.sessions), so no transaction either
    with django_assert_num_queries(5):
        page = client.get(url("responses_export"))
        body = b"".join(page.streaming_content).decode()
    assert page["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body))) == rows
    assert "admin" not in body and "@" not in body


def test_the_raw_export_puts_each_answer_under_its_statement(client, world, codes):
    """Values differ by column; blanks and "don't know" export as empty cells."""
    rows = [["respondent", "sector", *codes]] + [
        [f"P{i:03d}", sector, *(str(1 + (i + n) % 5) for n in range(len(codes)))]
        for i, sector in enumerate(["council", "vcs", "other"])
    ]
    rows[1][2] = ""  # the first statement left blank
    responses_import(area_round=world.area_round_a, data=_csv(rows))
    client.force_login(world.admin)
    page = client.get(url("responses_export"))
    assert list(csv.reader(io.StringIO(b"".join(page.streaming_content).decode()))) == rows


def test_the_date_inputs_carry_iso_values_a_browser_can_show(coordinator, world):
    body = coordinator.get(url("round_manage")).content.decode()
    assert f'value="{world.area_round_a.opens.isoformat()}"' in body
    assert f'value="{world.area_round_a.closes.isoformat()}"' in body
