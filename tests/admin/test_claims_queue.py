"""The claims queue: administrators approve or reject claims made with a registration number."""

from __future__ import annotations

import re

import pytest

from tests.admin.conftest import claim_status
from tests.helpers import csrf_token, owner_of, page_token


@pytest.fixture
def listing(make_practitioner):
    return make_practitioner(name="Dr Jane Citizen", registration_number="PHY0001234567")


@pytest.fixture
def claimant(make_user):
    return make_user(email="jane@example.org")


def test_the_queue_shows_pending_claims_oldest_first(
    admin_client, listing, make_practitioner, claimant, make_user, make_claim
):
    other = make_practitioner(name="Sam Second")
    first = make_claim(listing, claimant, note="I am Jane <b>really</b>")
    second = make_claim(other, make_user(email="sam@example.org"), evidence_number="MMA12345")
    make_claim(other, make_user(email="done@example.org"), status="rejected")
    response = admin_client.get("/admin/claims")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.index(f'data-claim-id="{first}"') < html.index(f'data-claim-id="{second}"')
    assert html.count("data-claim-id=") == 2
    assert "jane@example.org" in html and "PHY0001234567" in html and "MMA12345" in html
    assert "I am Jane &lt;b&gt;really&lt;/b&gt;" in html
    assert "matches the listing" in html
    # Element ids stay unique although every row has the same forms.
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_approving_a_registration_claim_grants_the_listing(
    app, admin_client, admin, listing, claimant, make_claim, outbox, events
):
    claim_id = make_claim(listing, claimant)
    token = page_token(admin_client, "/admin/claims")
    response = admin_client.post(
        f"/admin/claims/{claim_id}/approve", data={"csrf_token": token, "note": "Checked on Ahpra."}
    )
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/claims")
    assert owner_of(app, listing) == claimant.id
    assert claim_status(app, claim_id) == "approved"
    [message] = outbox()
    assert message["To"] == "jane@example.org"
    approved = [e for e in events("claim.") if e.action == "claim.approved"]
    assert approved and approved[0].claim_id == claim_id and approved[0].actor_id == admin.id
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Approved: jane@example.org now manages Dr Jane Citizen." in page
    assert "No claims are waiting." in page


def test_rejecting_needs_a_reason(app, admin_client, listing, claimant, make_claim, outbox, events, state):
    claim_id = make_claim(listing, claimant)
    before = state()
    token = page_token(admin_client, "/admin/claims")
    response = admin_client.post(f"/admin/claims/{claim_id}/reject", data={"csrf_token": token, "reason": "   "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="rejectclaim-{claim_id}-reason-error"' in html
    assert "Give the reason" in html
    assert state() == before and outbox() == []

    response = admin_client.post(
        f"/admin/claims/{claim_id}/reject",
        data={"csrf_token": csrf_token(html), "reason": "The number belongs to someone else."},
    )
    assert response.status_code == 302
    assert claim_status(app, claim_id) == "rejected"
    assert owner_of(app, listing) is None
    [message] = outbox()
    assert message["To"] == "jane@example.org"
    assert [e.action for e in events("claim.")] == ["claim.rejected"]


def test_approving_a_contested_claim_moves_ownership_and_tells_the_previous_owner(
    app, admin_client, listing, claimant, make_user, make_claim, set_owner, outbox, events
):
    previous = make_user(email="previous@example.org")
    set_owner(listing, previous)
    claim_id = make_claim(listing, claimant, contested=True)
    page = admin_client.get("/admin/claims").get_data(as_text=True)
    assert "Contested" in page and "previous@example.org" in page
    response = admin_client.post(f"/admin/claims/{claim_id}/approve", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert owner_of(app, listing) == claimant.id
    recipients = sorted(message["To"] for message in outbox())
    assert recipients == ["jane@example.org", "previous@example.org"]
    removed = next(m for m in outbox() if m["To"] == "previous@example.org")
    assert "Dr Jane Citizen" in removed["Subject"]
    assert "claim.approved" in [e.action for e in events()]


def test_a_decided_claim_cannot_be_decided_again(app, admin_client, listing, claimant, make_claim, state):
    claim_id = make_claim(listing, claimant, status="rejected")
    before = state()
    token = page_token(admin_client, f"/admin/listings/{listing.slug}/ownership")
    response = admin_client.post(f"/admin/claims/{claim_id}/approve", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200
    assert "already been decided" in response.get_data(as_text=True)
    assert state() == before


def test_a_failed_email_keeps_the_decision_and_warns(
    app, admin_client, listing, claimant, make_claim, mail_server_down
):
    claim_id = make_claim(listing, claimant)
    token = page_token(admin_client, "/admin/claims")
    response = admin_client.post(f"/admin/claims/{claim_id}/approve", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200
    assert "could not be sent" in response.get_data(as_text=True)
    assert owner_of(app, listing) == claimant.id


def test_the_queue_runs_a_constant_number_of_queries(
    admin_client, make_practitioner, make_user, make_claim, set_owner, count_queries
):
    def queries() -> int:
        admin_client.get("/admin/claims")  # warm the per-process caches (demo flag)
        with count_queries() as statements:
            assert admin_client.get("/admin/claims").status_code == 200
        return len(statements)

    def add_claims(n: int) -> None:
        for _ in range(n):
            practitioner = make_practitioner()
            set_owner(practitioner, make_user())
            make_claim(practitioner, make_user(), contested=True)

    add_claims(1)
    one = queries()
    add_claims(9)
    assert queries() == one


def test_the_queue_is_paginated(admin_client, make_practitioner, make_user, make_claim):
    practitioner = make_practitioner()
    for _ in range(27):
        make_claim(practitioner, make_user())
    first = admin_client.get("/admin/claims").get_data(as_text=True)
    assert first.count("data-claim-id=") == 25 and "Page 1 of 2" in first
    second = admin_client.get("/admin/claims?page=2").get_data(as_text=True)
    assert second.count("data-claim-id=") == 2
    for odd in ("0", "999", "abc", "99999999999999999999"):
        assert admin_client.get(f"/admin/claims?page={odd}").status_code == 200


def test_a_claimant_who_manages_another_listing_is_not_approved(
    app, admin_client, listing, claimant, make_practitioner, make_claim, set_owner, state, outbox
):
    set_owner(make_practitioner(), claimant)
    claim_id = make_claim(listing, claimant)
    before = state()
    token = page_token(admin_client, "/admin/claims")
    response = admin_client.post(f"/admin/claims/{claim_id}/approve", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200
    assert "Not approved: The claimant already manages another listing." in response.get_data(as_text=True)
    assert state() == before and outbox() == []
