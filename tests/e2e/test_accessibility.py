"""WCAG 2.2 AA in a real browser: axe-core finds no serious or critical violation on the home,
search, listing, guide, review form, review confirmation, claim, dashboard, edit and admin pages,
at a laptop's and a phone's size (the ``page`` fixture runs each test at both, and fails if any
request left the machine). Keyboard-only journeys: search, and writing a review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SYDNEY = (-33.8688, 151.2093)
PASSWORD = "correct horse battery staple"


def _log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def _manage_path(outbox) -> str:
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(\S*/reviews/manage/\S*)", body).group(1)


def test_every_kind_of_page_passes_axe(page, axe, make_practitioner, make_user, set_owner, make_review, outbox, app):
    from directory.claims.models import Claim
    from tests.helpers import store

    listing = make_practitioner(
        name="Ivy Access",
        specialties=("back-and-neck-pain", "sports-injuries"),
        payers=("private-health", "medicare-care-plan"),
        reviews=(5, 4, 3),
    )
    owned = make_practitioner(name="Omar Owner", profession="remedial-massage-therapist", lat=SYDNEY[0] + 0.01)
    owner = make_user()
    claimant = make_user()
    admin = make_user(admin=True)
    set_owner(owned, owner)
    make_review(owned, status="held", body="The fee was explained before we started and the room was clean.")
    store(
        app,
        Claim(
            practitioner_id=listing.id,
            user_id=claimant.id,
            method="registration",
            status="pending_review",
            evidence_number="PHY0001234567",
            note="I work here.",
        ),
    )

    page.goto("/")
    axe(page, "home")
    page.goto("/search?near=Sydney+NSW+2000")
    expect(page.locator(".result").first).to_be_visible()
    axe(page, "search")
    page.goto("/search?near=back+pain+Sydney+NSW+2000&radius_km=1&min_rating=4.5")
    axe(page, "search, empty")
    page.goto(f"/practitioners/{listing.slug}")
    axe(page, "listing")
    page.goto("/guide/remedial-massage-vs-physiotherapy")
    axe(page, "guide")
    page.goto("/physiotherapists/sydney-nsw-2000")
    axe(page, "landing page")

    page.goto(f"/practitioners/{listing.slug}/reviews/new")
    axe(page, "review form")
    page.get_by_role("button", name="Submit review").click()  # empty: every field says what is wrong
    axe(page, "review form with errors")
    page.get_by_label("4 stars").check()
    page.get_by_label("Your review", exact=True).fill("The appointment started on time and the fees were clear.")
    page.get_by_label("Name shown with your review").fill("Al B.")
    page.get_by_label("Your e-mail address").fill("al@example.net")
    page.get_by_label("Month of your visit").fill("2026-05")
    page.get_by_label(re.compile(r"^This review is about my own experience")).check()
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_test_id("review-sent")).to_be_visible()
    axe(page, "review sent")
    page.goto(_manage_path(outbox))
    axe(page, "review confirmation")

    _log_in(page, claimant.email)
    page.goto(f"/practitioners/{owned.slug}/claim")
    axe(page, "claim")

    _log_in(page, owner.email)
    page.goto("/dashboard")
    axe(page, "dashboard")
    page.goto(f"/practitioners/{owned.slug}/edit")
    axe(page, "edit")

    _log_in(page, admin.email)
    for path, name in (("/admin/", "admin"), ("/admin/reviews", "admin reviews"), ("/admin/claims", "admin claims")):
        page.goto(path)
        axe(page, name)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (what a keyboard user does)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_search_with_the_keyboard_only(page, axe, make_practitioner):
    make_practitioner(
        name="Kay Board",
        lat=-37.8004,
        lng=144.9745,
        specialties=("back-and-neck-pain",),
        practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"},
    )
    page.goto("/")
    _tab_to(page, "#near")
    page.keyboard.type("Fitzroy")
    listbox = page.locator("#near-listbox")
    expect(listbox.get_by_role("option").first).to_be_visible()
    expect(page.locator("#near")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#near-status")).to_contain_text("found")
    axe(page, "home, place suggestions open")
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#near")).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    page.keyboard.press("ArrowDown")  # closed: the arrow does nothing
    page.keyboard.press("Control+A")
    page.keyboard.type("back pain Fitzroy VIC")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result-count")).to_contain_text("for back and neck pain within 10 km of Fitzroy VIC")
    _tab_to(page, ".result h2 a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kay Board")


def test_write_a_review_with_the_keyboard_only(page, make_practitioner):
    listing = make_practitioner(name="Tab Stop")
    page.goto(f"/practitioners/{listing.slug}")
    _tab_to(page, "a[data-testid=write-review]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review Tab Stop")).to_be_visible()
    _tab_to(page, "input[name=rating]")
    for _ in range(4):  # the radio group: arrows move from 1 star to 5 stars
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("5 stars")).to_be_checked()
    _tab_to(page, "textarea[name=body]")
    page.keyboard.type("Every step was explained, and the session started right on time.")
    _tab_to(page, "input[name=display_name]")
    page.keyboard.type("Kim T.")
    _tab_to(page, "input[name=email]")
    page.keyboard.type("kim@example.net")
    _tab_to(page, "input[name=visit_month]")
    # A month field: the arrow keys step its month, Tab moves to its year, the arrows step that.
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Month of your visit")).to_have_value(re.compile(r"^\d{4}-\d{2}$"))
    _tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    _tab_to(page, "button[type=submit]:not([form])")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("review-sent")).to_be_visible()
