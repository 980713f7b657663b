"""The ten findings of the outside review (issue 10), each replayed over HTTP against a real server."""

from __future__ import annotations

import socket
import threading

import pytest
import sqlalchemy as sa

from directory.accounts.models import User
from directory.claims.models import Claim, ContactChange
from directory.practitioners.models import Practice, Practitioner
from directory.reviews.models import Review
from tests.security.conftest import PASSWORD, count


def _edit_values(browser, slug: str) -> dict:
    from tests.manage.test_edit import _form_values

    return _form_values(browser.get(f"/practitioners/{slug}/edit").text)


def test_1_an_owner_typed_practice_email_cannot_take_a_colleagues_listing(site, people, app, make_practitioner):
    owner = site.browser()
    owner.log_in("owner@example.com")
    values = _edit_values(owner, people.mine.slug) | {"email": "ΟΔΟΣ@clinique.example.com"}
    owner.post(f"/practitioners/{people.mine.slug}/edit", data=values)
    values = _edit_values(owner, people.mine.slug) | {"email": "Reception@CLINIQUÉ.example.com"}
    assert owner.post(f"/practitioners/{people.mine.slug}/edit", data=values).status_code == 302
    link = site.link(site.mails(wait_for=1)[-1], "/practice-email/confirm/")
    assert owner.submit(link).status_code == 302
    colleague = make_practitioner()
    with app.app_context():
        from directory.extensions import db

        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == colleague.id).values(practice_id=people.mine.practice_id)
        )
        db.session.commit()
        db.session.remove()
    accomplice = site.browser()
    accomplice.log_in("stranger@example.com")
    before = site.snapshot()
    path = f"/practitioners/{colleague.slug}/claim"
    accomplice.post(path, data={"csrf_token": accomplice.token(path), "method": "email_code"})

    assert site.scalar(sa.select(sa.func.count(Claim.id)).where(Claim.status == "awaiting_code")) == 0
    assert site.scalar(sa.select(Practitioner.owner_id).where(Practitioner.id == colleague.id)) is None
    after = site.snapshot()
    assert {t for t in before if before[t] != after[t]} <= {"audit_events"}


def test_2_a_forged_host_never_reaches_a_link(site, people, monkeypatch):
    monkeypatch.setitem(site.app.config, "BASE_URL", "https://directory.example.org")
    visitor = site.browser()
    token = visitor.token("/account/reset")
    forged = {"Host": "evil.example", "Cookie": f"session={visitor.cookies['session']}"}  # the jar files it by host
    response = visitor.post("/account/reset", data={"csrf_token": token, "email": "owner@example.com"}, headers=forged)
    assert response.status_code == 302
    for path in ("/sitemap.xml", f"/practitioners/{people.mine.slug}", "/api/v1/practitioners?q=Test"):
        assert "evil.example" not in visitor.get(path, headers={"Host": "evil.example"}).text
    mails = site.mails(wait_for=1)
    assert mails and "evil.example" not in mails[-1] and "https://directory.example.org/account/reset/" in mails[-1]
    monkeypatch.setitem(site.app.config, "TRUSTED_HOSTS", ["127.0.0.1"])
    assert visitor.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_3_a_40_mb_post_is_refused_before_it_is_read(site, people):
    before = site.snapshot()
    host, port = site.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            (
                f"POST /practitioners/{people.mine.slug}/reviews/new HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 41943040\r\n\r\n"
            ).encode()
            + b"body="
            + b"x" * 65536
        )
        answer = b""
        while b"</html>" not in answer and (chunk := conn.recv(65536)):  # the error page, then stop
            answer += chunk
        answer = answer.decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "Too much data" in answer
    assert site.snapshot() == before


def test_4_full_width_spellings_share_one_mailbox_limit(site, people):
    spellings = [
        "owner@example.com",
        "OWNER@example.com",
        "owner@ｅｘａｍｐｌｅ.com",
        "ｏｗｎｅｒ@example.com",
        "Owner@Example.com",
    ]
    statuses = []
    for n, spelling in enumerate(spellings + ["owner@ｅｘａｍｐｌｅ.ｃｏｍ"], start=1):
        visitor = site.browser(forwarded_for=f"198.51.100.{n}")
        statuses.append(visitor.submit("/account/reset", {"email": spelling}).status_code)
    assert statuses == [302] * 5 + [429]
    assert len(site.mails(wait_for=5)) == 5


def test_5_a_reset_link_dies_with_an_email_change(site, people):
    attacker = site.browser()
    attacker.submit("/account/reset", {"email": "owner@example.com"})
    reset_link = site.link(site.mails(wait_for=1)[-1], "/account/reset/")
    owner, elsewhere = site.browser(), site.browser()
    owner.log_in("owner@example.com")
    elsewhere.log_in("owner@example.com")
    owner.submit("/account/email", {"email": "owner.new@example.com", "password": PASSWORD})
    change_link = site.link(site.mails(wait_for=3)[-2], "/account/email/confirm/")
    assert owner.submit(change_link).status_code == 302
    before = site.snapshot()
    assert attacker.get(reset_link).status_code == 400
    posted = attacker.post(
        reset_link, data={"password": "a brand new pass phrase", "confirm": "a brand new pass phrase"}
    )
    assert posted.status_code == 400
    assert elsewhere.get("/account").status_code == 302  # the other session ended
    assert owner.get("/account").status_code == 200
    assert site.snapshot() == before


