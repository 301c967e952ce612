"""In a real browser: a respondent signs in, answers two pages, leaves, comes back in a new
browser context, finds the draft, submits and sees the confirmation; an invited person
opens their link, answers and submits without ever being signed in."""

import pytest
from django.urls import reverse

from assessments.models import Answer, Invitation, Response, ResponseStatus
from tests.assessments.test_invitation_views import _invitation
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def shipped_framework(transactional_db):
    """Live-server tests run in a database that is flushed after each test, which also drops
    the framework a data migration loaded: load it (idempotently) before building the world."""
    from assessments.frameworks import framework_load_content, shipped_content

    return framework_load_content(content=shipped_content())


def _sign_in(browser, live_server, username):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _answer_page(page, value: str):
    for radio in page.locator(f"input[type=radio][value='{value}']").all():
        radio.check()
    page.get_by_role("button", name="Save and continue").click()


def test_a_respondent_drafts_leaves_comes_back_and_submits(
    shipped_framework, live_server, browser, world
):
    start = live_server.url + reverse(
        "assessment_start", kwargs={"area": "area-a", "round": "spring"}
    )
    dimensions = list(world.round.framework.dimensions.order_by("order"))
    first_two = sum(d.questions.count() for d in dimensions[:2])

    page = _sign_in(browser, live_server, "respondent_a")
    page.goto(start)
    assert page.get_by_text("How your answers are used").is_visible()
    page.get_by_label("Voluntary and community sector").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_text(f"Page 1 of {len(dimensions)}").wait_for()
    _answer_page(page, "4")
    page.get_by_text(f"Page 2 of {len(dimensions)}").wait_for()
    page.get_by_label("Comments on this section (optional)").fill("Capacity is stretched.")
    _answer_page(page, "2")
    page.get_by_text(f"Page 3 of {len(dimensions)}").wait_for()
    page.context.close()  # leaves: another day, another device

    response = Response.objects.get(user=world.respondent_a)
    assert response.status == ResponseStatus.DRAFT
    assert Answer.objects.filter(response=response, value__isnull=False).count() == first_two

    page = _sign_in(browser, live_server, "respondent_a")
    page.goto(start)
    assert page.get_by_text("Your draft is saved").is_visible()
    page.get_by_role("link", name="Continue").click()
    page.get_by_text(f"Page 3 of {len(dimensions)}").wait_for()
    page.goto(
        live_server.url
        + reverse("assessment_page", kwargs={"area": "area-a", "round": "spring", "page": 2})
    )
    assert page.get_by_label("Comments on this section (optional)").input_value() == (
        "Capacity is stretched."
    )
    assert page.locator("input[type=radio][value='2']:checked").count() == (
        dimensions[1].questions.count()
    )
    page.goto(
        live_server.url
        + reverse("assessment_review", kwargs={"area": "area-a", "round": "spring"})
    )
    total = world.round.framework.questions.count()
    assert page.get_by_text(f"{total - first_two} statements not answered").is_visible()
    page.get_by_role("button", name="Submit your answers").click()
    page.get_by_text("Thank you: your answers are submitted").wait_for()
    page.context.close()

    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_an_invitee_answers_and_submits_without_being_signed_in(
    shipped_framework, live_server, browser, world
):
    kwargs = {"area": "area-a", "round": "spring"}
    token = _invitation(world.area_round_a, email="first.time@example.org")
    dimensions = list(world.round.framework.dimensions.order_by("order"))
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(live_server.url + reverse("invitation_accept", kwargs={"token": token}))
    screenshot(page, "invitee--link")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + reverse("assessment_start", kwargs=kwargs))
    page.get_by_label("Voluntary and community sector").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_text(f"Page 1 of {len(dimensions)}").wait_for()
    _answer_page(page, "4")
    page.get_by_text(f"Page 2 of {len(dimensions)}").wait_for()
    page.goto(live_server.url + reverse("assessment_review", kwargs=kwargs))
    page.get_by_role("button", name="Submit your answers").click()
    page.get_by_text("Thank you: your answers are submitted").wait_for()
    screenshot(page, "invitee--done")

    # Answered and submitted, and never signed in: no account menu, no sign-out.
    assert page.get_by_text("Signed in as").count() == 0
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert page.get_by_role("link", name="Back to your home page").count() == 0
    invitation = Invitation.objects.get(email="first.time@example.org")
    response = Response.objects.get(invitation=invitation)
    assert response.user == invitation.user and response.status == ResponseStatus.SUBMITTED
    assert Answer.objects.filter(response=response, value=4).count() == (
        dimensions[0].questions.count()
    )
    # Anywhere else the browser is a signed-out visitor.
    page.goto(live_server.url + reverse("home"))
    assert "/accounts/login/" in page.url
    context.close()
