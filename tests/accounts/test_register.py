"""Registering and confirming the e-mail address (journey 3, first step)."""

from __future__ import annotations

import pytest

from directory.accounts import services
from tests.accounts.conftest import PASSWORD
from tests.helpers import client_from, csrf_token, link_in, log_in, login_as, mails_to, submit, without_csrf

CHECK_EMAIL = "Check your e-mail to confirm your address"


def register(client, email: str, password: str = PASSWORD, confirm: str | None = None, follow: bool = False):
    data = {"email": email, "password": password, "confirm": password if confirm is None else confirm}
    return submit(client, "/account/register", data, follow=follow)


def test_register_confirm_and_log_in(client, outbox, account):
    response = register(client, "  Pat.Physio@Example.COM ")
    assert response.status_code == 302 and response.headers["Location"] == "/account/login"
    page = client.get("/account/login").get_data(as_text=True)
    assert CHECK_EMAIL in page

    user = account("pat.physio@example.com")  # stored lower-cased and trimmed
    assert user is not None and not user.email_confirmed
    assert user.password_hash.startswith("$argon2id$")

    [message] = outbox()
    assert message["To"] == "pat.physio@example.com"
    link = link_in(message, "/account/confirm/")

    # Following the link only shows a button: a mail scanner fetching it confirms nothing.
    shown = client.get(link)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "pat.physio@example.com" in html and "<button" in html
    assert not account("pat.physio@example.com").email_confirmed

    confirmed = client.post(link, data={"csrf_token": csrf_token(html)})
    assert confirmed.status_code == 302
    assert account("pat.physio@example.com").email_confirmed

    logged_in = log_in(client, "pat.physio@example.com", PASSWORD, next="/account", follow=True)
    assert logged_in.status_code == 200
    assert "pat.physio@example.com" in logged_in.get_data(as_text=True)
    assert "Confirmed" in logged_in.get_data(as_text=True)


