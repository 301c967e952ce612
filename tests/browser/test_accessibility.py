"""Every page a person can reach, as the person who reaches it, checked with axe-core
against WCAG 2.0, 2.1 and 2.2 A and AA; plus the charts' text alternatives.

To check a new page, add it to ``PAGES``: the key is its URL name (``name:variant`` for a
second visit to the same URL), the value the role that visits it and its URL kwargs (a
callable kwarg gets the ``demo_rows`` rows). ``test_every_page_template_was_checked``
fails when a page template is added and nothing here visits it.

Visits to the main pages (``SCREENSHOTS``) also write desktop (1280×800) and mobile
(375×812) screenshots to artifacts/screenshots/.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from tests.browser.conftest import (
    DESKTOP,
    MOBILE,
    axe_violations,
    describe_violations,
    screenshot,
)
from tests.browser.demo import AREA, CLOSED_ROUND, OPEN_ROUND, PEOPLE

pytestmark = pytest.mark.browser

A = {"area": AREA}
R = {"area": AREA, "round": OPEN_ROUND}
CLOSED = {"area": AREA, "round": CLOSED_ROUND}
NARROW = {"width": 320, "height": 640}

# key ("url_name" or "url_name:variant") -> (role in PEOPLE, URL kwargs)
PAGES = {
    # Anyone
    "login": ("anonymous", {}),
    "accessibility": ("anonymous", {}),
    "privacy": ("anonymous", {}),
    "invitation_accept": ("anonymous", {"token": lambda rows: rows.valid_token}),
    "invitation_accept:used": ("anonymous", {"token": lambda rows: rows.used_token}),
    "invitation_accept:expired": ("anonymous", {"token": lambda rows: rows.expired_token}),
    "invitation_accept:unknown": ("anonymous", {"token": "not-a-real-invitation-token"}),
    # Opened while signed in: asks which person to continue as (the link stays unused).
    "invitation_accept:choose": ("respondent", {"token": lambda rows: rows.valid_token}),
    # Errors
    "test_bad_request": ("anonymous", {}),
    "round_manage:403": ("respondent", R),
    "area_profile:404": ("respondent", {"area": "no-such-area"}),
    "test_fail": ("anonymous", {}),
    # Respondent
    "home": ("respondent", {}),
    "assessment_start": ("respondent", R),
    **{f"assessment_page:{n}": ("respondent", {**R, "page": n}) for n in range(1, 7)},
    "assessment_review": ("respondent", R),
    "assessment_done": ("submitted", R),
    "assessment_start:closed": ("respondent", CLOSED),
    "assessment_page:closed": ("respondent", {**CLOSED, "page": 1}),
    "area_round_dashboard:published": ("respondent", CLOSED),
    "area_dashboard:waiting": ("waiting", {"area": "newtown"}),
    # Coordinator
    "home:coordinator": ("coordinator", {}),
    "round_manage": ("coordinator", R),
    "area_profile": ("coordinator", A),
    "area_timeline": ("coordinator", A),
    "timeline_event_add": ("coordinator", A),
    "timeline_event_edit": ("coordinator", {**A, "pk": lambda rows: rows.event}),
    "timeline_event_delete": ("coordinator", {**A, "pk": lambda rows: rows.event}),
    "area_agreement": ("coordinator", A),
    "agreement_edit": ("coordinator", A),
    "agreement_versions": ("coordinator", A),
    "agreement_version": ("coordinator", {**A, "number": lambda rows: rows.agreement_number}),
    "development_action_add": ("coordinator", A),
    "development_action_edit": (
        "coordinator",
        {**A, "pk": lambda rows: rows.development_action},
    ),
    "development_action_delete": (
        "coordinator",
        {**A, "pk": lambda rows: rows.development_action},
    ),
    "area_funding": ("coordinator", A),
    "funding_edit": ("coordinator", {**A, "round": OPEN_ROUND}),
    "area_action_plan": ("coordinator", A),
    "plan_action_add": ("coordinator", A),
    "plan_action_edit": ("coordinator", {**A, "pk": lambda rows: rows.plan_action}),
    "plan_action_delete": ("coordinator", {**A, "pk": lambda rows: rows.plan_action}),
    "area_round_dashboard": ("coordinator", CLOSED),
    "area_round_dashboard:progress": ("coordinator", R),
    "report_status:not_published": ("coordinator", R),
    "scores_csv:not_published": ("coordinator", {"round": OPEN_ROUND}),
    "round_comments": ("coordinator", CLOSED),
    "round_comments:open": ("coordinator", R),
    "report_status": ("coordinator", CLOSED),
    "report_status:queued": ("sponsor", {"area": "bassetlaw", "round": CLOSED_ROUND}),
    # Sponsor
    "home:sponsor": ("sponsor", {}),
    "area_recognition": ("sponsor", A),
    "programme_dashboard": ("sponsor", {}),
    "area_dashboard": ("sponsor", A),
    "area_round_dashboard:withheld": ("sponsor", {"area": "cornwall", "round": CLOSED_ROUND}),
    "programme_report_status": ("sponsor", {"round": CLOSED_ROUND}),
    # Administrator
    "round_manage:admin": ("admin", R),
    "import_batch_commit": ("admin", {**R, "batch": lambda rows: rows.import_batch}),
    "import_batch_reject": ("admin", {**R, "batch": lambda rows: rows.import_batch}),
}

# Page templates no visit renders, and why.
NOT_VISITED = {
    "registration/logged_out.html": "signing out redirects to the sign-in page",
}
TEMPLATES = Path(settings.BASE_DIR) / "templates"
NOT_PAGES = ("emails/", "includes/", "reports/pdf/", "base.html")

checked: list[str] = []


def _kwargs(kwargs: dict, rows) -> dict:
    return {key: value(rows) if callable(value) else value for key, value in kwargs.items()}


def visit(site, rows, key: str):
    """Open the page ``key`` names as its role; return the page and the response."""
    role, kwargs = PAGES[key]
    try:
        path = reverse(key.split(":")[0], kwargs=_kwargs(kwargs, rows))
    except NoReverseMatch:
        pytest.fail(f"{key}: no such URL name (was the page renamed or removed?)")
    page = site.page_as(PEOPLE[role])
    response = page.goto(site.url + path)
    return page, response


# The main pages, photographed at desktop and mobile widths for a person to look over.
SCREENSHOTS = {
    "login",
    "home",
    "invitation_accept",
    "invitation_accept:choose",
    "assessment_start",
    "assessment_page:1",
    "assessment_review",
    "assessment_done",
    "round_manage",
    "round_manage:errors",
    "round_manage:admin",
    "import_batch_commit",
    "import_batch_reject",
    "round_comments",
    "area_profile",
    "area_agreement",
    "area_action_plan",
    "area_round_dashboard",
    "area_round_dashboard:progress",
    "area_round_dashboard:withheld",
    "programme_dashboard",
    "report_status",
    "area_profile:404",
    "test_fail",
    "accessibility",
    "login:email-first",
    "login:email-first-errors",
    "sso_council",
    "sso_callback:refused",
    "sso_signed_out",
}


def check_page(page, key: str) -> list[dict]:
    """axe at desktop width; reflow at 320 CSS px (WCAG 1.4.10: no sideways scrolling of
    the page; a wide table scrolls inside its own region); screenshots of the main pages
    at desktop and mobile widths."""
    violations = axe_violations(page)
    page.set_viewport_size(NARROW)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        violations.append(
            {
                "id": "reflow-320",
                "impact": "serious",
                "help": f"the page is {width} CSS px wide at a 320 px viewport",
                "nodes": [],
            }
        )
    page.set_viewport_size(DESKTOP)
    if key in SCREENSHOTS:
        name = key.replace(":", "--")
        screenshot(page, f"{name}--desktop")
        page.set_viewport_size(MOBILE)
        screenshot(page, f"{name}--mobile")
        page.set_viewport_size(DESKTOP)
    checked.append(key)
    return violations


@pytest.mark.parametrize("key", list(PAGES))
def test_page_has_no_wcag_violations(key, seeded_live_server, demo_rows):
    page, response = visit(seeded_live_server, demo_rows, key)
    if key.startswith("test_fail"):
        assert response.status == 500
    else:
        assert response.status < 500, f"{key} failed with {response.status}"
    violations = check_page(page, key)
    assert not violations, f"{key}: {len(violations)} violations\n" + describe_violations(
        violations
    )


def test_page_count_matches_the_framework(demo_rows):
    listed = [key for key in PAGES if key.startswith("assessment_page:") and key[-1].isdigit()]
    assert len(listed) == demo_rows.page_count


def test_error_summary_page_has_no_wcag_violations(seeded_live_server, demo_rows):
    """A form sent with a mistake: the page with the error summary and inline errors."""
    page, _response = visit(seeded_live_server, demo_rows, "round_manage")
    form = page.locator("form", has=page.get_by_label("Email addresses"))
    form.get_by_role("button").click()
    page.locator(".error-summary").wait_for()
    violations = check_page(page, "round_manage:errors")
    assert not violations, describe_violations(violations)


def test_closed_round_page_has_no_wcag_violations(seeded_live_server, demo_rows):
    """Answers sent to a closed round (a page left open while the round closed)."""
    page, _response = visit(seeded_live_server, demo_rows, "assessment_start:closed")
    # The closed round's page has no form, so send the one that was open before it closed.
    with page.expect_navigation():
        page.evaluate(
            """() => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = window.location.pathname;
                const token = document.createElement("input");
                token.type = "hidden";
                token.name = "csrfmiddlewaretoken";
                token.value = document.cookie.match(/csrftoken=([^;]+)/)[1];
                form.append(token);
                document.body.append(form);
                form.submit();
            }"""
        )
    assert page.get_by_role("heading", level=1).inner_text() == "This round is not open"
    violations = check_page(page, "assessment_start:closed-post")
    assert not violations, describe_violations(violations)


def test_heat_map_page_links_have_no_wcag_violations(seeded_live_server, demo_rows, monkeypatch):
    """The programme heat map split into pages (at 3 areas a page, so the demo programme has
    several), reached by its "Next" link with the keyboard."""
    monkeypatch.setattr("reports.views.dashboards.AREAS_PER_PAGE", 3)
    cache.clear()  # pages cached at the usual size must not be served
    page, _response = visit(seeded_live_server, demo_rows, "programme_dashboard")
    pages = page.get_by_role("navigation", name="Pages of areas")
    next_link = pages.get_by_role("link", name="Next page")
    next_link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "page=2" in page.url
    current = pages.locator("[aria-current=page]")
    assert current.inner_text().split()[-1] == "2"
    violations = check_page(page, "programme_dashboard:page-2")
    pages.scroll_into_view_if_needed()
    screenshot(page, "programme_dashboard--page-2")
    assert not violations, describe_violations(violations)


def test_sign_in_pages_with_single_sign_on_have_no_wcag_violations(seeded_live_server, demo_rows):
    """With a council's provider configured: the email-first page (as it comes, and with a
    mistake), reached and sent by keyboard; "Sign in with your council account"; a refused
    sign-in; the signed-out page offering the provider's sign-out. The provider's discovery
    document is given (tests.signin.offline): no page here reaches it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test.utils import override_settings

    from signin.flows import SIGN_OUT_OFFER_KEY
    from tests.signin.offline import OFFLINE, offline_provider

    site = seeded_live_server
    with override_settings(OIDC_PROVIDERS=(offline_provider(),)):
        page = site.fresh_page(None)
        try:
            page.goto(site.url + reverse("login"))
            violations = check_page(page, "login:email-first")
            # Sent empty by keyboard: the error summary, then the address typed in.
            field = page.get_by_label("Email address")
            field.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            page.locator(".error-summary").wait_for()
            violations += check_page(page, "login:email-first-errors")
            page.get_by_label("Email address").focus()
            page.keyboard.type("pat@" + OFFLINE.domains[0])
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent.trim()") == "Continue"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.get_by_role("heading", level=1).inner_text() == (
                "Sign in with your council account"
            )
            violations += check_page(page, "sso_council")

            callback = reverse("sso_callback", kwargs={"provider": OFFLINE.id})
            assert page.goto(site.url + callback).status == 400
            violations += check_page(page, "sso_callback:refused")

            session = SessionStore()
            session[SIGN_OUT_OFFER_KEY] = {"provider": OFFLINE.id, "id_token": "a.b.c"}
            session.create()
            page.context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session.session_key,
                        "url": site.url,
                    }
                ]
            )
            page.goto(site.url + reverse("sso_signed_out"))
            violations += check_page(page, "sso_signed_out")
        finally:
            page.context.close()
    assert not violations, describe_violations(violations)


