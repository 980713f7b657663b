"""CSRF on every POST route, IDOR on every owner and administrator route, and open redirects in
every ``next``, over HTTP. Every refused request leaves the database as it was."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

from directory.claims.models import Claim, ContactChange
from directory.extensions import limiter
from tests.helpers import store


def _post_routes(app) -> list[str]:
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    return sorted(r.rule for r in rules)


def _fill(rule: str, people) -> str:
    path = rule.replace("<slug>", people.theirs.slug)
    path = re.sub(r"<int:\w+>", str(people.review_id), path)
    return re.sub(r"<\w+>", "x.y.z", path)


def test_every_post_route_refuses_a_request_without_a_csrf_token(site, people):
    admin = site.browser()
    admin.log_in("admin@example.org")
    owner = site.browser()
    owner.log_in("other@example.com")
    before = site.snapshot()
    routes = _post_routes(site.app)
    assert len(routes) >= 25
    for rule in routes:
        path = _fill(rule, people)
        for browser in (admin, owner):
            for data in ({}, {"csrf_token": "forged"}):
                response = browser.post(path, data=data | {"email": "x@example.com", "password": "x", "reason": "x"})
                assert response.status_code == 400, (rule, response.status_code)
    assert site.snapshot() == before


def test_a_csrf_token_of_another_session_is_refused(site, people):
    victim, attacker = site.browser(), site.browser()
    victim.log_in("owner@example.com")
    token = attacker.token("/account/login")
    before = site.snapshot()
    assert victim.post("/account/logout", data={"csrf_token": token}).status_code == 400
    assert victim.get("/account").status_code == 200
    assert site.snapshot() == before


OWNER_PAGES = [
    ("GET", "/practitioners/{theirs}/edit"),
    ("POST", "/practitioners/{theirs}/edit"),
    ("GET", "/practitioners/{theirs}/invites"),
    ("POST", "/practitioners/{theirs}/invites"),
    ("GET", "/practitioners/{theirs}/reviews/{review}/response"),
    ("POST", "/practitioners/{theirs}/reviews/{review}/response"),
    ("GET", "/practitioners/{mine}/reviews/{review}/response"),
    ("POST", "/practitioners/{mine}/reviews/{review}/response"),
    ("GET", "/practitioners/{theirs}/sources"),
    ("POST", "/practitioners/{theirs}/sources"),
]


@pytest.mark.parametrize("who", ["anonymous", "stranger", "owner of another listing"])
def test_owner_routes_refuse_everyone_but_the_owner(site, people, who):
    browser = site.browser()
    if who != "anonymous":
        browser.log_in("stranger@example.com" if who == "stranger" else "owner@example.com")
    token = browser.token("/account/login") if who == "anonymous" else browser.token("/account/email")
    before = site.snapshot()
    for method, pattern in OWNER_PAGES:
        path = pattern.format(theirs=people.theirs.slug, mine=people.mine.slug, review=people.review_id)
        data = {"csrf_token": token, "bio": "Hijacked", "response": "Hijacked", "website": "https://evil.example"}
        response = browser.request(method, path, data=data if method == "POST" else None)
        if who == "anonymous":
            assert response.status_code == 302 and "/account/login" in response.headers["Location"], path
        else:
            assert response.status_code in (403, 404), (method, path, response.status_code)
    assert site.snapshot() == before


def test_another_accounts_claim_cannot_be_finished_or_read(site, people, app):
    claim_id = store(
        app,
        Claim(
            practitioner_id=people.theirs.id, user_id=people.stranger.id, method="email_code", status="awaiting_code"
        ),
    )
    from directory.claims.codes import make_claim_link_token

    with app.test_request_context():
        token = make_claim_link_token(Claim(id=claim_id), "123456")
    intruder = site.browser()
    intruder.log_in("owner@example.com")
    before = site.snapshot()
    path = f"/practitioners/{people.theirs.slug}/claim/verify/{token}"
    assert intruder.get(path).status_code == 403
    assert intruder.post(path, data={"csrf_token": intruder.token("/account/email")}).status_code == 403
    assert site.snapshot() == before


ADMIN_PAGES = [
    ("GET", "/admin/"),
    ("GET", "/admin/audit"),
    ("GET", "/admin/claims"),
    ("GET", "/admin/reviews"),
    ("GET", "/admin/contact-changes"),
    ("GET", "/admin/listings?q=test"),
    ("GET", "/admin/listings/{theirs}/ownership"),
    ("POST", "/admin/listings/{theirs}/ownership/revoke"),
    ("POST", "/admin/listings/{theirs}/ownership/transfer"),
    ("POST", "/admin/reviews/{review}/remove"),
    ("POST", "/admin/reviews/{review}/publish"),
    ("POST", "/admin/claims/{claim}/approve"),
    ("POST", "/admin/claims/{claim}/reject"),
    ("POST", "/admin/contact-changes/{change}/approve"),
    ("POST", "/admin/contact-changes/{change}/reject"),
]


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_admin_routes_refuse_everyone_but_administrators(site, people, app, who):
    claim = store(
        app,
        Claim(
            practitioner_id=people.theirs.id,
            user_id=people.stranger.id,
            method="registration",
            status="pending_review",
            evidence_number="PHY0001234567",
        ),
    )
    change = store(
        app,
        ContactChange(
            practice_id=people.mine.practice_id,
            practitioner_id=people.mine.id,
            requested_by_id=people.owner.id,
            field="phone",
            new_value="(02) 5550 9999",
            status="pending",
        ),
    )
    browser = site.browser()
    if who == "owner":
        browser.log_in("owner@example.com")
    token = browser.token("/account/login" if who == "anonymous" else "/account/email")
    before = site.snapshot()
    for method, pattern in ADMIN_PAGES:
        path = pattern.format(theirs=people.theirs.slug, review=people.review_id, claim=claim, change=change)
        data = {"csrf_token": token, "reason": "Because", "email": "stranger@example.com"}
        response = browser.request(method, path, data=data if method == "POST" else None)
        if who == "anonymous":
            assert response.status_code == 302 and "/account/login" in response.headers["Location"], path
        else:
            assert response.status_code == 403, (method, path, response.status_code)
    assert site.snapshot() == before


OPEN_REDIRECTS = [
    "//evil.example",
    "https://evil.example",
    "http:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "///evil.example",
    "javascript:alert(1)",
    "/ /evil.example",
    " //evil.example",
    "https:evil.example",
]


def test_no_next_leads_off_the_site(site, people):
    here = ("", site.base.removeprefix("http://"))
    for target in OPEN_REDIRECTS:
        limiter.reset()  # thirteen logins to one account in a row: the login limit is not under test
        browser = site.browser()
        path = f"/account/login?next={quote(target, safe='%')}"
        data = {
            "csrf_token": browser.token(path),
            "email": "owner@example.com",
            "password": "correct horse battery staple",
        }
        response = browser.post(path, data=data)
        assert response.status_code == 302, target
        location = response.headers["Location"]
        parts = urlsplit(location)
        assert parts.netloc in here and parts.scheme in ("", "http"), (target, location)
        assert not location.startswith(("//", "\\", "/\\")), (target, location)
        # Signed in already, the same link sends the visitor on: it must stay on the site too.
        assert urlsplit(browser.get(path).headers["Location"]).netloc in here, target
