"""Journey 1 and 2 in a real browser: search by suburb, open a listing, read the difference."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FITZROY = (-37.8004, 144.9745)


def test_search_by_suburb_then_open_a_listing_and_read_the_difference(page, make_practitioner):
    physio = make_practitioner(
        profession="physiotherapist",
        name="Maya Fitzgerald",
        lat=FITZROY[0] + 0.005,
        lng=FITZROY[1],
        specialties=("sports-injuries",),
        practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
    )
    make_practitioner(
        profession="remedial-massage-therapist",
        name="Sam Rivers",
        lat=FITZROY[0],
        lng=FITZROY[1] + 0.01,
        practice={"suburb": "Collingwood", "state": "VIC", "postcode": "3066"},
    )

    page.goto("/")
    page.get_by_label("Place, need or name").fill("Fitzroy VIC")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_test_id("result-count")).to_contain_text("2 practitioners")
    expect(page.locator(".result .distance").first).to_contain_text("km")
    page.get_by_role("link", name="Maya Fitzgerald").click()

    expect(page).to_have_url(f"{page.url.split('/practitioners/')[0]}/practitioners/{physio.slug}")
    difference = page.locator("#difference")
    expect(difference).to_be_visible()
    expect(difference).to_contain_text("remedial massage therapist")
    link = page.get_by_test_id("other-profession-link")
    expect(link).to_contain_text("1 remedial massage therapist within 10 km")
    link.click()
    expect(page.get_by_role("link", name="Sam Rivers")).to_be_visible()


def test_ambiguous_place_offers_choices_in_the_browser(page):
    page.goto("/search?near=Richmond")
    expect(page.get_by_test_id("place-candidates")).to_be_visible()
    expect(page.locator("#near-error")).to_contain_text("Richmond")
    page.get_by_role("link", name="Richmond VIC 3121").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("Richmond")
