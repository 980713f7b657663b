"""Pages work without JavaScript (the menu, the search form, the list of results) and a listing
prints without the parts a sheet of paper cannot use."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SIZES

pytestmark = pytest.mark.browser


def test_search_and_the_menu_work_without_javascript(browser, live_server, size, make_practitioner):
    make_practitioner(
        name="Noa Script",
        lat=-37.8004,
        lng=144.9745,
        practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
    )
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server, viewport={"width": width, "height": height}, java_script_enabled=False
    )
    outside: list[str] = []
    context.route(
        "**/*",
        lambda r: r.continue_()
        if r.request.url.startswith(live_server)
        else (outside.append(r.request.url), r.abort()),
    )
    page = context.new_page()
    page.goto("/")
    if size == "phone":
        expect(page.get_by_role("link", name="Log in")).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_label("Place, need or name").fill("Fitzroy VIC")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("1 practitioner within 10 km of Fitzroy VIC")
    expect(page.locator("#results-map")).to_be_hidden()  # the map is drawn by the script only
    page.get_by_role("link", name="Noa Script").click()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("#contact address")).to_be_visible()
    expect(page.get_by_test_id("contact")).to_contain_text("(02) 5550 1234")  # the phone stays, as text
    expect(page.get_by_test_id("report-incorrect")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noa Script")
    context.close()
    assert not outside
