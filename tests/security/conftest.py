"""A scene for the trust tests: area A with one round open and one published, drafts marked
with text nobody but their author may see, area A's profile records, ready reports, and an
invitee who used their link (never signed in: the matrix gives them a session holding it),
and a file of paper forms area A's coordinator has submitted for import (a pending batch).

Markers:
- ``DRAFT_MARKERS``: one per person's draft comment; only its author may ever see it.
- ``SMALL_GROUP_MARKER``: a comment on a dimension that too few people answered in the
  published round (its figure is withheld); nobody may ever see it. Comments are shown
  unattributed with the whole area's, so a small sector's comment on a dimension whose area
  figure is shown may appear; one on a withheld dimension may not.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from assessments.models import AreaRoundStatus, Comment, Dimension, Invitation, Question
from assessments.scoring import scores_refresh
from assessments.services.imports import import_batch_submit
from assessments.services.invitations import invitation_accept, token_hash
from assessments.services.rounds import area_round_closes_at
from partnerships.models import Sector
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
from reports.models import Report, ReportKind, ReportStatus
from tests.factories import (
    AreaRoundFactory,
    ResponseFactory,
    RoundFactory,
    submitted_response,
)

INVITEE_TOKEN = "invitee-token-used-to-sign-in-0123456789abcdefghij"
VALID_TOKEN = "valid-unused-invitation-token-0123456789abcdefghijk"

DRAFT_MARKERS = {
    "respondent_a": "DRAFT-ANSWER-OF-RESPONDENT-A-7f3c",
    "respondent_b": "DRAFT-ANSWER-OF-RESPONDENT-B-91ad",
    "coordinator_a": "DRAFT-ANSWER-OF-COORDINATOR-A-c2e8",
}
SMALL_GROUP_MARKER = "SMALL-GROUP-COMMENT-MUST-NOT-SHOW-5b1e"
SHOWN_GROUP_COMMENT = "Council group comment that may show"
COUNCIL_IN_PUBLISHED_ROUND = 5
VCS_IN_PUBLISHED_ROUND = 2


@dataclass
class Scene:
    world: object
    published_round: object
    published_a: object
    published_b: object
    invitee: object
    invitee_invitation: object
    invitation: object
    draft_owner: dict
    history_event: object
    agreement: object
    development_action: object
    plan_action: object
    recognition: object
    area_report: object
    programme_report: object
    import_batch: object

    def __getattr__(self, name):
        return getattr(self.world, name)


def _comment(response, framework, key, text):
    dimension = Dimension.objects.get(framework=framework, key=key)
    Comment.objects.create(response=response, dimension=dimension, text=text)


def _invitation(area_round, email, token, sector=Sector.COUNCIL):
    return Invitation.objects.create(
        area_round=area_round,
        email=email,
        sector=sector,
        token_hash=token_hash(token),
        expires_at=area_round_closes_at(area_round),
        sent_at=timezone.now(),
        send_count=1,
    )


def _ready_report(media_root, name, **fields):
    path = media_root / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n% a stand-in report\n%%EOF\n")
    return Report.objects.create(
        status=ReportStatus.READY,
        file=f"reports/{name}",
        size_bytes=path.stat().st_size,
        attempts=1,
        finished_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def scene(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    framework = world.round.framework

    # The open round: each person's draft carries a marker only they may ever see.
    drafts = {
        "respondent_a": (world.area_round_a, world.respondent_a, Sector.VCS),
        "respondent_b": (world.area_round_b, world.respondent_b, Sector.COUNCIL),
        "coordinator_a": (world.area_round_a, world.coordinator_a, Sector.COUNCIL),
    }
    draft_owner = {}
    for who, (area_round, user, sector) in drafts.items():
        response = ResponseFactory(area_round=area_round, user=user, sector=sector)
        _comment(response, framework, "history", DRAFT_MARKERS[who])
        draft_owner[who] = response

    # A published round: five council respondents (shown), two VCS (withheld). Only the
    # two VCS respondents answer "governance", so its figure and comments are withheld.
    governance_codes = list(
        Question.objects.filter(framework=framework, dimension__key="governance").values_list(
            "code", flat=True
        )
    )
    published_round = RoundFactory(
        slug="last-autumn",
        name="Last autumn",
        opens=today - datetime.timedelta(days=120),
        closes=today - datetime.timedelta(days=90),
    )
    published_a = AreaRoundFactory(
        area=world.area_a,
        round=published_round,
        status=AreaRoundStatus.CLOSED,
        results_published_at=timezone.now(),
    )
    published_b = AreaRoundFactory(
        area=world.area_b, round=published_round, status=AreaRoundStatus.CLOSED
    )
    for n in range(COUNCIL_IN_PUBLISHED_ROUND):
        submitted_response(
            area_round=published_a,
            sector=Sector.COUNCIL,
            default=4 if n % 2 else 5,
            answers=dict.fromkeys(governance_codes),
            comments={"history": f"{SHOWN_GROUP_COMMENT} {n}"},
        )
    for _ in range(VCS_IN_PUBLISHED_ROUND):
        submitted_response(
            area_round=published_a,
            sector=Sector.VCS,
            default=1,
            comments={"history": "A voluntary sector view", "governance": SMALL_GROUP_MARKER},
        )
    for n in range(3):
        submitted_response(area_round=published_b, sector=Sector.COUNCIL, default=2 + n)
    scores_refresh(area_round=published_a)
    scores_refresh(area_round=published_b)

    # An invitee who followed their link (its identity: a passwordless respondent of area
    # A), and a second, still unused link that any request of the matrix may present.
    _invitation(world.area_round_a, "invitee@example.org", INVITEE_TOKEN)
    invitee_invitation = invitation_accept(token=INVITEE_TOKEN)
    invitee = invitee_invitation.user
    invitation = _invitation(world.area_round_a, "not-yet@example.org", VALID_TOKEN)

    history_event = HistoryEvent.objects.create(
        area=world.area_a,
        date=today - datetime.timedelta(days=400),
        kind=EventKind.COMPACT,
        sectors=[Sector.COUNCIL, Sector.VCS],
        effect=EventEffect.HELPED,
        description="Local Compact refreshed.",
        created_by=world.coordinator_a,
    )
    agreement = AgreementVersion.objects.create(
        area=world.area_a,
        number=1,
        purpose="Improve advice services together.",
        council_role="Hosts the board.",
        vcs_role="Represents frontline organisations.",
        decision_making="By consensus.",
        disagreements="An independent chair mediates.",
        created_by=world.coordinator_a,
    )
    development_action = DevelopmentAction.objects.create(
        version=agreement,
        title="Agree terms of reference",
        owner_name="A. Lead",
        due_date=today + datetime.timedelta(days=30),
    )
    plan_action = PlanAction.objects.create(
        area=world.area_a,
        round=world.round,
        dimension_key="capacity",
        title="Shared training budget",
        owner_name="A. Lead",
        sector=Sector.COUNCIL,
        due_date=today + datetime.timedelta(days=60),
        created_by=world.coordinator_a,
    )
    FundingStability.objects.create(
        area=world.area_a, round=world.round, long_term_share=40, notice_period_weeks=12
    )
    recognition = Recognition.objects.create(
        area=world.area_a,
        round=published_round,
        title="Joint commissioning panel",
        note="Worth sharing.",
        recognised_by=world.sponsor,
        recognised_by_name="Sponsor",
        recognised_at=timezone.now(),
    )
    area_report = _ready_report(
        settings.MEDIA_ROOT,
        "area-a.pdf",
        kind=ReportKind.AREA,
        round=published_round,
        area_round=published_a,
        data_version=published_a.data_version,
    )
    programme_report = _ready_report(
        settings.MEDIA_ROOT, "programme.pdf", kind=ReportKind.PROGRAMME, round=published_round
    )
    codes = list(
        Question.objects.filter(framework=framework)
        .order_by("dimension__order", "order", "pk")
        .values_list("code", flat=True)
    )
    paper_forms = "\n".join(
        [",".join(["respondent", "sector", *codes]), ",".join(["P1", "vcs", *["4"] * len(codes)])]
    )
    import_batch = import_batch_submit(
        area_round=world.area_round_a,
        file_name="paper-forms.csv",
        data=paper_forms.encode(),
        by=world.coordinator_a,
    )
    return Scene(
        world=world,
        published_round=published_round,
        published_a=published_a,
        published_b=published_b,
        invitee=invitee,
        invitee_invitation=invitee_invitation,
        invitation=invitation,
        draft_owner=draft_owner,
        history_event=history_event,
        agreement=agreement,
        development_action=development_action,
        plan_action=plan_action,
        recognition=recognition,
        area_report=area_report,
        programme_report=programme_report,
        import_batch=import_batch,
    )
