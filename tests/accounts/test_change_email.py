"""Changing the e-mail address: confirmed from the new address, told to the old one, unique."""

from __future__ import annotations

from directory.accounts import services
from directory.accounts.models import User
from directory.extensions import db
from tests.accounts.conftest import PASSWORD
from tests.helpers import csrf_token, link_in, log_in, login_as, mails_to, submit, without_csrf


def ask_change(client, new_email: str, password: str = PASSWORD, follow: bool = False):
    return submit(client, "/account/email", {"email": new_email, "password": password}, follow=follow)


def test_change_of_address_is_confirmed_from_the_new_address(app, client, make_user, outbox, account):
    user = make_user(email="old@example.com")
    login_as(client, user)
    response = ask_change(client, "New@Example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    row = account("old@example.com")
    assert row.pending_email == "new@example.com"  # waiting; the address is not changed yet

    [notice] = mails_to(outbox(), "old@example.com")
    assert "new@example.com" in notice.get_content()
    assert "/account/reset" in notice.get_content()  # a way to react when it was not them
    assert "/account/email/confirm/" not in notice.get_content()
    [confirmation] = mails_to(outbox(), "new@example.com")
    link = link_in(confirmation, "/account/email/confirm/")

    # The link works in any browser, logged in or not; GET only shows the button.
    other_browser = app.test_client()
    page = other_browser.get(link)
    assert page.status_code == 200 and "new@example.com" in page.get_data(as_text=True)
    assert account("old@example.com") is not None

    applied = other_browser.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert applied.status_code == 302
    assert account("old@example.com") is None
    changed = account("new@example.com")
    assert changed.id == user.id and changed.pending_email is None and changed.email_confirmed

    assert log_in(app.test_client(), "old@example.com", PASSWORD).status_code == 200  # refused
    assert log_in(app.test_client(), "new@example.com", PASSWORD).status_code == 302
    # Single use.
    assert other_browser.get(link).status_code == 400


def test_current_password_is_required(client, make_user, outbox, account):
    login_as(client, make_user(email="old@example.com"))
    response = ask_change(client, "new@example.com", password="not my password at all")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-field="password"' in html and "not your current password" in html
    assert account("old@example.com").pending_email is None
    assert outbox() == []


def test_own_address_and_bad_addresses_are_refused_next_to_the_field(client, make_user, outbox):
    login_as(client, make_user(email="old@example.com"))
    for bad in ("OLD@example.com", "not an address"):
        response = ask_change(client, bad)
        assert response.status_code == 200
        assert 'data-field="email"' in response.get_data(as_text=True)
    assert outbox() == []


def test_taking_another_accounts_address_answers_the_same_and_changes_nothing(app, make_user, outbox, account):
    make_user(email="owner@example.com")
    asking, control = make_user(email="asker@example.com"), make_user(email="control@example.com")
    asking_client, control_client = app.test_client(), app.test_client()
    login_as(asking_client, asking)
    login_as(control_client, control)

    taken = ask_change(asking_client, "owner@example.com", follow=True)
    free = ask_change(control_client, "free@example.com", follow=True)
    assert taken.status_code == free.status_code == 200

    def normal(html: str, old: str, new: str) -> str:
        return without_csrf(html).replace(new, "NEW").replace(old, "OLD")

    assert normal(taken.get_data(as_text=True), "asker@example.com", "owner@example.com") == normal(
        free.get_data(as_text=True), "control@example.com", "free@example.com"
    )

    # No link went to the owner, only a notice; the asker's old address is told as usual.
    [to_owner] = mails_to(outbox(), "owner@example.com")
    assert "/account/email/confirm/" not in to_owner.get_content()
    assert to_owner["Subject"] == "Someone tried to use your e-mail address"
    assert len(mails_to(outbox(), "asker@example.com")) == 1
    assert account("owner@example.com").id != asking.id
    assert account("asker@example.com") is not None

    # Had a link for it been made, following it would still not take the address: applying checks again.
    with app.app_context():
        change = services.EmailChange(db.session.get(User, asking.id), "asker@example.com", "owner@example.com", None)
        token = services.email_change_token(change)
        db.session.remove()
    response = submit(asking_client, f"/account/email/confirm/{token}", follow=True)
    assert "Another account now uses that address" in response.get_data(as_text=True)
    assert account("asker@example.com").pending_email is None
    assert account("owner@example.com").id != asking.id


def test_address_taken_before_the_link_is_followed(app, client, make_user, outbox, account):
    user = make_user(email="old@example.com")
    login_as(client, user)
    ask_change(client, "wanted@example.com")
    link = link_in(mails_to(outbox(), "wanted@example.com")[0], "/account/email/confirm/")
    make_user(email="wanted@example.com")  # someone registers it meanwhile

    response = submit(client, link, follow=True)
    assert response.status_code == 200
    assert "Another account now uses that address" in response.get_data(as_text=True)
    assert account("old@example.com").pending_email is None
    assert account("wanted@example.com").id != user.id


def test_address_taken_at_the_same_moment_is_caught_by_the_database(client, make_user, outbox, account, monkeypatch):
    user = make_user(email="old@example.com")
    login_as(client, user)
    ask_change(client, "wanted@example.com")
    link = link_in(mails_to(outbox(), "wanted@example.com")[0], "/account/email/confirm/")
    page = client.get(link)
    make_user(email="wanted@example.com")
    # The other registration commits between our check and our write: only the unique index sees it.
    monkeypatch.setattr(services, "find_user_by_email", lambda session, email: None)

    response = client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    monkeypatch.undo()
    assert "Another account now uses that address" in client.get("/account").get_data(as_text=True)
    assert account("old@example.com").pending_email is None
    assert account("wanted@example.com").id != user.id


def test_a_newer_request_replaces_the_older_link(client, make_user, outbox, account):
    login_as(client, make_user(email="old@example.com"))
    ask_change(client, "first@example.com")
    ask_change(client, "second@example.com")
    first = link_in(mails_to(outbox(), "first@example.com")[0], "/account/email/confirm/")
    assert client.get(first).status_code == 400
    assert account("old@example.com").pending_email == "second@example.com"


def test_confirming_without_csrf_token_changes_nothing(client, make_user, outbox, account):
    login_as(client, make_user(email="old@example.com"))
    ask_change(client, "new@example.com")
    link = link_in(mails_to(outbox(), "new@example.com")[0], "/account/email/confirm/")
    assert client.post(link).status_code == 400
    assert account("old@example.com").pending_email == "new@example.com"


def test_account_page_shows_the_address_and_the_way_to_change_things(client, make_user):
    login_as(client, make_user(email="pat@example.com"))
    html = client.get("/account").get_data(as_text=True)
    assert "pat@example.com" in html and "Confirmed" in html
    for href in ("/account/email", "/account/reset", "/account/logout"):
        assert href in html
