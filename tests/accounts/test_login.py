"""Logging in and out: one answer for every failure, safe redirects, rehashing, throttling."""

from __future__ import annotations

import subprocess
import sys

import pytest
from argon2 import PasswordHasher

from directory.accounts import passwords
from tests.accounts.conftest import PASSWORD
from tests.helpers import client_from, csrf_token, log_in, login_as, submit, without_csrf

LOGIN_FAILED = "E-mail or password is incorrect."


def test_login_sets_the_session_and_records_the_time(client, make_user, account):
    make_user(email="pat@example.com")
    assert account("pat@example.com").last_login_at is None
    response = log_in(client, "PAT@example.com ", PASSWORD)  # typed with capitals and a space
    assert response.status_code == 302
    assert account("pat@example.com").last_login_at is not None
    assert client.get("/account").status_code == 200


def test_unknown_address_and_wrong_password_answer_the_same(app, make_user):
    make_user(email="known@example.com")
    first, second = app.test_client(), app.test_client()
    wrong_password = log_in(first, "known@example.com", "not the right passphrase")
    unknown = log_in(second, "unknown@example.com", "not the right passphrase")
    assert wrong_password.status_code == unknown.status_code == 200
    one = without_csrf(wrong_password.get_data(as_text=True)).replace("known@example.com", "ADDRESS")
    other = without_csrf(unknown.get_data(as_text=True)).replace("unknown@example.com", "ADDRESS")
    assert one == other
    assert LOGIN_FAILED in one


def test_unconfirmed_account_may_log_in_and_is_told_to_confirm(client, make_user):
    make_user(email="new@example.com", confirmed=False)
    response = log_in(client, "new@example.com", PASSWORD, next="/account", follow=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Please confirm your e-mail address" in html
    assert "Not confirmed" in html


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "http://evil.example/account",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    make_user(email="pat@example.com")
    response = log_in(client, "pat@example.com", PASSWORD, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] in {"/account", "/dashboard"}


def test_next_to_a_page_on_this_site_is_followed(client, make_user):
    make_user(email="pat@example.com")
    response = log_in(client, "pat@example.com", PASSWORD, next="/account/email?x=1")
    assert response.headers["Location"] == "/account/email?x=1"


def test_login_required_pages_send_visitors_to_log_in_and_back(client, make_user):
    response = client.get("/account/email")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=")
    make_user(email="pat@example.com")
    page = client.get(response.headers["Location"])
    back = client.post(
        response.headers["Location"],
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "email": "pat@example.com", "password": PASSWORD},
    )
    assert back.headers["Location"] == "/account/email"


@pytest.mark.parametrize("path", ["/account", "/account/email"])
def test_account_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_password_is_rehashed_when_the_parameters_change(client, make_user, account, monkeypatch):
    make_user(email="pat@example.com")
    old_hash = account("pat@example.com").password_hash
    stronger = PasswordHasher(time_cost=passwords._hasher.time_cost + 1)
    monkeypatch.setattr(passwords, "_hasher", stronger)
    assert passwords.needs_rehash(old_hash)

    assert log_in(client, "pat@example.com", PASSWORD).status_code == 302
    new_hash = account("pat@example.com").password_hash
    assert new_hash != old_hash
    assert f"t={stronger.time_cost}," in new_hash and not passwords.needs_rehash(new_hash)
    assert passwords.verify_password(new_hash, PASSWORD)


def test_no_rehash_when_the_parameters_are_current(client, make_user, account):
    make_user(email="pat@example.com")
    old_hash = account("pat@example.com").password_hash
    log_in(client, "pat@example.com", PASSWORD)
    assert account("pat@example.com").password_hash == old_hash


def test_login_is_throttled_per_account(app, make_user):
    make_user(email="target@example.com")
    # Each attempt from a fresh client, as a botnet would: the account's own limit stops it.
    statuses = [
        log_in(client_from(app, f"10.0.0.{i}"), "target@example.com", f"guess number {i:04d}").status_code
        for i in range(5)
    ]
    assert statuses == [200] * 5
    throttled = log_in(client_from(app, "10.0.0.99"), "Target@Example.com", PASSWORD)  # case does not dodge the limit
    assert throttled.status_code == 429
    assert "Too many requests" in throttled.get_data(as_text=True)
    # Another account from the same address is not affected.
    make_user(email="other@example.com")
    assert log_in(app.test_client(), "other@example.com", PASSWORD).status_code == 302


def test_login_is_throttled_per_client_address(client):
    statuses = [log_in(client, f"someone{i}@example.com", "not the right passphrase").status_code for i in range(10)]
    assert statuses == [200] * 10
    response = log_in(client, "someone-else@example.com", "not the right passphrase")
    assert response.status_code == 429


def test_logout_needs_a_csrf_token(client, make_user):
    user = make_user(email="pat@example.com")
    login_as(client, user)
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_logout_ends_the_session_and_any_copy_of_its_cookie(app, client, make_user, account):
    make_user(email="pat@example.com")
    assert log_in(client, "pat@example.com", PASSWORD).status_code == 302
    stolen = client.get_cookie("session").value

    copy = app.test_client()
    copy.set_cookie("session", stolen)
    assert copy.get("/account").status_code == 200  # the copy works while the session lives

    version = account("pat@example.com").session_version
    response = submit(client, "/account/logout", page="/account")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert account("pat@example.com").session_version == version + 1
    assert client.get("/account").status_code == 302

    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


def test_navigation_shows_log_in_or_log_out(client, make_user):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/account/login"' in html and 'href="/account/register"' in html
    login_as(client, make_user())
    html = client.get("/").get_data(as_text=True)
    assert 'action="/account/logout"' in html and 'href="/account/login"' not in html


def test_no_password_is_hashed_at_import():
    """Importing the app hashes nothing: argon2 takes 64 MiB for a hash, which every worker's peak
    memory carried when the hash for missing accounts was made at import (issue 9's RSS figure)."""
    code = (
        "import re, directory.accounts.passwords as p;"
        "status = open('/proc/self/status').read();"
        "print(p._dummy_hash.cache_info().currsize, int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024)"
    )
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    made, peak_mb = answer.stdout.split()
    assert made == "0" and int(peak_mb) < 64


@pytest.mark.parametrize("stored", ["a real hash", None])
def test_the_first_check_makes_the_missing_account_hash_either_way(stored):
    """So the first login of a process takes as long whether or not the account exists."""
    password_hash = passwords.hash_password("correct horse battery") if stored else None
    passwords._dummy_hash.cache_clear()
    passwords.verify_password(password_hash, "correct horse battery")
    assert passwords._dummy_hash.cache_info().currsize == 1