def test_every_page_template_was_checked(seeded_live_server):
    """A new page template fails this until a visit above checks it."""
    if len(checked) < len(PAGES):
        pytest.skip("runs after the whole module")
    page_templates = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")}
    page_templates = {
        name
        for name in page_templates
        if not name.startswith(NOT_PAGES) and not Path(name).name.startswith("_")
    }
    unvisited = page_templates - seeded_live_server.templates - set(NOT_VISITED)
    assert not unvisited, f"page templates no browser test visits: {sorted(unvisited)}"
    print(f"\n{len(checked)} pages checked")


# Every chart in <main>: its accessible name and description, the data table beside it,
# and the colours of its text.
CHARTS = """() => [...document.querySelectorAll("main svg:not([aria-hidden=true])")].map(svg => {
  const text = el => (el ? el.textContent.trim() : "");
  const labelledBy = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
    .map(id => text(document.getElementById(id))).join(" ").trim();
  const section = svg.closest("section") || svg.parentElement;
  const table = section.querySelector("table");
  return {
    chart: svg.getAttribute("class") || svg.id,
    role: svg.getAttribute("role"),
    name: svg.getAttribute("aria-label") || labelledBy
      || text(svg.querySelector(":scope > title")),
    table: !!table,
    caption: table && table.caption ? text(table.caption) : "",
    headers: table ? table.querySelectorAll("th[scope]").length : 0,
    fills: [...new Set([...svg.querySelectorAll("text")].map(t => getComputedStyle(t).fill))],
  };
})"""

