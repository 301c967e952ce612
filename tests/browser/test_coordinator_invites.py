"""In a real browser: a coordinator invites two people to the area's round."""

import pytest
from django.urls import reverse

from assessments.models import Invitation
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def shipped_framework(transactional_db):
    """Live-server tests run in a database that is flushed after each test, which also drops
    the framework a data migration loaded: load it (idempotently) before building the world."""
    from assessments.frameworks import framework_load_content, shipped_content

    return framework_load_content(content=shipped_content())


def test_a_coordinator_invites_two_people(
    shipped_framework, live_server, browser, world, mailoutbox
):
    page = browser.new_context(locale="en-GB").new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill("coordinator_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(
        live_server.url + reverse("round_manage", kwargs={"area": "area-a", "round": "spring"})
    )
    page.get_by_label("Email addresses").fill("alex@example.org\nnot-an-address\nsam@example.org")
    page.get_by_label("Council").check()
    page.get_by_role("button", name="Send invitations").click()

    page.get_by_text("Invited 2 people.").wait_for()
    assert page.get_by_text("not-an-address").first.is_visible()
    table = page.get_by_role("table", name="Invitations")
    assert table.get_by_role("cell", name="alex@example.org", exact=True).is_visible()
    assert table.get_by_role("cell", name="sam@example.org", exact=True).is_visible()
    page.context.close()

    assert sorted(Invitation.objects.values_list("email", "sector")) == [
        ("alex@example.org", "council"),
        ("sam@example.org", "council"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["alex@example.org", "sam@example.org"]