def test_register_answers_the_same_for_a_known_address(app, make_user, outbox, account):
    make_user(email="taken@example.com")
    before = account("taken@example.com")
    first, second = app.test_client(), app.test_client()

    known = register(first, "taken@example.com", password="a different long passphrase")
    unknown = register(second, "fresh@example.com", password="a different long passphrase")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert known.get_data() == unknown.get_data()

    known_page, unknown_page = first.get(known.headers["Location"]), second.get(unknown.headers["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert without_csrf(known_page.get_data(as_text=True)) == without_csrf(unknown_page.get_data(as_text=True))
    assert CHECK_EMAIL in known_page.get_data(as_text=True)

    # Nothing changed for the existing account; its owner is told, with a way back in.
    assert account.count() == 2
    assert account("taken@example.com") == before
    [notice] = mails_to(outbox(), "taken@example.com")
    assert "Someone tried to register" in notice["Subject"]
    assert "/account/reset" in notice.get_content()
    assert "/account/confirm/" not in notice.get_content()
    [confirmation] = mails_to(outbox(), "fresh@example.com")
    assert "/account/confirm/" in confirmation.get_content()


def test_existing_password_is_untouched_by_a_second_registration(client, make_user, account):
    make_user(email="keep@example.com")
    before = account("keep@example.com").password_hash
    register(client, "keep@example.com", password="an attacker's long passphrase")
    assert account("keep@example.com").password_hash == before
    assert log_in(client, "keep@example.com", "an attacker's long passphrase").status_code == 200  # refused
    assert log_in(client, "keep@example.com", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "confirm", "field", "message"),
    [
        ("short", "short", "password", "at least 12 characters"),
        ("qwertyuiop123", "qwertyuiop123", "password", "too common"),
        ("password1234", "password1234", "password", "too common"),
        ("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "password", "too common"),
        (PASSWORD, PASSWORD + "!", "confirm", "do not match"),
    ],
)
def test_password_problems_are_shown_next_to_the_field(client, account, outbox, password, confirm, field, message):
    response = register(client, "new@example.com", password=password, confirm=confirm)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start = html.index(f'data-field="{field}"')
    assert message in html[start : start + 200]
    assert 'aria-invalid="true"' in html
    assert account("new@example.com") is None
    assert outbox() == []


@pytest.mark.parametrize("email", ["not-an-address", "a@b", "someone@localhost", "x" * 250 + "@example.com"])
def test_bad_addresses_are_refused(client, account, email):
    response = register(client, email)
    assert response.status_code == 200
    assert 'data-field="email"' in response.get_data(as_text=True)
    assert account.count() == 0


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, account, outbox):
    response = client.post(
        "/account/register", data={"email": "new@example.com", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    assert account.count() == 0
    assert outbox() == []


def test_confirm_post_without_csrf_token_changes_nothing(client, outbox, account):
    register(client, "new@example.com")
    link = link_in(outbox()[0], "/account/confirm/")
    assert client.post(link).status_code == 400
    assert not account("new@example.com").email_confirmed


def test_confirmation_link_is_single_use(client, outbox, account):
    register(client, "new@example.com")
    link = link_in(outbox()[0], "/account/confirm/")
    assert submit(client, link).status_code == 302
    again = client.get(link)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert client.post(link, data={"csrf_token": "whatever"}).status_code == 400


def test_confirmation_link_expires_after_48_hours(client, make_user, token_made):
    make_user(email="late@example.com", confirmed=False)
    fresh = token_made(48 * 3600 - 60, services.confirmation_token, "late@example.com")
    stale = token_made(48 * 3600 + 60, services.confirmation_token, "late@example.com")
    assert client.get(f"/account/confirm/{fresh}").status_code == 200
    response = client.get(f"/account/confirm/{stale}")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["nonsense", "eyJ1aWQiOjF9.abc.def"])
def test_tampered_confirmation_link_is_refused(client, token):
    response = client.get(f"/account/confirm/{token}")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_a_token_for_another_purpose_does_not_confirm(client, make_user, token_made):
    make_user(email="mixed@example.com", confirmed=False)
    reset = token_made(0, services.password_reset_token, "mixed@example.com")
    assert client.get(f"/account/confirm/{reset}").status_code == 400


def test_resend_from_the_login_page_answers_the_same(app, make_user, outbox):
    make_user(email="waiting@example.com", confirmed=False)
    make_user(email="done@example.com", confirmed=True)
    pages = []
    for email in ("waiting@example.com", "done@example.com", "nobody@example.com"):
        client = app.test_client()
        response = submit(client, "/account/confirm/resend", {"email": email}, follow=True)
        assert response.status_code == 200
        pages.append(without_csrf(response.get_data(as_text=True)))
    assert pages[0] == pages[1] == pages[2]
    [message] = outbox()
    assert message["To"] == "waiting@example.com"
    assert "/account/confirm/" in message.get_content()


def test_signed_in_unconfirmed_user_can_resend_from_the_account_page(client, make_user, outbox):
    user = make_user(email="waiting@example.com", confirmed=False)
    login_as(client, user)
    page = client.get("/account")
    assert "not confirmed" in page.get_data(as_text=True)
    response = submit(client, "/account/confirm/resend", page="/account", follow=True)
    assert "We have sent a new link to waiting@example.com" in response.get_data(as_text=True)
    assert [m["To"] for m in outbox()] == ["waiting@example.com"]


def test_resend_is_rate_limited(app, make_user):
    make_user(email="waiting@example.com", confirmed=False)
    statuses = [
        submit(client_from(app, f"10.0.0.{i}"), "/account/confirm/resend", {"email": "waiting@example.com"}).status_code
        for i in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429


def test_a_failed_send_keeps_the_account_and_says_so(client, account, mail_server_down):
    response = register(client, "new@example.com", follow=True)
    html = response.get_data(as_text=True)
    assert "We could not send the e-mail; try again" in html
    assert account("new@example.com") is not None
