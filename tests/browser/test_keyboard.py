"""Keyboard only: a respondent fills in and submits the whole health check with Tab,
Shift+Tab, Space, Enter and the arrow keys; every element focused on the way shows a
visible focus indicator; the skip link comes first; error summaries link to the fields.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Answer, Response, ResponseStatus
from tests.browser.conftest import axe_violations, describe_violations
from tests.browser.demo import AREA, OPEN_ROUND, PEOPLE

pytestmark = pytest.mark.browser

R = {"area": AREA, "round": OPEN_ROUND}

# What has focus, and whether it shows it: an outline that is drawn (not none, not
# zero-width, not transparent) or a box-shadow.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && !/rgba\\(.*,\\s*0\\)|transparent/.test(style.outlineColor);
  const shadow = !!style.boxShadow && style.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "", type: el.type || "",
    value: el.value || "", checked: !!el.checked,
    text: (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 80),
    indicator: outline ? "outline " + style.outlineWidth + " " + style.outlineColor
      : (shadow ? "box-shadow " + style.boxShadow : ""),
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def press(page, key: str) -> dict:
    """Press a key; the element that then has focus must show it."""
    page.keyboard.press(key)
    info = focused(page)
    if info["tag"] not in ("body", "main", "dialog", "html"):
        assert info["indicator"], f"no visible focus indicator on {info} after {key}"
    return info


def tab_to(page, wanted, key: str = "Tab", limit: int = 60) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches ``wanted``."""
    seen = []
    for _ in range(limit):
        info = press(page, key)
        if wanted(info):
            return info
        seen.append(info["text"] or info["name"] or info["tag"])
    raise AssertionError(f"{key} never reached the element; passed {seen}")


def skip_to_main(page) -> None:
    """The first Tab on a page focuses the skip link; Enter moves focus to <main>."""
    info = press(page, "Tab")
    assert info["tag"] == "a" and info["text"] == "Skip to main content", info
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"


def button(text: str):
    return lambda info: info["tag"] == "button" and info["text"].startswith(text)


def answer_page_with_keyboard(page) -> int:
    """Answer every statement on the page "4": Tab into each radio group (focus lands on
    its first option), Space selects it, three right arrows move the choice to 4. Halfway,
    Shift+Tab goes back to the previous group, which remembers its choice."""
    names = page.eval_on_selector_all(
        "input[type=radio][name^=statement-]",
        "inputs => [...new Set(inputs.map(input => input.name))]",
    )
    skip_to_main(page)
    for index, name in enumerate(names):
        info = tab_to(page, lambda info, name=name: info["name"] == name)
        assert info["type"] == "radio" and not info["checked"]
        press(page, "Space")
        for _ in range(3):
            info = press(page, "ArrowRight")
        assert info["name"] == name and info["checked"] and info["value"] == "4", info
        if index == 1:
            back = press(page, "Shift+Tab")
            assert back["name"] == names[0] and back["checked"] and back["value"] == "4"
            again = press(page, "Tab")
            assert again["name"] == name and again["value"] == "4"
    return len(names)


def test_a_respondent_completes_and_submits_the_assessment_with_the_keyboard_alone(
    seeded_live_server, demo_rows
):
    site = seeded_live_server
    page = site.fresh_page(PEOPLE["keyboard"])
    try:
        page.goto(site.url + reverse("assessment_start", kwargs=R))

        # Before you start: the sector is already chosen; the arrow keys move the choice
        # within the group and back.
        skip_to_main(page)
        info = tab_to(page, lambda info: info["name"] == "sector")
        assert info["checked"] and info["value"] == "vcs"
        moved = press(page, "ArrowDown")
        assert moved["name"] == "sector" and moved["checked"] and moved["value"] != "vcs"
        back = press(page, "ArrowUp")
        assert back["value"] == "vcs" and back["checked"]
        tab_to(page, button("Start"))
        with page.expect_navigation():
            page.keyboard.press("Enter")

        answered = 0
        for number in range(1, demo_rows.page_count + 1):
            assert page.url.endswith(reverse("assessment_page", kwargs={**R, "page": number})), (
                page.url
            )
            answered += answer_page_with_keyboard(page)
            tab_to(page, button("Save and"))  # "Save and continue" / "Save and review"
            with page.expect_navigation():
                page.keyboard.press("Enter")

        assert page.url.endswith(reverse("assessment_review", kwargs=R))
        skip_to_main(page)
        tab_to(page, button("Submit your answers"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(reverse("assessment_done", kwargs=R))
        assert "your answers are submitted" in page.get_by_role("heading", level=1).inner_text()
    finally:
        page.context.close()

    user = get_user_model().objects.get(username=PEOPLE["keyboard"])
    response = Response.objects.get(user=user, area_round__round__slug=OPEN_ROUND)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.sector == "vcs"
    values = list(Answer.objects.filter(response=response).values_list("value", flat=True))
    assert len(values) == answered > 0
    assert set(values) == {4}


def test_an_error_summary_takes_focus_and_links_to_the_fields_in_error(seeded_live_server):
    site = seeded_live_server
    page = site.fresh_page(PEOPLE["coordinator"])
    try:
        page.goto(site.url + reverse("round_manage", kwargs=R))
        skip_to_main(page)
        tab_to(page, button("Send invitations"))  # with no addresses and no sector
        with page.expect_navigation():
            page.keyboard.press("Enter")

        summary = page.locator(".error-summary")
        assert summary.evaluate("summary => summary === document.activeElement")
        assert summary.get_attribute("role") == "alert"
        links = summary.locator("a")
        targets = [href.lstrip("#") for href in links.evaluate_all("a => a.map(x => x.hash)")]
        assert targets == ["id_emails", "id_sector_0"], targets
        for target in targets:
            field = page.locator(f"#{target}")
            assert field.count() == 1
            assert field.evaluate("el => ['TEXTAREA', 'INPUT', 'SELECT'].includes(el.tagName)")
        assert page.locator("#id_emails").get_attribute("aria-invalid") == "true"

        # Following the first link with the keyboard puts the cursor in the field.
        first = press(page, "Tab")
        assert first["tag"] == "a" and first["text"] == links.first.inner_text()
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "id_emails"

        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    finally:
        page.context.close()
