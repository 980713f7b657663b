"""Password reset: one answer for every address, single-use links that expire, other sessions end."""

from __future__ import annotations

from directory.accounts import services
from tests.accounts.conftest import NEW_PASSWORD, PASSWORD
from tests.helpers import client_from, link_in, log_in, submit, without_csrf

RESET_SENT = "If an account uses that address, we have sent it a link"


def request_reset(client, email: str, follow: bool = False):
    return submit(client, "/account/reset", {"email": email}, follow=follow)


def choose(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return submit(client, link, {"password": password, "confirm": password if confirm is None else confirm})


def test_reset_request_answers_the_same_for_unknown_addresses(app, make_user, outbox):
    make_user(email="known@example.com")
    first, second = app.test_client(), app.test_client()
    known, unknown = request_reset(first, "known@example.com"), request_reset(second, "unknown@example.com")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert known.get_data() == unknown.get_data()
    known_page, unknown_page = first.get(known.headers["Location"]), second.get(unknown.headers["Location"])
    assert without_csrf(known_page.get_data(as_text=True)) == without_csrf(unknown_page.get_data(as_text=True))
    assert RESET_SENT in known_page.get_data(as_text=True)
    assert [m["To"] for m in outbox()] == ["known@example.com"]


def test_reset_sets_the_password_ends_other_sessions_and_logs_in(app, make_user, outbox, account):
    make_user(email="pat@example.com", confirmed=False)
    elsewhere = app.test_client()
    assert log_in(elsewhere, "pat@example.com", PASSWORD).status_code == 302
    before = account("pat@example.com")

    client = app.test_client()
    request_reset(client, "Pat@Example.com")
    link = link_in(outbox()[-1], "/account/reset/")
    assert client.get(link).status_code == 200  # shows the form, changes nothing
    assert account("pat@example.com") == before

    response = choose(client, link)
    assert response.status_code == 302
    after = account("pat@example.com")
    assert after.password_hash != before.password_hash and after.password_hash.startswith("$argon2id$")
    assert after.session_version == before.session_version + 1
    assert after.email_confirmed  # following the link proved control of the address
    assert client.get("/account").status_code == 200  # logged in with the new session
    assert elsewhere.get("/account").status_code == 302  # the other session has ended

    assert log_in(app.test_client(), "pat@example.com", PASSWORD).status_code == 200  # old one refused
    assert log_in(app.test_client(), "pat@example.com", NEW_PASSWORD).status_code == 302


def test_reset_link_is_single_use(client, make_user, outbox):
    make_user(email="pat@example.com")
    request_reset(client, "pat@example.com")
    link = link_in(outbox()[-1], "/account/reset/")
    assert choose(client, link).status_code == 302
    again = client.get(link)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    # Posting to it again (a form kept open in another tab) is refused as well.
    replay = client.post(link, data={"password": "yet another long phrase", "confirm": "yet another long phrase"})
    assert replay.status_code == 400
    assert log_in(client.application.test_client(), "pat@example.com", NEW_PASSWORD).status_code == 302


def test_an_older_link_dies_when_a_newer_one_is_used(client, make_user, outbox):
    make_user(email="pat@example.com")
    request_reset(client, "pat@example.com")
    request_reset(client, "pat@example.com")
    older, newer = (link_in(m, "/account/reset/") for m in outbox())
    assert choose(client, newer).status_code == 302
    assert client.get(older).status_code == 400


def test_reset_link_expires_after_an_hour(client, make_user, token_made):
    make_user(email="pat@example.com")
    fresh = token_made(3600 - 60, services.password_reset_token, "pat@example.com")
    stale = token_made(3600 + 60, services.password_reset_token, "pat@example.com")
    assert client.get(f"/account/reset/{fresh}").status_code == 200
    response = client.get(f"/account/reset/{stale}")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    posted = client.post(f"/account/reset/{stale}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert posted.status_code == 400


def test_weak_new_password_is_refused_next_to_the_field(client, make_user, outbox, account):
    make_user(email="pat@example.com")
    before = account("pat@example.com").password_hash
    request_reset(client, "pat@example.com")
    link = link_in(outbox()[-1], "/account/reset/")
    response = choose(client, link, password="iloveyou12345")
    assert response.status_code == 200
    assert 'data-field="password"' in response.get_data(as_text=True)
    mismatch = choose(client, link, password=NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert 'data-field="confirm"' in mismatch.get_data(as_text=True)
    assert account("pat@example.com").password_hash == before
    assert choose(client, link).status_code == 302  # the link still works after a refused try


def test_reset_without_csrf_token_changes_nothing(client, make_user, outbox, account):
    make_user(email="pat@example.com")
    before = account("pat@example.com").password_hash
    request_reset(client, "pat@example.com")
    link = link_in(outbox()[-1], "/account/reset/")
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 400
    assert account("pat@example.com").password_hash == before


def test_reset_requests_are_rate_limited_per_address_typed(app, make_user, outbox):
    make_user(email="victim@example.com")
    # From six different machines, so only the limit on the address typed can stop the sixth.
    statuses = [request_reset(client_from(app, f"10.0.0.{i}"), "victim@example.com").status_code for i in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(outbox()) == 5
