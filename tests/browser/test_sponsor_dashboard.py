"""In a real browser: a sponsor signs in, opens the programme dashboard, filters it by
region, opens an area and sees its radar chart and the data table beside it."""

import pytest
from playwright.sync_api import expect

from demo.programme import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, describe_violations, screenshot

pytestmark = pytest.mark.browser


def test_sponsor_filters_the_programme_and_opens_an_area(seeded_live_server):
    site = seeded_live_server
    page = site.fresh_page(None)
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{site.url}/accounts/login/?next=/programme/")
        page.locator("#id_username").fill("sponsor")
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        expect(page.get_by_role("heading", level=1, name="Programme dashboard")).to_be_visible()
        heat_map = page.locator("#programme-heat-map")
        expect(heat_map.locator("tbody tr").first).to_be_visible()
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)

        page.get_by_label("Round").select_option(label="Baseline 2026")
        page.get_by_label("Region").select_option("Wales")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(
            f"{site.url}/programme/?round=baseline&region=Wales&council_type="
        )
        rows = heat_map.locator("tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first.get_by_role("link", name="Swansea", exact=True)).to_be_visible()
        screenshot(page, "programme-dashboard-wales")

        rows.first.get_by_role("link", name="Swansea", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Swansea")
        radar = page.locator("svg.chart-radar")
        expect(radar).to_be_visible()
        expect(radar.locator("title")).to_contain_text("Swansea")
        expect(radar.locator("polygon").first).to_be_attached()
        table = page.locator("#dimension-table")
        expect(table).to_be_visible()
        expect(table.locator("caption")).to_contain_text("programme median")
        expect(table.locator("tbody tr")).to_have_count(6)
        expect(
            table.get_by_role("rowheader", name="History of cross-sector relationships")
        ).to_be_visible()
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        screenshot(page, "area-dashboard-swansea")
    finally:
        page.context.close()
