import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships.models import Sector
from profiles import services
from profiles.models import AgreementVersion
from profiles.selectors import AgreementStatus, agreement_summary_get
from tests.profiles.conftest import AGREEMENT, days


def test_it_starts_with_no_agreement(world):
    summary = agreement_summary_get(area=world.area_a)
    assert summary.status == AgreementStatus.NONE
    assert summary.number is None


def test_the_first_save_is_version_one_in_draft(world, draft_a):
    assert draft_a.number == 1
    summary = agreement_summary_get(area=world.area_a)
    assert summary.status == AgreementStatus.DRAFT
    assert summary.awaiting_sectors == [Sector.COUNCIL, Sector.VCS]


def test_it_edits_an_unsigned_draft_in_place(world, draft_a):
    saved = services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        lock_version=draft_a.lock_version,
        content={**AGREEMENT, "purpose": "Sharper purpose."},
    )
    assert saved.pk == draft_a.pk
    assert AgreementVersion.objects.filter(area=world.area_a).count() == 1
    assert saved.purpose == "Sharper purpose."
    assert saved.lock_version == draft_a.lock_version + 1


def test_it_is_signed_once_both_sector_leads_sign(world, signed_a):
    summary = agreement_summary_get(area=world.area_a)
    assert summary.status == AgreementStatus.SIGNED
    assert summary.number == 1
    assert summary.last_signed_number == 1
    names = {s.sector: s.signer_name for s in signed_a.signatures.all()}
    assert names[Sector.VCS] == "Val Voluntary"


def test_one_signature_leaves_it_a_draft(world, draft_a):
    services.agreement_sign(
        version=draft_a,
        user=world.coordinator_a,
        sector=Sector.COUNCIL,
        lock_version=draft_a.lock_version,
    )
    summary = agreement_summary_get(area=world.area_a)
    assert summary.status == AgreementStatus.DRAFT
    assert summary.awaiting_sectors == [Sector.VCS]


def test_a_change_after_sign_off_makes_a_new_version_needing_both_sign_offs(
    world, signed_a, vcs_lead_a
):
    new = services.agreement_save(
        area=world.area_a,
        user=vcs_lead_a,
        number=1,
        lock_version=signed_a.lock_version,
        content={**AGREEMENT, "notice_period_weeks": 26},
    )
    assert new.number == 2
    assert not new.signatures.exists()
    summary = agreement_summary_get(area=world.area_a)
    assert summary.status == AgreementStatus.DRAFT
    assert summary.number == 2
    assert summary.last_signed_number == 1
    # The signed version stays as it was signed.
    signed_a.refresh_from_db()
    assert signed_a.notice_period_weeks == 13
    assert signed_a.signatures.count() == 2


def test_the_new_version_is_signed_only_when_both_sign_again(world, signed_a, vcs_lead_a):
    new = services.agreement_save(
        area=world.area_a,
        user=vcs_lead_a,
        number=1,
        lock_version=signed_a.lock_version,
        content={**AGREEMENT, "purpose": "Changed."},
    )
    services.agreement_sign(
        version=new, user=vcs_lead_a, sector=Sector.VCS, lock_version=new.lock_version
    )
    assert agreement_summary_get(area=world.area_a).status == AgreementStatus.DRAFT
    services.agreement_sign(
        version=new, user=world.coordinator_a, sector=Sector.COUNCIL, lock_version=new.lock_version
    )
    summary = agreement_summary_get(area=world.area_a)
    assert (summary.status, summary.number, summary.last_signed_number) == (
        AgreementStatus.SIGNED,
        2,
        2,
    )


def test_a_partly_signed_version_is_frozen_too(world, draft_a):
    services.agreement_sign(
        version=draft_a,
        user=world.coordinator_a,
        sector=Sector.COUNCIL,
        lock_version=draft_a.lock_version,
    )
    new = services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        lock_version=draft_a.lock_version,
        content={**AGREEMENT, "purpose": "Changed."},
    )
    assert new.number == 2
    draft_a.refresh_from_db()
    assert draft_a.purpose == AGREEMENT["purpose"]


