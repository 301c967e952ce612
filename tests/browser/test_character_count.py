"""In a real browser: the comment box counts characters as the person types, never stops
them typing or pasting, and the server still refuses over-long text with the field named;
the browser's count and the server's agree on line breaks and on characters outside the
Basic Multilingual Plane."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Comment
from assessments.services.responses import response_start
from tests.browser.conftest import axe_violations, describe_violations, screenshot

pytestmark = pytest.mark.browser

FIELD = "Comments on this section (optional)"
MESSAGE = (
    "Comment on History of cross-sector relationships must be 2,000 characters or fewer; "
    "you entered 2,005"
)


@pytest.fixture
def shipped_framework(transactional_db):
    from assessments.frameworks import framework_load_content, shipped_content

    return framework_load_content(content=shipped_content())


@pytest.fixture
def page_one(shipped_framework, live_server, browser, world):
    """Respondent A, started, on page 1 of the assessment."""
    response = response_start(user=world.respondent_a, area_round=world.area_round_a, sector="vcs")
    client = Client()
    client.force_login(world.respondent_a)
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
    url = reverse("assessment_page", kwargs={"area": "area-a", "round": "spring", "page": 1})
    page.goto(live_server.url + url)
    yield page, response
    context.close()


def test_typing_past_the_limit_shows_the_count_and_the_server_refuses_by_name(page_one):
    page, response = page_one
    box = page.get_by_label(FIELD)
    status = page.locator(".character-count__status")
    announcer = page.locator(".character-count__status + [aria-live='polite']")
    assert box.get_attribute("maxlength") is None
    expect(status).to_have_text("You have 2,000 characters remaining")
    # The hint stays for screen readers (it describes the box), shown once by the count.
    expect(page.locator("#id_comment_limit")).to_have_text("You can enter up to 2,000 characters")
    expect(page.locator("#id_comment_limit")).to_have_class(
        "character-count__hint visually-hidden"
    )

    box.fill("x" * 1995)
    box.press_sequentially("abcdefghij")  # typing on past the limit is not stopped
    assert len(box.input_value()) == 2005
    expect(status).to_have_text("5 characters too many")
    expect(status).to_have_class("form-text character-count__status character-count__status--over")
    expect(announcer).to_have_text("5 characters too many")  # once typing pauses
    assert not describe_violations(axe_violations(page))
    screenshot(page, "character-count--over")

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save and continue").click()
    assert posted.value.status == 400
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(MESSAGE)
    expect(summary).to_be_focused()
    box = page.get_by_label(FIELD)
    assert len(box.input_value()) == 2005  # kept, to be trimmed
    expect(page.locator(".character-count__status")).to_have_text("5 characters too many")
    screenshot(page, "character-count--refused")
    summary.get_by_role("link", name=MESSAGE).click()
    expect(box).to_be_focused()

    box.press("Control+End")  # the end of the text, not of the wrapped line
    for _ in range(5):
        box.press("Backspace")
    expect(page.locator(".character-count__status")).to_have_text(
        "You have 0 characters remaining"
    )
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/assessment/2/")
    assert Comment.objects.get(response=response).text == "x" * 1995 + "abcde"


def test_the_browser_and_the_server_count_line_breaks_and_emoji_alike(page_one):
    page, response = page_one
    box = page.get_by_label(FIELD)
    text = "ab\n" * 600 + "😀" * 200  # 1,800 + 200: every line break and emoji is one
    box.fill(text)
    expect(page.locator(".character-count__status")).to_have_text(
        "You have 0 characters remaining"
    )
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/assessment/2/")
    saved = Comment.objects.get(response=response).text
    assert saved == text and len(saved) == 2000