RATINGS = """() => [...document.querySelectorAll("main [class*='rating-'], main [class*='heat-']")]
  .map(el => el.innerText.trim().replace(/\\s+/g, " "))"""


def contrast_on_white(rgb: str) -> float:
    """WCAG contrast ratio of an ``rgb(r, g, b)`` colour against white."""
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(
    "key", ["area_round_dashboard", "area_round_dashboard:withheld", "programme_dashboard"]
)
def test_charts_have_text_alternatives_and_data_tables_and_ratings_have_words(
    key, seeded_live_server, demo_rows
):
    page, response = visit(seeded_live_server, demo_rows, key)
    assert response.status == 200
    charts = page.evaluate(CHARTS)
    if key.startswith("area_round_dashboard"):
        assert len(charts) >= 3, charts  # radar, sector bars, trend, barriers
    for chart in charts:
        assert chart["role"] == "img" and chart["name"], f"no text alternative: {chart}"
        assert chart["table"] and chart["caption"] and chart["headers"], f"no table: {chart}"
        for fill in chart["fills"]:
            assert contrast_on_white(fill) >= 4.5, f"{chart['chart']} text {fill} too faint"

    ratings = page.evaluate(RATINGS)
    assert ratings, "no ratings on the page"
    for words in ratings:
        assert re.search(r"[A-Za-z]{4,}", words), f"a rating shown without words: {words!r}"
