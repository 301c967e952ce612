"""Single sign-on in a real browser against a real OpenID provider (tests.signin.harness):
email first, to the council's sign-in, back signed in with the right roles; then signing
out of the portal and, on offer, of the provider. By keyboard where a person would type."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.urls import reverse

from partnerships.access import access_for
from signin import providers
from tests.browser.conftest import axe_violations, describe_violations, screenshot
from tests.browser.demo import AREA, OPEN_ROUND, PEOPLE
from tests.signin.harness import COORDINATOR, COUNCIL, harness_running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def council_sign_in(seeded_live_server):
    """The harness providers, accepting the live server's callbacks, configured in the
    portal; the demo council coordinator's council account is COORDINATOR."""
    with harness_running(redirect_bases=[seeded_live_server.url]) as harness:
        person = get_user_model().objects.get(username=PEOPLE["coordinator"])
        email = person.email
        person.email = COORDINATOR
        person.save()
        providers.client_for.cache_clear()
        try:
            with override_settings(OIDC_PROVIDERS=harness.configs()):
                yield harness
        finally:
            person.email = email
            person.save()
            providers.client_for.cache_clear()


def _no_violations(page, name):
    violations = axe_violations(page)
    assert not violations, f"{name}: " + describe_violations(violations)


def test_a_coordinator_signs_in_through_their_council_and_out_again(
    seeded_live_server, council_sign_in
):
    site = seeded_live_server
    page = site.fresh_page(None)
    try:
        page.goto(site.url + reverse("login"))
        assert page.get_by_role("heading", level=1).inner_text() == "Sign in to PIP Portal"
        # By keyboard: Tab to the address (past the skip link and the header's links).
        field = page.get_by_label("Email address")
        for _ in range(15):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "email":
                break
        assert page.evaluate("document.activeElement.name") == "email"
        page.keyboard.type(COORDINATOR)
        assert field.input_value() == COORDINATOR
        with page.expect_navigation():
            page.keyboard.press("Enter")

        heading = page.get_by_role("heading", level=1)
        assert heading.inner_text() == "Sign in with your council account"
        _no_violations(page, "sso_council")
        link = page.get_by_role("link", name=re.compile("^Continue to Test Council A sign-in"))
        link.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # At the council's own sign-in page (the provider, on its own port).
        assert page.url.startswith(council_sign_in.url(COUNCIL) + "/interaction/")
        page.get_by_label("Email address").fill(COORDINATOR)
        page.get_by_label("Password").fill("anything")
        with page.expect_navigation(url=re.compile(re.escape(site.url))):
            page.get_by_role("button", name="Sign in").click()

        assert page.url == site.url + "/"
        account = page.locator(".portal-header__account")
        assert "Signed in as" in account.inner_text()
        screenshot(page, "sso--signed-in--desktop")
        # The right roles: the coordinator's round management, and no programme pages.
        coordinator = get_user_model().objects.get(username=PEOPLE["coordinator"])
        roles = access_for(coordinator)
        assert roles.coordinator_area_ids and not (roles.is_admin or roles.is_sponsor)
        manage = page.goto(
            site.url + reverse("round_manage", kwargs={"area": AREA, "round": OPEN_ROUND})
        )
        assert manage.status == 200
        assert page.goto(site.url + reverse("programme_dashboard")).status == 403

        page.goto(site.url + "/")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign out").click()
        assert page.get_by_role("heading", level=1).inner_text() == (
            "You have been signed out of PIP Portal"
        )
        _no_violations(page, "sso_signed_out")
        screenshot(page, "sso_signed_out--desktop")
        assert page.goto(site.url + "/").url.startswith(site.url + reverse("login"))

        page.go_back()
        offer = page.get_by_role("link", name="Sign out of your Test Council A account too")
        with page.expect_navigation():
            offer.click()
        assert page.url.startswith(council_sign_in.url(COUNCIL) + "/session/end")
        with page.expect_navigation(url=re.compile(re.escape(site.url + reverse("login")))):
            page.get_by_role("button", name="Yes, sign me out").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Sign in to PIP Portal"
    finally:
        page.context.close()
