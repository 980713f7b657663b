"""Issue 10, findings 4, 5, 7 and 10 for accounts: per-address limits on the normalised address,
reset links and sessions that end with an e-mail change, mail after the response, and a fresh
session (and CSRF token) at login."""

from __future__ import annotations

import pytest

from directory.accounts.services import lookup_key, normalise_email
from tests.accounts.conftest import NEW_PASSWORD, PASSWORD
from tests.helpers import client_from, csrf_token, link_in, log_in, login_as, page_token, submit, without_csrf

# --- finding 4: one key per mailbox, however it is spelt ---------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "pat@example.com",
        "PAT@EXAMPLE.COM",
        " pat@example.com ",
        "ｐａｔ@example.com",
        "pat@ｅｘａｍｐｌｅ.com",
        "Pat@Example.Com",
    ],
)
def test_every_spelling_of_one_mailbox_has_one_key(spelling):
    assert normalise_email(spelling) == "pat@example.com"
    assert lookup_key(spelling) == "pat@example.com"


def test_full_width_spellings_share_the_reset_limit(app, make_user, outbox):
    make_user(email="pat@example.com")
    spellings = [
        "pat@example.com",
        "PAT@example.com",
        "pat@ｅｘａｍｐｌｅ.com",
        "ｐａｔ@example.com",
        "Pat@Example.COM",
    ]
    # Five an hour for one address (PER_TARGET_MAIL), each try from another client address.
    statuses = [
        submit(client_from(app, f"203.0.113.{n}"), "/account/reset", {"email": spelling}).status_code
        for n, spelling in enumerate(spellings + ["pat@ｅｘａｍｐｌｅ.com", "ＰＡＴ@EXAMPLE.COM"], start=1)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert len(outbox()) == 5


def test_full_width_spellings_share_the_login_limit(app, make_user):
    make_user(email="pat@example.com")
    statuses = [
        submit(
            client_from(app, f"198.51.100.{n}"), "/account/login", {"email": spelling, "password": "wrong"}
        ).status_code
        for n, spelling in enumerate(["pat@example.com", "pat@ｅｘａｍｐｌｅ.com"] * 3, start=1)
    ]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429


# --- finding 5: a reset link dies with an e-mail change, and so do other sessions -----------------


def _change_email(client, new: str, outbox) -> None:
    submit(client, "/account/email", {"email": new, "password": PASSWORD})
    link = link_in([m for m in outbox() if m["To"] == new][-1], "/account/email/confirm/")
    submit(client, link)


def test_a_reset_link_outlives_no_email_change(app, make_user, outbox):
    user = make_user(email="pat@example.com")
    stranger = app.test_client()
    submit(stranger, "/account/reset", {"email": "pat@example.com"})
    reset_link = link_in(outbox()[-1], "/account/reset/")

    owner = app.test_client()
    login_as(owner, user)
    _change_email(owner, "pat.new@example.com", outbox)

    assert stranger.get(reset_link).status_code == 400
    response = stranger.post(reset_link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert log_in(app.test_client(), "pat.new@example.com", PASSWORD).status_code == 302


def test_an_email_change_ends_other_sessions_but_not_this_one(app, make_user, outbox):
    user = make_user(email="pat@example.com")
    here, elsewhere = app.test_client(), app.test_client()
    login_as(here, user)
    login_as(elsewhere, user)
    assert elsewhere.get("/account").status_code == 200
    _change_email(here, "pat.new@example.com", outbox)
    assert elsewhere.get("/account").status_code == 302  # sent to the login page
    assert here.get("/account").status_code == 200
    assert "pat.new@example.com" in here.get("/account").get_data(as_text=True)


# --- finding 7: the answer is the same, and out before the mail, for every address ------------------


@pytest.mark.parametrize("path", ["/account/reset", "/account/confirm/resend"])
def test_mail_goes_out_after_the_response(app, make_user, outbox, path):
    make_user(email="pat@example.com", confirmed=path == "/account/reset")
    client = app.test_client()
    token = page_token(client, path)
    response = client.post(path, data={"csrf_token": token, "email": "pat@example.com"}, buffered=False)
    assert response.status_code == 302
    assert outbox() == []  # nothing sent while the response is still open
    response.close()
    assert len(outbox()) == 1


@pytest.mark.parametrize("path", ["/account/reset", "/account/confirm/resend"])
def test_a_failed_send_does_not_tell_that_an_account_exists(app, make_user, mail_server_down, path):
    make_user(email="pat@example.com", confirmed=path == "/account/reset")
    pages = []
    for address in ("pat@example.com", "nobody@example.com"):
        client = app.test_client()
        response = submit(client, path, {"email": address}, follow=True)
        pages.append((response.status_code, without_csrf(response.get_data(as_text=True))))
    assert pages[0] == pages[1]


# --- finding 10: the session (and its CSRF token) starts afresh at login ---------------------------


def test_the_csrf_token_from_before_login_is_refused_after(app, make_user):
    make_user(email="pat@example.com")
    client = app.test_client()
    before = csrf_token(client.get("/account/login").get_data(as_text=True))
    assert (
        client.post(
            "/account/login", data={"csrf_token": before, "email": "pat@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )
    # A token planted before the login (session fixation of the CSRF secret) is no longer valid.
    response = client.post("/account/logout", data={"csrf_token": before})
    assert response.status_code == 400
    assert client.get("/account").status_code == 200
