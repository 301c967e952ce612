"""In a real browser: a coordinator adds a history event and drafts a pre-partnership
agreement, both sector leads sign it, and the area profile shows it signed."""

import pytest
from django.conf import settings
from django.test import Client

from partnerships.models import Role, Sector
from profiles.models import AgreementVersion, HistoryEvent
from tests.factories import MembershipFactory, UserFactory, publish_results

pytestmark = pytest.mark.browser


@pytest.fixture
def framework_restored(django_db_setup, django_db_blocker):
    """A live-server test flushes the database afterwards; put the shipped framework (a
    data migration's rows) back for the tests that follow."""
    yield
    from assessments.frameworks import framework_load_content, shipped_content

    with django_db_blocker.unblock():
        framework_load_content(content=shipped_content())


def _signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_signed_agreement_shows_on_the_profile(framework_restored, live_server, world, browser):
    council_lead = world.coordinator_a  # a coordinator of area A for the council
    vcs_lead = UserFactory(username="vcs_lead_a", first_name="Val", last_name="Voluntary")
    MembershipFactory(user=vcs_lead, role=Role.COORDINATOR, area=world.area_a, sector=Sector.VCS)
    profile = f"{live_server.url}/areas/{world.area_a.slug}/profile/"

    page = _signed_in(browser, live_server, council_lead)
    page.goto(f"{profile}timeline/add/")
    page.get_by_label("Date").fill("2019-11-04")
    page.get_by_label("Kind of event").select_option(label="Local Compact signed or refreshed")
    page.get_by_label("Council", exact=True).check()
    page.get_by_label("Voluntary and community sector").check()
    page.get_by_label("Helped the partnership").check()
    page.get_by_label("What happened").fill("The local Compact was refreshed together.")
    page.get_by_role("button", name="Save event").click()
    page.wait_for_url(f"{profile}timeline/")
    assert "The local Compact was refreshed together." in page.content()

    page.goto(f"{profile}agreement/")
    page.get_by_role("link", name="Draft the agreement").click()
    page.get_by_label("Purpose of the partnership").fill("Better advice services, together.")
    page.get_by_label("Role of the council").fill("Hosts the board.")
    page.get_by_label("Role of the voluntary and community sector").fill("Brings residents in.")
    page.get_by_label("How decisions are made").fill("By consensus.")
    page.get_by_label("How disagreements are handled").fill("An independent chair mediates.")
    page.get_by_label("Consultation period (weeks)").fill("12")
    page.get_by_role("button", name="Save the agreement").click()
    page.wait_for_url(f"{profile}agreement/")
    assert page.locator(".agreement-status").inner_text() == "Draft (version 1)"

    page.get_by_label("I have read this version and sign it for my sector").check()
    page.get_by_role("button", name="Sign as the Council lead").click()
    page.wait_for_url(f"{profile}agreement/")
    assert "You signed version 1." in page.content()

    other = _signed_in(browser, live_server, vcs_lead)
    other.goto(f"{profile}agreement/")
    other.get_by_label("I have read this version and sign it for my sector").check()
    other.get_by_role("button", name="Sign as the Voluntary and community sector lead").click()
    other.wait_for_url(f"{profile}agreement/")

    other.goto(profile)
    status = other.locator(".agreement-status")
    assert status.inner_text() == "Signed by both sectors (version 1)"
    assert "The local Compact was refreshed together." in other.content()
    version = AgreementVersion.objects.get(area=world.area_a)
    assert sorted(version.signatures.values_list("signer_name", flat=True)) == sorted(
        [council_lead.get_full_name(), "Val Voluntary"]
    )
    assert HistoryEvent.objects.filter(area=world.area_a).count() == 1

    # The area dashboard of the published round shows the agreement signed, and the event.
    publish_results(world.area_round_a)
    page.goto(f"{live_server.url}/areas/{world.area_a.slug}/rounds/{world.round.slug}/")
    assert page.locator("#profile-agreement .agreement-status").inner_text() == (
        "Signed by both sectors (version 1)"
    )
    assert "The local Compact was refreshed together." in page.content()
    page.context.close()
    other.context.close()
