"""In a real browser: a coordinator reviews a closed round's comments, is told what is
missing when hiding one without a reason, hides it with a reason, and undoes that; the
page passes axe-core in each state."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import CommentDecision, CommentHiddenReason
from tests.assessments.conftest import SHOWN_COMMENTS, comment_with, commented_round
from tests.browser.conftest import axe_violations, describe_violations, screenshot

pytestmark = pytest.mark.browser

HIDDEN = SHOWN_COMMENTS[2]


@pytest.fixture
def shipped_framework(transactional_db):
    from assessments.frameworks import framework_load_content, shipped_content

    return framework_load_content(content=shipped_content())


def test_a_coordinator_hides_a_comment_and_undoes_it(
    shipped_framework, live_server, browser, world
):
    commented_round(world)
    client = Client()
    client.force_login(world.coordinator_a)
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
    page.goto(live_server.url + reverse("round_comments", args=["area-a", "spring"]))
    assert not describe_violations(axe_violations(page))

    item = page.locator(f"#comment-{comment_with(HIDDEN).key}")
    item.locator("summary", has_text="Hide this comment").click()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        item.get_by_role("button", name="Hide the comment").click()
    assert posted.value.status == 400
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose why you are hiding this comment")
    expect(summary).to_be_focused()
    item = page.locator(f"#comment-{comment_with(HIDDEN).key}")
    expect(item.locator("details")).to_have_attribute("open", "")
    assert not describe_violations(axe_violations(page))
    screenshot(page, "round_comments--error")

    summary.get_by_role("link").click()
    expect(item.get_by_label("Contains personal data")).to_be_focused()  # the first option
    item.get_by_label("Identifies someone").check()
    item.get_by_label("Note (optional)").fill("Names the forum's chair.")
    item.get_by_role("button", name="Hide the comment").click()
    expect(page.locator(".alert-success")).to_contain_text("The comment is hidden")
    item = page.locator(f"#comment-{comment_with(HIDDEN).key}")
    expect(item).to_contain_text("Hidden by")
    expect(item).to_contain_text("Identifies someone")
    decision = CommentDecision.objects.get()
    assert decision.reason == CommentHiddenReason.IDENTIFIES
    assert decision.note == "Names the forum's chair."
    assert not describe_violations(axe_violations(page))
    screenshot(page, "round_comments--hidden")

    item.get_by_role("button", name="Show this comment again").click()
    expect(page.locator(".alert-success")).to_contain_text("shown again")
    assert not comment_with(HIDDEN).hidden
    context.close()
