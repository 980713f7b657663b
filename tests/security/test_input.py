"""Oversize and malformed input over HTTP: NUL bytes, invalid UTF-8, bidi and zero-width
characters, fields over their limits. Never a 500; nothing half-written."""

from __future__ import annotations

import socket

import sqlalchemy as sa

from directory.reviews.models import Review

GOOD_REVIEW = {
    "rating": "4",
    "title": "Fine",
    "body": "The appointment started on time and the fees were explained clearly.",
    "display_name": "Sam K.",
    "email": "sam@example.net",
    "visit_month": "2026-03",
    "consent": "y",
}


BAD_FIELDS = [
    ("body", "x" * 5001),
    ("title", "t" * 121),
    ("display_name", "n" * 81),
    ("email", "a" * 250 + "@example.com"),
    ("display_name", "Sam\u202eK."),  # right-to-left override
    ("display_name", "Sam\u200bK."),  # zero-width space
    ("visit_month", "2026-13"),
    ("rating", "6"),
    ("body", "short"),
]


def test_bad_review_fields_are_refused_by_the_field(site, people):
    before = site.snapshot()
    browser = site.browser()
    for field, value in BAD_FIELDS:
        response = browser.submit(f"/practitioners/{people.mine.slug}/reviews/new", GOOD_REVIEW | {field: value})
        assert response.status_code == 400, field
        assert f'id="{field}-error"' in response.text or "is-invalid" in response.text, field
    assert site.snapshot() == before


def test_bidi_and_zero_width_in_a_review_body_are_kept_but_read_through(site, people):
    body = "Great visit, the pain was cu\u200bred, \u202eexplained the fees\u202c clearly and on time."
    response = site.browser().submit(f"/practitioners/{people.mine.slug}/reviews/new", GOOD_REVIEW | {"body": body})
    assert response.status_code == 302
    signals = site.scalar(sa.select(Review.screening).where(Review.email == "sam@example.net"))
    # "cu​red" read as "cured": on a physiotherapist's listing a clinical testimonial (decision 0008).
    assert "clinical_testimonial" in {s["signal"] for s in signals}


NUL_FORMS = [
    ("/account/login", {"email": "owner@example.com\x00", "password": "x"}),
    (
        "/account/register",
        {"email": "new\x00@example.com", "password": "a long pass phrase", "confirm": "a long pass phrase"},
    ),
    ("/account/reset", {"email": "owner\x00@example.com"}),
    ("/account/confirm/resend", {"email": "owner\x00@example.com"}),
    ("/reviews/{review}/report", {"reason": "other", "note": "Fake\x00 review", "email": ""}),
    ("/practitioners/{mine}/reviews/new", GOOD_REVIEW | {"body": GOOD_REVIEW["body"] + "\x00"}),
]


def test_a_nul_byte_in_any_form_is_a_clear_error_and_writes_nothing(site, people):
    before = site.snapshot()
    for path, data in NUL_FORMS:
        path = path.format(review=people.review_id, mine=people.mine.slug)
        response = site.browser().submit(path, data)
        assert response.status_code in (200, 400), (path, response.status_code)
        text = response.text
        assert "control characters" in text or "valid e-mail" in text.lower() or "is-invalid" in text, path
    assert site.snapshot() == before


def test_a_nul_byte_in_owner_and_admin_forms(site, people, app):
    owner = site.browser()
    owner.log_in("other@example.com")
    before = site.snapshot()
    response = owner.submit(
        f"/practitioners/{people.theirs.slug}/reviews/{people.review_id}/response", {"response": "Thanks\x00"}
    )
    assert response.status_code == 400 and "control characters" in response.text
    from tests.security.test_findings import _edit_values

    values = _edit_values(owner, people.theirs.slug) | {"bio": "About\x00 me", "address": "1 Main\x00 St"}
    response = owner.post(f"/practitioners/{people.theirs.slug}/edit", data=values)
    assert response.status_code == 400 and "control characters" in response.text
    admin = site.browser()
    admin.log_in("admin@example.org")
    path = f"/admin/listings/{people.theirs.slug}/ownership"
    response = admin.post(path + "/revoke", data={"csrf_token": admin.token(path), "reason": "Because\x00"})
    assert response.status_code == 400
    after = site.snapshot()
    assert {t for t in before if before[t] != after[t]} <= {"users"}  # last_login_at of the admin


def _raw(site, request: bytes) -> str:
    host, port = site.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(request)
        answer = b""
        # Read the head, then as much body as it announces (the server may keep the connection).
        while b"\r\n\r\n" not in answer and (chunk := conn.recv(65536)):
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
            None,
        )
        while (length is None or len(body) < length) and (chunk := conn.recv(65536)):
            body += chunk
    return (head + b"\r\n\r\n" + body).decode(errors="replace")


INVALID_UTF8 = [
    b"GET /search?q=%FF%FE%C3%28 HTTP/1.0",
    b"GET /api/v1/practitioners?near=%ED%A0%80 HTTP/1.0",
    b"GET /practitioners/%C3%28 HTTP/1.0",
    b"GET /api/v1/places?q=%F0%28%8C%BC HTTP/1.0",
]


def test_invalid_utf8_in_the_address_is_never_a_500(site, people):
    for request_line in INVALID_UTF8:
        answer = _raw(site, request_line + b"\r\nHost: 127.0.0.1\r\n\r\n")
        assert int(answer.split()[1]) in (200, 400, 404), answer[:300]


def test_invalid_utf8_in_a_form_body_is_never_a_500(site, people):
    browser = site.browser()
    token = browser.token(f"/practitioners/{people.mine.slug}/reviews/new")
    body = (
        f"csrf_token={token}&rating=4&body=%FF%FE+not+utf8+at+all+but+long+enough+to+count&display_name=%C3%28"
        "&email=sam%40example.net&visit_month=2026-03&consent=y"
    ).encode()
    before = site.snapshot()
    response = browser.post(
        f"/practitioners/{people.mine.slug}/reviews/new",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert site.snapshot() == before


def test_a_header_too_long_or_a_body_without_length_is_answered(site, people):
    answer = _raw(site, b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n")
    assert answer.startswith("HTTP/1.") and " 500 " not in answer.split("\r\n")[0]
    chunked = (
        (
            f"POST /practitioners/{people.mine.slug}/reviews/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"
        ).encode()
        + b"".join(b"%x\r\n%s\r\n" % (65536, b"x" * 65536) for _ in range(24))
        + b"0\r\n\r\n"
    )
    before = site.snapshot()
    try:
        answer = _raw(site, chunked)
    except (ConnectionResetError, BrokenPipeError):
        answer = "HTTP/1.1 413 (connection closed early)"
    assert answer.split("\r\n")[0].split()[1] in ("400", "413"), answer[:200]
    assert site.snapshot() == before
