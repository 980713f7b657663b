"""A visitor reports incorrect information, the owner hears of it, an administrator accepts it,
and the listing shows the corrected detail: in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "correct horse battery staple"


def test_report_incorrect_information_then_an_administrator_corrects_the_listing(
    page, make_practitioner, make_user, set_owner, outbox
):
    listing = make_practitioner(name="Iris Coates")
    set_owner(listing, make_user(email="iris@example.org"))
    admin = make_user(email="admin@example.org", admin=True)

    page.goto(f"/practitioners/{listing.slug}")
    expect(page.get_by_test_id("confirmed")).to_contain_text("Details last confirmed on")
    page.get_by_role("link", name="Report incorrect information").click()
    page.get_by_label("Which detail is wrong?").select_option("phone")
    page.get_by_label("What is wrong?").fill("The number rings out; the practice has a new one since October.")
    page.get_by_label("The correct detail (optional)").fill("(02) 5550 4242")
    page.get_by_label("Your e-mail (optional)").fill("patient@example.net")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("passed your report on to the practitioner")).to_be_visible()
    assert outbox()[-1]["To"] == "iris@example.org"
    expect(page.get_by_text("(02) 5550 4242")).to_have_count(0)

    page.goto("/account/login")
    page.get_by_label("E-mail address").fill(admin.email)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/corrections")
    report = page.locator("article", has_text="The number rings out")
    expect(report.get_by_label("Correct phone number")).to_have_value("(02) 5550 4242")
    report.get_by_label("Note to the reporter (optional)").fill("Checked with the practice.")
    report.get_by_role("button", name="Accept and correct").click()
    expect(page.get_by_text("Accepted: the report about Iris Coates.")).to_be_visible()

    page.goto(f"/practitioners/{listing.slug}")
    expect(page.get_by_role("link", name="(02) 5550 4242")).to_be_visible()
    assert outbox()[-1]["To"] == "patient@example.net"
    assert re.search(r"corrected the listing", outbox()[-1].get_body(preferencelist=("plain",)).get_content())
