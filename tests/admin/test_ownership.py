"""Listing ownership: administrators transfer a listing to another account or remove its owner."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token, owner_of


@pytest.fixture
def listing(make_practitioner):
    return make_practitioner(name="Alex Example")


@pytest.fixture
def owner(make_user, listing, set_owner):
    user = make_user(email="owner@example.org")
    set_owner(listing, user)
    return user


def _ownership_page(client, listing):
    response = client.get(f"/admin/listings/{listing.slug}/ownership")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_shows_the_current_owner(admin_client, listing, owner):
    html = _ownership_page(admin_client, listing)
    assert "owner@example.org" in html and "Remove the owner" in html


def test_the_overview_finds_a_listing_by_its_address(admin_client, listing):
    response = admin_client.get(f"/admin/listings?slug=http://localhost/practitioners/{listing.slug}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/admin/listings/{listing.slug}/ownership"
    )
    response = admin_client.get("/admin/listings?slug=nobody-here", follow_redirects=True)
    assert response.status_code == 200 and "No listing has the address" in response.get_data(as_text=True)


def test_transfer_to_another_account(app, admin_client, admin, listing, owner, make_user, outbox, events):
    new_owner = make_user(email="new@example.org")
    token = csrf_token(_ownership_page(admin_client, listing))
    response = admin_client.post(
        f"/admin/listings/{listing.slug}/ownership/transfer",
        data={"csrf_token": token, "email": "New@Example.org", "reason": "Practice sold."},
    )
    assert response.status_code == 302
    assert owner_of(app, listing) == new_owner.id
    assert sorted(m["To"] for m in outbox()) == ["new@example.org", "owner@example.org"]
    assert all("Practice sold." in m.get_content() for m in outbox())
    [event] = events("ownership.")
    assert event.actor_id == admin.id and event.practitioner_id == listing.id
    assert "new@example.org" in _ownership_page(admin_client, listing)


@pytest.mark.parametrize(
    ("email", "confirmed", "owns_other", "message"),
    [
        ("nobody@example.org", None, False, "No account has this e-mail address."),
        ("not-an-email", None, False, "Invalid email address."),
        ("unconfirmed@example.org", False, False, None),
        ("busy@example.org", True, True, None),
    ],
)
def test_transfer_errors_are_shown_next_to_the_email(
    app,
    admin_client,
    listing,
    owner,
    make_user,
    make_practitioner,
    set_owner,
    state,
    outbox,
    email,
    confirmed,
    owns_other,
    message,
):
    if confirmed is not None:
        user = make_user(email=email, confirmed=confirmed)
        if owns_other:
            set_owner(make_practitioner(), user)
    before = state()
    token = csrf_token(_ownership_page(admin_client, listing))
    response = admin_client.post(
        f"/admin/listings/{listing.slug}/ownership/transfer",
        data={"csrf_token": token, "email": email, "reason": "Practice sold."},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="email-error"' in html
    if message:
        assert message in html
    assert state() == before and outbox() == []


def test_transfer_and_revoke_need_a_reason(app, admin_client, listing, owner, make_user, state):
    make_user(email="new@example.org")
    before = state()
    token = csrf_token(_ownership_page(admin_client, listing))
    response = admin_client.post(
        f"/admin/listings/{listing.slug}/ownership/transfer",
        data={"csrf_token": token, "email": "new@example.org", "reason": ""},
    )
    assert response.status_code == 400 and 'id="reason-error"' in response.get_data(as_text=True)
    response = admin_client.post(
        f"/admin/listings/{listing.slug}/ownership/revoke", data={"csrf_token": token, "reason": " "}
    )
    assert response.status_code == 400 and 'id="reason-error"' in response.get_data(as_text=True)
    assert state() == before


def test_revoke_removes_the_owner(app, admin_client, admin, listing, owner, outbox, events):
    token = csrf_token(_ownership_page(admin_client, listing))
    response = admin_client.post(
        f"/admin/listings/{listing.slug}/ownership/revoke", data={"csrf_token": token, "reason": "Registration lapsed."}
    )
    assert response.status_code == 302
    assert owner_of(app, listing) is None
    [message] = outbox()
    assert message["To"] == "owner@example.org" and "Registration lapsed." in message.get_content()
    [event] = events("ownership.")
    assert event.actor_id == admin.id and event.practitioner_id == listing.id
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "unclaimed" in html and "no longer manages" in html


def test_revoking_an_unowned_listing_changes_nothing(app, admin_client, listing, state):
    before = state()
    token = csrf_token(_ownership_page(admin_client, listing))
    response = admin_client.post(
        f"/admin/listings/{listing.slug}/ownership/revoke",
        data={"csrf_token": token, "reason": "Tidy up."},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "no owner" in response.get_data(as_text=True)
    assert state() == before
