"""Journey 2 in a real browser: read a listing, write a review, confirm it from the outbox, see it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BODY = "Appointments ran on time, and every exercise and fee was explained before we started."


def _path_of_link(outbox, contains: str) -> str:
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(contains) + r"\S*)", body)
    assert match, f"no {contains} link in the last e-mail"
    return match.group(1)


def test_leave_a_review_confirm_it_and_see_it_on_the_listing(page, make_practitioner, outbox):
    listing = make_practitioner(name="Ravi Okafor", profession="remedial-massage-therapist", reviews=(3,))

    page.goto(f"/practitioners/{listing.slug}")
    expect(page.get_by_test_id("rating-count")).to_have_text("1")
    page.get_by_role("link", name="Write a review").click()
    expect(page.get_by_role("heading", name="Review Ravi Okafor")).to_be_visible()

    page.get_by_label("5 stars").check()
    page.get_by_label("Title (optional)").fill("Clear and punctual")
    page.get_by_label("Your review", exact=True).fill(BODY)
    page.get_by_label("Name shown with your review").fill("Mei L.")
    page.get_by_label("Your e-mail address").fill("mei@example.net")
    page.get_by_label("Month of your visit").fill("2026-05")
    page.get_by_label("Punctuality").select_option("5")
    page.get_by_label(re.compile(r"^This review is about my own experience")).check()
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_test_id("review-sent")).to_be_visible()

    # Not public before confirmation.
    page.goto(f"/practitioners/{listing.slug}")
    expect(page.get_by_text(BODY)).to_have_count(0)
    expect(page.get_by_test_id("rating-count")).to_have_text("1")

    assert outbox()[-1]["To"] == "mei@example.net"
    page.goto(_path_of_link(outbox, "/reviews/manage/"))
    expect(page.get_by_test_id("review-status")).to_have_text("Waiting for your confirmation")
    page.get_by_role("button", name="Confirm my review").click()

    expect(page).to_have_url(re.compile(rf"/practitioners/{listing.slug}#review-\d+$"))
    expect(page.get_by_text("your review is published")).to_be_visible()
    review = page.locator("article.review", has_text=BODY)
    expect(review).to_be_visible()
    expect(review.get_by_text("Mei L.")).to_be_visible()
    expect(review.get_by_text("Confirmed e-mail")).to_be_visible()
    expect(review.get_by_text("Punctuality: 5/5")).to_be_visible()
    expect(page.get_by_test_id("rating-count")).to_have_text("2")
    expect(page.get_by_test_id("stars-5")).to_have_text("1")
    expect(page.get_by_text("mei@example.net")).to_have_count(0)
