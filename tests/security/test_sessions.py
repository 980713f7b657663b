"""Tokens (reuse, tampering, expiry) and cookies (after logout, password change and e-mail
change), over HTTP."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from directory.reviews.models import Review
from tests.security.conftest import PASSWORD

NEW_PASSWORD = "violet harbour kettle drum"


def _review_link(site, people) -> str:
    browser = site.browser()
    browser.submit(
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
    return site.link(site.mails(wait_for=1)[-1], "/reviews/manage/")


def test_a_review_link_confirms_once(site, people):
    link = _review_link(site, people)
    browser = site.browser()
    assert browser.post(link + "/confirm", data={"csrf_token": browser.token(link)}).status_code == 302
    before = site.snapshot()
    again = browser.post(link + "/confirm", data={"csrf_token": browser.token(link)})
    assert again.status_code == 302 and again.headers["Location"].endswith(link)
    assert site.snapshot() == before
    assert site.scalar(sa.select(sa.func.count(Review.id)).where(Review.status == "published")) == 2


def _tampered(token: str) -> list[str]:
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    return [flipped, token + "x", token[:-10], "." + token, token.replace(".", "!"), "e30." + token.split(".", 1)[-1]]


@pytest.mark.parametrize("kind", ["review", "reset", "confirm"])
def test_tampered_tokens_are_refused(site, people, kind):
    if kind == "review":
        link = _review_link(site, people)
    else:
        site.browser().submit(
            "/account/reset" if kind == "reset" else "/account/register",
            {"email": "owner@example.com"}
            if kind == "reset"
            else {"email": "new@example.com", "password": PASSWORD, "confirm": PASSWORD},
        )
        link = site.link(site.mails(wait_for=1)[-1], "/account/reset/" if kind == "reset" else "/account/confirm/")
    prefix, token = link.rsplit("/", 1)
    before = site.snapshot()
    browser = site.browser()
    for bad in _tampered(token):
        response = browser.get(f"{prefix}/{bad}")
        assert response.status_code in (400, 404), (bad, response.status_code)
    assert site.snapshot() == before


def test_an_expired_reset_link_is_refused(site, people, monkeypatch):
    from directory.accounts import services

    with site.app.app_context():
        from directory.accounts.models import User
        from directory.extensions import db

        user = db.session.scalar(sa.select(User).where(User.email == "owner@example.com"))
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() - 3700)
        token = services.password_reset_token(user)
        monkeypatch.setattr(time, "time", real_time)
        db.session.remove()
    before = site.snapshot()
    browser = site.browser()
    assert browser.get(f"/account/reset/{token}").status_code == 400
    assert (
        browser.post(f"/account/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 400
    )
    assert site.snapshot() == before


def test_a_token_for_one_purpose_does_not_work_for_another(site, people):
    forged = URLSafeTimedSerializer(site.app.secret_key, salt="movewell.confirm-email").dumps(
        {"uid": people.owner.id, "fp": "x"}
    )
    before = site.snapshot()
    assert site.browser().get(f"/account/reset/{forged}").status_code == 400
    assert site.snapshot() == before


def test_an_old_cookie_is_dead_after_logout(site, people):
    browser = site.browser()
    browser.log_in("owner@example.com")
    cookie = browser.cookies["session"]
    browser.post("/account/logout", data={"csrf_token": browser.token("/account")})
    thief = site.browser()
    thief.cookies.set("session", cookie)
    assert thief.get("/account").status_code == 302
    assert thief.get("/dashboard").status_code == 302


def test_an_old_cookie_is_dead_after_a_password_reset(site, people):
    victim = site.browser()
    victim.log_in("owner@example.com")
    cookie = victim.cookies["session"]
    site.browser().submit("/account/reset", {"email": "owner@example.com"})
    link = site.link(site.mails(wait_for=1)[-1], "/account/reset/")
    owner = site.browser()
    assert owner.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    thief = site.browser()
    thief.cookies.set("session", cookie)
    assert thief.get("/account").status_code == 302
    assert owner.get("/account").status_code == 200
    # The link worked once.
    assert site.browser().get(link).status_code == 400


def test_an_old_cookie_is_dead_after_an_email_change(site, people):
    owner, elsewhere = site.browser(), site.browser()
    owner.log_in("owner@example.com")
    elsewhere.log_in("owner@example.com")
    stolen = elsewhere.cookies["session"]
    owner.submit("/account/email", {"email": "owner.new@example.com", "password": PASSWORD})
    link = site.link(
        [m for m in site.mails(wait_for=2) if "To: owner.new@example.com" in m][-1], "/account/email/confirm/"
    )
    owner.submit(link)
    thief = site.browser()
    thief.cookies.set("session", stolen)
    assert thief.get("/account").status_code == 302
    assert owner.get("/account").status_code == 200
