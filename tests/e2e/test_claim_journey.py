"""Journey 3 in a real browser: register, confirm, claim a listing by a code to the practice e-mail, edit the bio."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EMAIL = "nora.quill@example.com"
PASSWORD = "maple quill harbour lantern 42"
PRACTICE_EMAIL = "front-desk@quill-physio.example.com"


def _last_body(outbox) -> str:
    return outbox()[-1].get_body(preferencelist=("plain",)).get_content()


def _path_of_link(outbox, contains: str) -> str:
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(contains) + r"\S*)", _last_body(outbox))
    assert match, f"no {contains} link in the last e-mail"
    return match.group(1)


def test_register_claim_by_practice_email_and_edit_the_bio(page, make_practitioner, outbox):
    listing = make_practitioner(name="Nora Quill", practice={"email": PRACTICE_EMAIL})

    page.goto("/account/register")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/account/login"))

    assert outbox()[-1]["To"] == EMAIL
    page.goto(_path_of_link(outbox, "/account/confirm/"))
    page.get_by_role("button", name="Confirm my address").click()

    if page.get_by_role("button", name="Log in").count():
        page.get_by_label("E-mail address").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("button", name="Log in")).to_have_count(0)

    page.goto(f"/practitioners/{listing.slug}")
    page.get_by_role("link", name="Claim this listing").click()
    expect(page.get_by_role("heading", name="Claim the listing of Nora Quill")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Send a code to f…@quill-physio\.example\.com")).click()
    expect(page.get_by_label("6-digit code")).to_be_visible()

    message = outbox()[-1]
    assert message["To"] == PRACTICE_EMAIL
    code = re.search(r"^\s+(\d{6})\s*$", _last_body(outbox), re.M).group(1)
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Check the code").click()

    expect(page).to_have_url(re.compile(rf"/practitioners/{listing.slug}/edit$"))
    expect(page.get_by_text("you now manage this listing")).to_be_visible()
    page.get_by_label("About you").fill("Runner-focused physiotherapy: graded plans and plain explanations.")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(re.compile(rf"/practitioners/{listing.slug}$"))
    expect(page.locator(".bio")).to_have_text("Runner-focused physiotherapy: graded plans and plain explanations.")
    expect(page.get_by_role("link", name="Edit this listing")).to_be_visible()
    expect(page.get_by_role("link", name="Claim this listing")).to_have_count(0)
    # Saving the edit confirmed the listing's details as its owner; the dashboard confirms in one click.
    expect(page.get_by_test_id("confirmed")).to_contain_text("by the practitioner")
    page.goto("/dashboard")
    expect(page.get_by_test_id("freshness")).to_contain_text("by you")
    page.get_by_role("button", name="The details are still correct").click()
    expect(page.get_by_text("you confirmed its details today")).to_be_visible()
