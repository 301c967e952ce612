"""The area profile on the dashboards: the area dashboard's "Area profile" section and the
actions next to each dimension's change; the programme dashboard's innovation worth sharing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Role, Sector
from profiles import services
from profiles.models import ActionStatus, EventEffect, EventKind
from tests.factories import (
    AreaRoundFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    publish_results,
)
from tests.profiles.conftest import AGREEMENT
from tests.reports.conftest import respond

PROGRAMME = reverse("programme_dashboard")


def url(area="area-a", round_="spring"):
    return reverse("area_round_dashboard", args=[area, round_])


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def body_of(response) -> str:
    return response.content.decode().split("<main")[1].split("</main>")[0]


def section(body: str, marker: str) -> str:
    return body.split(marker)[1].split("</section>")[0]


@pytest.fixture
def winter(scored):
    """An earlier round of area A with published figures, so spring shows each
    dimension's change."""
    earlier = RoundFactory(
        slug="winter",
        name="Winter round",
        opens=scored.round.opens - datetime.timedelta(days=200),
        closes=scored.round.opens - datetime.timedelta(days=150),
    )
    area_round = AreaRoundFactory(area=scored.area_a, round=earlier)
    respond(area_round, 3, default=3)
    publish_results(area_round)
    return earlier


def agreement_draft(world, *, development_actions=0):
    version = services.agreement_save(
        area=world.area_a,
        user=world.coordinator_a,
        number=None,
        lock_version=None,
        content=dict(AGREEMENT),
    )
    for n in range(development_actions):
        services.development_action_create(
            area=world.area_a,
            user=world.coordinator_a,
            number=version.number,
            title=f"Preparatory step {n}",
            owner_name="Sam",
            due_date=days(n),
            done=n == 0,
        )
    version.refresh_from_db()
    return version


def agreement_signed(world, **kwargs):
    version = agreement_draft(world, **kwargs)
    vcs_lead = UserFactory(username="vcs_lead_a")
    MembershipFactory(user=vcs_lead, role=Role.COORDINATOR, area=world.area_a, sector=Sector.VCS)
    for user, sector in ((world.coordinator_a, Sector.COUNCIL), (vcs_lead, Sector.VCS)):
        services.agreement_sign(
            version=version, user=user, sector=sector, lock_version=version.lock_version
        )
    return version


def event(world, n, effect=EventEffect.HELPED, kind=EventKind.COMPACT):
    return services.history_event_create(
        area=world.area_a,
        user=world.coordinator_a,
        date=days(-30 * (n + 1)),
        kind=kind,
        sectors=[Sector.COUNCIL, Sector.VCS],
        effect=effect,
        description=f"Event number {n}",
    )


def action(world, round_, title, *, dimension_key="history", due=30, status="not_started"):
    return services.plan_action_create(
        area=world.area_a,
        round=round_,
        user=world.coordinator_a,
        title=title,
        owner_name="Sam",
        sector=Sector.COUNCIL,
        due_date=days(due),
        dimension_key=dimension_key,
        status=status,
    )


# --- The area dashboard -----------------------------------------------------------------------


def test_it_shows_an_agreement_signed_by_both_sectors_with_its_development_phase(client, scored):
    agreement_signed(scored, development_actions=3)
    client.force_login(scored.coordinator_a)
    body = body_of(client.get(url()))
    agreement = section(body, 'id="profile-agreement"')
    assert 'data-status="signed"' in agreement
    assert "Signed by both sectors (version 1)" in agreement
    assert "Development phase: 1 of 3 preparatory actions done." in agreement
    assert reverse("area_agreement", args=["area-a"]) in agreement


def test_it_shows_a_draft_or_no_agreement_in_words(client, scored):
    client.force_login(scored.sponsor)
    assert "No agreement yet" in section(body_of(client.get(url())), 'id="profile-agreement"')
    agreement_draft(scored)
    agreement = section(body_of(client.get(url())), 'id="profile-agreement"')
    assert "Draft (version 1)" in agreement
    assert "No development phase agreed yet." in agreement


def test_it_shows_history_highlights_with_their_effect_in_words(client, scored):
    event(scored, 0, EventEffect.HELPED)
    event(scored, 1, EventEffect.STRAINED, EventKind.FUNDING_DISPUTE)
    client.force_login(scored.coordinator_a)
    history = section(body_of(client.get(url())), 'id="profile-history"')
    assert "1 event helped the partnership and 1 strained it." in history
    assert "Funding dispute: Event number 1" in history
    assert "Strained the partnership" in history
    assert "Helped the partnership" in history
    assert f'datetime="{days(-30).isoformat()}"' in history
    assert reverse("area_timeline", args=["area-a"]) in history


def test_it_shows_this_rounds_action_plan_with_overdue_actions_in_words(client, scored):
    action(scored, scored.round, "Name a lead in each sector", status=ActionStatus.DONE)
    action(scored, scored.round, "Map local funders", status=ActionStatus.IN_PROGRESS, due=-3)
    action(scored, scored.round, "Agree a consultation period", due=-1)
    client.force_login(scored.coordinator_a)
    plan = section(body_of(client.get(url())), 'id="profile-plan"')
    assert "1 action done" in plan
    assert "1 action in progress" in plan
    assert '<strong class="rating-red">2 actions overdue</strong>' in plan
    assert f"{reverse('area_action_plan', args=['area-a'])}?round=spring" in plan


