"""Every route that writes or sends mail is rate-limited per client address, and says so with 429."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token, login_as


@pytest.mark.parametrize(
    ("path", "allowed", "signed_in"),
    [
        ("/account/login", 10, False),
        ("/account/register", 5, False),
        ("/account/confirm/resend", 5, False),
        ("/account/reset", 5, False),
        ("/account/email", 5, True),
        ("/account/confirm/not-a-real-token", 10, False),
        ("/account/reset/not-a-real-token", 10, False),
        ("/account/email/confirm/not-a-real-token", 10, False),
    ],
)
def test_posts_are_limited_per_client_address(client, make_user, path, allowed, signed_in):
    if signed_in:
        login_as(client, make_user())
    token = csrf_token(client.get("/account/reset").get_data(as_text=True))
    # A different address each time, so only the per-client limit applies.
    statuses = [
        client.post(path, data={"csrf_token": token, "email": f"visitor{i}@example.com"}).status_code
        for i in range(allowed + 1)
    ]
    assert 429 not in statuses[:allowed], statuses
    assert statuses[allowed] == 429
    assert "Too many requests" in client.post(path, data={"csrf_token": token}).get_data(as_text=True)


def test_reading_pages_is_not_limited(client):
    assert all(client.get("/account/login").status_code == 200 for _ in range(15))


def test_a_refused_csrf_token_is_not_counted(client, make_user):
    for _ in range(12):
        assert client.post("/account/login", data={"email": "x@example.com", "password": "y"}).status_code == 400
    token = csrf_token(client.get("/account/login").get_data(as_text=True))
    response = client.post("/account/login", data={"csrf_token": token, "email": "x@example.com", "password": "y" * 12})
    assert response.status_code == 200