def test_6_a_display_name_is_no_way_into_the_reviewers_inbox(site, people):
    visitor = site.browser()
    path = f"/practitioners/{people.mine.slug}/reviews/new"
    visitor.submit(
        path,
        {
            "rating": "5",
            "body": "The appointment started on time and the fees were explained clearly.",
            "display_name": "URGENT: renew at https://evil.example/login",
            "email": "victim@example.org",
            "visit_month": "2026-03",
            "consent": "y",
        },
    )
    (mail,) = site.mails(wait_for=1)
    assert "evil.example" not in mail and "URGENT" not in mail


def test_7_the_reset_answer_leaves_before_the_mail(site, people, monkeypatch):
    """An SMTP server that holds every connection until told: the answer must come first."""
    release = threading.Event()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)

    def hold():
        conn, _ = server.accept()
        release.wait(10)
        conn.close()

    threading.Thread(target=hold, daemon=True).start()
    monkeypatch.setitem(site.app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(site.app.config, "MAIL_PORT", server.getsockname()[1])
    try:
        pages = []
        for address in ("owner@example.com", "nobody@example.com"):
            visitor = site.browser()
            response = visitor.submit("/account/reset", {"email": address})
            pages.append((response.status_code, response.headers["Location"]))
        assert not release.is_set()  # both answers arrived while the mail server still held the message
        assert pages[0] == pages[1]
    finally:
        release.set()
        server.close()


def test_8_rotating_ipv6_addresses_are_one_client(site, people):
    statuses = []
    for n in range(12):
        visitor = site.browser(forwarded_for=f"2001:db8:99:1:{n:x}::{n + 1:x}")
        statuses.append(
            visitor.submit("/account/login", {"email": f"x{n}@example.com", "password": "wrong"}).status_code
        )
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429]
    other = site.browser(forwarded_for="2001:db8:99:2::1")
    assert other.submit("/account/login", {"email": "y@example.com", "password": "wrong"}).status_code == 200


@pytest.mark.parametrize("field", ["body", "title", "display_name"])
def test_9_a_nul_byte_is_refused_by_its_field_and_never_stored(site, people, field):
    before = site.snapshot()
    visitor = site.browser()
    values = {
        "rating": "4",
        "title": "Fine",
        "body": "The appointment started on time and the fees were explained clearly.",
        "display_name": "Sam K.",
        "email": "sam@example.net",
        "visit_month": "2026-03",
        "consent": "y",
    }
    values[field] = values[field][:3] + "\x00" + values[field][3:]
    response = visitor.submit(f"/practitioners/{people.mine.slug}/reviews/new", values)
    assert response.status_code == 400 and "control characters" in response.text
    assert site.snapshot() == before


def test_10_the_csrf_token_from_before_login_dies_at_login(site, people):
    visitor = site.browser()
    planted = visitor.token("/account/login")
    visitor.post("/account/login", data={"csrf_token": planted, "email": "owner@example.com", "password": PASSWORD})
    assert visitor.post("/account/logout", data={"csrf_token": planted}).status_code == 400
    assert visitor.get("/account").status_code == 200


def test_10_one_owner_cannot_change_a_shared_practice_alone(site, people, app):
    with app.app_context():
        from directory.extensions import db

        db.session.execute(
            sa.update(Practitioner)
            .where(Practitioner.id == people.theirs.id)
            .values(practice_id=people.mine.practice_id)
        )
        db.session.commit()
        db.session.remove()
    owner = site.browser()
    owner.log_in("owner@example.com")
    values = _edit_values(owner, people.mine.slug) | {
        "website": "https://evil.example",
        "email": "mine@evil.example",
        "address": "1 Elsewhere Road",
    }
    assert owner.post(f"/practitioners/{people.mine.slug}/edit", data=values).status_code == 302
    practice = site.scalar(sa.select(Practice).where(Practice.id == people.mine.practice_id))
    assert practice.website != "https://evil.example" and practice.email == "desk@mine.example.com"
    assert practice.address != "1 Elsewhere Road"
    assert site.scalar(sa.select(sa.func.count(ContactChange.id)).where(ContactChange.status == "pending")) == 3
    assert "evil.example" not in site.browser().get(f"/practitioners/{people.theirs.slug}").text


def test_10_the_review_link_carries_a_keyed_hash(site, people):
    import hashlib

    from itsdangerous import URLSafeTimedSerializer

    visitor = site.browser()
    visitor.submit(
        f"/practitioners/{people.mine.slug}/reviews/new",
        {
            "rating": "4",
            "body": "The appointment started on time and the fees were explained clearly.",
            "display_name": "Sam K.",
            "email": "sam@example.net",
            "visit_month": "2026-03",
            "consent": "y",
        },
    )
    token = site.link(site.mails(wait_for=1)[-1], "/reviews/manage/").rsplit("/", 1)[1]
    payload = URLSafeTimedSerializer(site.app.secret_key, salt="movewell.review").loads(token)
    assert payload["e"] != hashlib.sha256(b"review-link:sam@example.net").hexdigest()[:16]
    assert count(site, Review) == 2 and count(site, User) == 4
