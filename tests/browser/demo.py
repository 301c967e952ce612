"""Who visits what in the browser tests: demo people, and the rows their pages need.

The people come from ``seed_demo``; ``demo_rows_create`` adds one of each area-profile
row (timeline event, agreement, actions, funding record, recognition) and invitation links
in every state, so every page template has something to show.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

AREA = "waltham-forest"
OPEN_ROUND = "follow-up"
CLOSED_ROUND = "baseline"

# role -> demo username (None: not signed in)
PEOPLE = {
    "anonymous": None,
    "respondent": "waltham-forest-vcs-1",  # a draft in the open round
    "submitted": "waltham-forest-vcs-2",  # submitted in the open round
    "keyboard": "waltham-forest-vcs-9",  # no answers yet in the open round
    "timeout": "waltham-forest-vcs-8",  # no answers yet in the open round
    "coordinator": "waltham-forest-council-coordinator",
    "other_coordinator": "bassetlaw-vcs-coordinator",
    "sponsor": "sponsor",
    "waiting": "waiting-respondent",  # in an area with no results yet
    "admin": "admin",
}


@dataclass
class DemoRows:
    event: int
    agreement_number: int
    development_action: int
    plan_action: int
    page_count: int
    valid_token: str
    used_token: str
    expired_token: str
    import_batch: int  # submitted by the coordinator, waiting for an administrator


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def _invitation(area_round, email: str, **changes) -> str:
    from assessments.models import Invitation
    from demo.invitations import demo_invitations_create

    ((_email, link),) = demo_invitations_create(
        area_round=area_round, emails=[email], sector="vcs"
    )
    if changes:
        Invitation.objects.filter(area_round=area_round, email=email).update(**changes)
    return _token(link)


def _import_batches(area_round, coordinator) -> int:
    """A file of paper forms waiting for an administrator, and one an administrator
    rejected; the pending one's id."""
    from django.contrib.auth import get_user_model

    from assessments.models import ImportBatch, ImportBatchStatus
    from assessments.services.imports import import_batch_reject, import_batch_submit

    pending = ImportBatch.objects.filter(
        area_round=area_round, status=ImportBatchStatus.PENDING
    ).first()
    if pending is not None:
        return pending.pk
    codes = list(
        area_round.round.framework.questions.order_by(
            "dimension__order", "order", "pk"
        ).values_list("code", flat=True)
    )
    lines = [",".join(["respondent", "sector", *codes])] + [
        ",".join([f"PAPER-{n:03d}", sector, *[str(1 + (n + i) % 5) for i in range(len(codes))]])
        for n, sector in enumerate(["council", "vcs", "vcs"], start=1)
    ]
    data = ("\n".join(lines) + "\n").encode()
    rejected = import_batch_submit(
        area_round=area_round, file_name="workshop-march.csv", data=data, by=coordinator
    )
    import_batch_reject(
        batch=rejected,
        by=get_user_model().objects.get(username=PEOPLE["admin"]),
        reason="Two forms were filled in by the same person; please check the originals.",
    )
    return import_batch_submit(
        area_round=area_round, file_name="workshop-march-checked.csv", data=data, by=coordinator
    ).pk


def demo_rows_create() -> DemoRows:
    """The rows the area-profile pages and the invitation pages need (idempotent enough
    for one module: it reuses what the demo already has)."""
    from django.contrib.auth import get_user_model

    from assessments import selectors as assessment_selectors
    from assessments.models import AreaRound
    from partnerships.models import CouncilArea, Sector
    from profiles import services
    from profiles.models import (
        AgreementVersion,
        DevelopmentAction,
        EventEffect,
        EventKind,
        FundingStability,
        HistoryEvent,
        PlanAction,
        Recognition,
    )

    users = get_user_model().objects
    area = CouncilArea.objects.get(slug=AREA)
    coordinator = users.get(username=PEOPLE["coordinator"])
    sponsor = users.get(username=PEOPLE["sponsor"])
    open_round = AreaRound.objects.select_related("round").get(area=area, round__slug=OPEN_ROUND)
    soon = timezone.localdate() + datetime.timedelta(days=60)

    event = HistoryEvent.objects.filter(area=area).first() or services.history_event_create(
        area=area,
        user=coordinator,
        date=datetime.date(2019, 6, 1),
        kind=EventKind.COMPACT,
        sectors=[Sector.COUNCIL, Sector.VCS],
        effect=EventEffect.HELPED,
        description="The local Compact was refreshed with the CVS.",
    )
    version = AgreementVersion.objects.filter(area=area).first() or services.agreement_save(
        area=area,
        user=coordinator,
        number=None,
        lock_version=None,
        content={
            "purpose": "Improve advice services together.",
            "council_role": "Commissions and hosts the partnership board.",
            "vcs_role": "Represents frontline organisations and delivers advice.",
            "other_roles": "",
            "decision_making": "By consensus at the quarterly board.",
            "disagreements": "Raised with both leads; an independent chair mediates.",
            "consultation_weeks": 12,
            "multi_year_funding": True,
            "notice_period_weeks": 13,
            "compact_notes": "",
        },
    )
    development_action = DevelopmentAction.objects.filter(
        version__area=area
    ).first() or services.development_action_create(
        area=area,
        user=coordinator,
        number=version.number,
        title="Agree a shared training plan",
        owner_name="Sam Patel",
        due_date=soon,
    )
    if not FundingStability.objects.filter(area=area, round=open_round.round).exists():
        services.funding_record_save(
            area=area,
            round=open_round.round,
            lock_version=None,
            long_term_share=Decimal("35.0"),
            notice_period_weeks=8,
        )
    plan_action = PlanAction.objects.filter(area=area).first() or services.plan_action_create(
        area=area,
        round=open_round.round,
        user=coordinator,
        title="Run joint commissioning workshops",
        owner_name="Jo Evans",
        sector=Sector.COUNCIL,
        due_date=soon,
        dimension_key="capacity",
    )
    if not Recognition.objects.filter(area=area).exists():
        services.recognition_create(
            area=area,
            user=sponsor,
            title="Joint funding panel",
            note="Council and VCS sit together on the grants panel.",
        )
    # Seeding leaves the published rounds' reports queued: render one, so a report
    # status page shows a report ready to download.
    from reports.models import Report, ReportStatus
    from reports.tasks import render_report

    report = Report.objects.filter(
        area_round__area=area, area_round__round__slug=CLOSED_ROUND
    ).first()
    if report is not None and report.status != ReportStatus.READY:
        render_report(report.pk)

    if not users.filter(username=PEOPLE["waiting"]).exists():
        from tests.factories import CouncilAreaFactory, MembershipFactory, UserFactory

        MembershipFactory(
            user=UserFactory(username=PEOPLE["waiting"]),
            area=CouncilAreaFactory(name="Newtown", slug="newtown", gss_code="E07000999"),
        )
    return DemoRows(
        event=event.pk,
        agreement_number=version.number,
        development_action=development_action.pk,
        plan_action=plan_action.pk,
        page_count=len(assessment_selectors.dimension_list(framework=open_round.round.framework)),
        valid_token=_invitation(open_round, "new.person@example.org"),
        used_token=_invitation(open_round, "used.link@example.org", used_at=timezone.now()),
        expired_token=_invitation(
            open_round,
            "expired.link@example.org",
            expires_at=timezone.now() - datetime.timedelta(days=1),
        ),
        import_batch=_import_batches(open_round, coordinator),
    )