def test_saving_a_signed_version_unchanged_makes_no_new_version(world, signed_a):
    same = services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        lock_version=signed_a.lock_version,
        content=dict(AGREEMENT),
    )
    assert same.pk == signed_a.pk
    assert agreement_summary_get(area=world.area_a).status == AgreementStatus.SIGNED


def test_only_a_coordinator_from_that_sector_signs_for_it(world, draft_a, vcs_lead_a):
    with pytest.raises(PermissionDenied):
        services.agreement_sign(
            version=draft_a,
            user=world.coordinator_a,
            sector=Sector.VCS,
            lock_version=draft_a.lock_version,
        )
    with pytest.raises(PermissionDenied):
        services.agreement_sign(
            version=draft_a,
            user=world.respondent_a,
            sector=Sector.VCS,
            lock_version=draft_a.lock_version,
        )
    with pytest.raises(PermissionDenied):
        services.agreement_sign(
            version=draft_a,
            user=world.coordinator_b,
            sector=Sector.COUNCIL,
            lock_version=draft_a.lock_version,
        )
    assert not draft_a.signatures.exists()


def test_a_sector_signs_a_version_once(world, draft_a):
    services.agreement_sign(
        version=draft_a,
        user=world.coordinator_a,
        sector=Sector.COUNCIL,
        lock_version=draft_a.lock_version,
    )
    with pytest.raises(ValidationError):
        services.agreement_sign(
            version=draft_a,
            user=world.coordinator_a,
            sector=Sector.COUNCIL,
            lock_version=draft_a.lock_version,
        )
    assert draft_a.signatures.count() == 1


def test_an_earlier_version_cannot_be_signed(world, signed_a, vcs_lead_a):
    services.agreement_save(
        area=world.area_a,
        user=vcs_lead_a,
        number=1,
        lock_version=signed_a.lock_version,
        content={**AGREEMENT, "purpose": "Changed."},
    )
    signed_a.signatures.all().delete()
    with pytest.raises(services.EditConflict):
        services.agreement_sign(
            version=signed_a,
            user=vcs_lead_a,
            sector=Sector.VCS,
            lock_version=signed_a.lock_version,
        )


def test_the_development_phase_is_copied_into_a_new_version(world, draft_a, vcs_lead_a):
    services.development_action_create(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        title="Map local advice providers",
        owner_name="Sam",
        due_date=days(30),
    )
    draft_a.refresh_from_db()
    services.agreement_sign(
        version=draft_a,
        user=world.coordinator_a,
        sector=Sector.COUNCIL,
        lock_version=draft_a.lock_version,
    )
    services.agreement_sign(
        version=draft_a, user=vcs_lead_a, sector=Sector.VCS, lock_version=draft_a.lock_version
    )
    action = draft_a.development_actions.get()
    changed = services.development_action_update(
        action=action,
        user=vcs_lead_a,
        lock_version=action.lock_version,
        title="Map local advice providers",
        owner_name="Sam",
        due_date=days(60),
        done=False,
    )
    assert changed.version.number == 2
    assert agreement_summary_get(area=world.area_a).status == AgreementStatus.DRAFT
    action.refresh_from_db()
    assert action.due_date == days(30)  # the signed version keeps what was signed


def test_ticking_an_action_done_records_progress_without_a_new_version(world, signed_a):
    action = services.development_action_create(
        area=world.area_a,
        user=world.coordinator_a,
        number=1,
        title="Agree a chair",
        owner_name="Sam",
        due_date=days(10),
    )
    # Adding an action changed the terms, so it went into version 2; sign that.
    version = action.version
    assert version.number == 2
    for user, sector in ((world.coordinator_a, Sector.COUNCIL),):
        services.agreement_sign(
            version=version, user=user, sector=sector, lock_version=version.lock_version
        )
    services.development_action_update(
        action=action,
        user=world.coordinator_a,
        lock_version=action.lock_version,
        title="Agree a chair",
        owner_name="Sam",
        due_date=days(10),
        done=True,
    )
    summary = agreement_summary_get(area=world.area_a)
    assert summary.number == 2
    assert (summary.development_done, summary.development_total) == (1, 1)