def test_it_shows_earlier_actions_next_to_each_dimensions_change(client, scored, winter):
    action(scored, winter, "Review the funding dispute", status=ActionStatus.DONE)
    action(scored, winter, "Train council staff", dimension_key="capacity", due=-2)
    action(scored, winter, "Hold a joint away day", dimension_key="")
    action(scored, scored.round, "This round's own action", dimension_key="history")
    client.force_login(scored.coordinator_a)
    response = client.get(url())
    table = body_of(response).split('id="dimension-table"')[1].split("</table>")[0]
    assert "Actions taken since earlier rounds" in table

    history = table.split('data-dimension="history"')[1].split("</tr>")[0]
    change = next(d for d in response.context["result"].dimensions if d.key == "history")
    assert change.change is not None
    assert 'data-figure="change"' in history
    assert "Review the funding dispute" in history
    assert "Done" in history
    assert "This round's own action" not in history

    capacity = table.split('data-dimension="capacity"')[1].split("</tr>")[0]
    assert "Train council staff" in capacity
    assert "Not started" in capacity and "Overdue" in capacity
    assert "None recorded" in table.split('data-dimension="attitudes"')[1].split("</tr>")[0]

    plan = section(body_of(response), 'id="profile-plan"')
    assert "Since earlier rounds: 1 of 3 actions done, 0 in progress, 1 overdue." in plan
    assert "Hold a joint away day" in plan


def test_without_earlier_actions_the_table_has_no_actions_column(client, scored, winter):
    client.force_login(scored.coordinator_a)
    body = body_of(client.get(url()))
    assert "Actions taken since earlier rounds" not in body
    assert "data-actions=" not in body


def test_respondents_of_the_area_see_the_profile_once_results_are_published(client, scored):
    agreement_signed(scored)
    client.force_login(scored.respondent_a)
    assert "Signed by both sectors (version 1)" in body_of(client.get(url()))


@pytest.mark.parametrize("person", ["respondent_b", "coordinator_b", "outsider"])
def test_people_of_other_areas_see_nothing(client, scored, person):
    agreement_signed(scored)
    event(scored, 0)
    client.force_login(getattr(scored, person))
    response = client.get(url())
    assert response.status_code == 404
    assert "Event number 0" not in response.content.decode()


def _area_dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url())
    assert response.status_code == 200
    return len(queries)


def test_the_area_dashboard_takes_as_many_queries_for_many_events_and_actions(
    client, scored, winter
):
    agreement_signed(scored, development_actions=1)
    event(scored, 0)
    action(scored, winter, "Earlier action 0")
    action(scored, scored.round, "Action 0")
    client.force_login(scored.coordinator_a)
    few = _area_dashboard_queries(client)

    for n in range(1, 8):
        event(scored, n, EventEffect.STRAINED if n % 2 else EventEffect.HELPED)
        action(scored, winter, f"Earlier action {n}", dimension_key=["capacity", "history"][n % 2])
        action(scored, scored.round, f"Action {n}", dimension_key="", due=-n)
    services.development_action_create(
        area=scored.area_a,
        user=scored.coordinator_a,
        number=1,
        title="Another step",
        owner_name="Sam",
        due_date=days(5),
    )
    many = _area_dashboard_queries(client)
    assert many == few


# --- The programme dashboard ------------------------------------------------------------------


def recognise(world, area, title, round_):
    return services.recognition_create(
        area=area,
        user=world.sponsor,
        title=title,
        note=f"{title}: how the council and local charities did it, step by step.",
        round=round_,
    )


def test_the_programme_dashboard_lists_innovation_worth_sharing(client, scored):
    recognise(scored, scored.area_a, "Joint bid writing", scored.round)
    client.force_login(scored.sponsor)
    body = body_of(client.get(PROGRAMME, {"round": "spring"}))
    recognitions = section(body, 'id="recognitions"')
    assert "Innovation worth sharing" in recognitions
    assert "Joint bid writing" in recognitions
    assert "how the council and local charities did it" in recognitions
    assert f"Recognised by {services.display_name(scored.sponsor)} on" in recognitions
    assert reverse("area_profile", args=["area-a"]) in recognitions
    assert f'aria-label="Area profile of {scored.area_a.name}"' in recognitions


def test_it_lists_only_the_selected_rounds_recognitions(client, scored, winter):
    recognise(scored, scored.area_a, "Spring practice", scored.round)
    recognise(scored, scored.area_b, "Winter practice", winter)
    client.force_login(scored.sponsor)
    spring = section(body_of(client.get(PROGRAMME, {"round": "spring"})), 'id="recognitions"')
    assert "Spring practice" in spring and "Winter practice" not in spring
    winter_page = client.get(PROGRAMME, {"round": "winter"})
    assert "Winter practice" in section(body_of(winter_page), 'id="recognitions"')


def test_without_recognitions_it_says_so(client, scored):
    client.force_login(scored.sponsor)
    body = body_of(client.get(PROGRAMME, {"round": "spring"}))
    recognitions = section(body, 'id="recognitions"')
    assert "No practice has been recognised as innovation worth sharing" in recognitions


def test_response_rates_count_people_asked(client, scored):
    client.force_login(scored.sponsor)
    assert " asked" in body_of(client.get(url()))
    programme = body_of(client.get(PROGRAMME, {"round": "spring"}))
    assert " invited" not in programme.split('id="programme-heat-map"')[1]
