"""Small screens and slow hands: the assessment reflows at 320 CSS pixels without sideways
scrolling (WCAG 1.4.10), its targets are at least 24×24 pixels (2.5.8), the session
timeout warning leaves time to stay signed in (2.2.1), and a saved draft outlives the
session (2.2.5).

The browser's clock is Playwright's fake clock, so the timeout tests wait no real time.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from demo.programme import DEMO_PASSWORD
from tests.browser.conftest import screenshot
from tests.browser.demo import AREA, OPEN_ROUND, PEOPLE

pytestmark = pytest.mark.browser

R = {"area": AREA, "round": OPEN_ROUND}
NARROW = {"width": 320, "height": 640}


def assessment_paths(page_count: int) -> list[tuple[str, str]]:
    return [
        ("assessment_start", reverse("assessment_start", kwargs=R)),
        *[
            (f"assessment_page-{n}", reverse("assessment_page", kwargs={**R, "page": n}))
            for n in range(1, page_count + 1)
        ],
        ("assessment_review", reverse("assessment_review", kwargs=R)),
    ]


def test_the_assessment_reflows_at_320_css_pixels(seeded_live_server, demo_rows):
    site = seeded_live_server
    page = site.fresh_page(PEOPLE["respondent"], viewport=NARROW)
    try:
        too_wide = {}
        for name, path in [
            *assessment_paths(demo_rows.page_count),
            ("home", reverse("home")),
        ]:
            page.goto(site.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                too_wide[name] = width
            screenshot(page, f"{name}--320")
        assert not too_wide, f"pages wider than 320 CSS px (scrollWidth): {too_wide}"
    finally:
        page.context.close()


def test_the_sign_in_page_reflows_at_320_css_pixels(seeded_live_server):
    site = seeded_live_server
    page = site.fresh_page(None, viewport=NARROW)
    try:
        page.goto(site.url + reverse("login"))
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    finally:
        page.context.close()


SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(el => el.offsetParent !== null)
  .map(el => {
    const box = el.getBoundingClientRect();
    return {el: el.outerHTML.slice(0, 90), width: box.width, height: box.height};
  })
  .filter(target => target.width < 24 || target.height < 24)"""


@pytest.mark.parametrize("viewport", [NARROW, {"width": 1280, "height": 800}], ids=str)
def test_the_assessment_forms_targets_are_at_least_24_pixels(
    seeded_live_server, demo_rows, viewport
):
    site = seeded_live_server
    page = site.fresh_page(PEOPLE["respondent"], viewport=viewport)
    try:
        small = {}
        for name, path in assessment_paths(demo_rows.page_count):
            page.goto(site.url + path)
            targets = page.evaluate(
                SMALL_TARGETS,
                "main form input[type=radio], main form input[type=checkbox], "
                "main form button, main form select, main form a, main .btn",
            )
            if targets:
                small[name] = targets
        assert not small, f"targets under 24×24 CSS px: {small}"
    finally:
        page.context.close()


def seconds_in(text: str) -> int:
    """ "1 minute 59 seconds" -> 119."""
    minutes = re.search(r"(\d+)\s*minute", text)
    seconds = re.search(r"(\d+)\s*second", text)
    return (int(minutes.group(1)) * 60 if minutes else 0) + (
        int(seconds.group(1)) if seconds else 0
    )


@pytest.mark.parametrize("session_seconds", [30, 3600])
def test_the_timeout_warning_leaves_at_least_20_seconds_to_stay_signed_in(
    seeded_live_server, settings, session_seconds
):
    settings.SESSION_COOKIE_AGE = session_seconds
    site = seeded_live_server
    page = site.fresh_page(PEOPLE["submitted"])
    try:
        page.clock.install()
        page.goto(site.url + reverse("assessment_start", kwargs=R))
        dialog = page.locator("#session-timeout")
        expect(dialog).to_be_hidden()

        # Idle until 35 seconds before the end, then a second at a time until the warning
        # shows: when it shows, at least 20 seconds must be left (real time passes too, on
        # a busy machine, so the moment of showing is what counts, not a fixed moment).
        page.clock.fast_forward(max(session_seconds - 35, 0) * 1000)
        for _ in range(40):
            if dialog.is_visible():
                break
            page.clock.run_for(1000)
        expect(dialog).to_be_visible()
        left = seconds_in(dialog.locator("[data-countdown]").inner_text())
        assert left >= 20, f"only {left} seconds to respond"
        assert dialog.evaluate("dialog => dialog.contains(document.activeElement)")

        with page.expect_response(
            lambda response: response.url.endswith(reverse("session_keepalive"))
        ) as keepalive:
            dialog.get_by_role("button", name="Stay signed in").click()
        assert keepalive.value.status == 204
        assert keepalive.value.request.method == "POST"
        expect(dialog).to_be_hidden()

        # The session was extended: the page still opens signed in.
        page.reload()
        assert page.url.endswith(reverse("assessment_start", kwargs=R))
    finally:
        page.context.close()


def test_a_saved_draft_survives_the_session_timing_out(seeded_live_server, settings):
    settings.SESSION_COOKIE_AGE = 300
    site = seeded_live_server
    page = site.fresh_page(PEOPLE["timeout"])
    page_one = reverse("assessment_page", kwargs={**R, "page": 1})
    try:
        page.clock.install()
        page.goto(site.url + reverse("assessment_start", kwargs=R))
        page.get_by_role("button", name="Start").click()
        page.wait_for_url(f"**{page_one}")
        first = page.locator("input[type=radio][name=statement-1][value='2']")
        first.check()
        page.get_by_role("button", name="Save and come back later").click()
        page.wait_for_url(f"**{reverse('assessment_start', kwargs=R)}")

        # Back on page 1, the person goes idle past the end of the session.
        page.goto(site.url + page_one)
        page.clock.fast_forward(301 * 1000)
        dialog = page.locator("#session-timeout")
        expect(dialog.get_by_role("heading", name="You have been signed out")).to_be_visible()
        session_key = next(
            cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid"
        )
        Session.objects.filter(session_key=session_key).update(
            expire_date=timezone.now() - timezone.timedelta(seconds=1)
        )

        dialog.get_by_role("link", name="Sign in again").click()
        page.wait_for_url("**/accounts/login/**")
        page.get_by_label("Username").fill(PEOPLE["timeout"])
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"**{page_one}")
        expect(page.locator("input[type=radio][name=statement-1][value='2']")).to_be_checked()
    finally:
        page.context.close()
