"""Stored and reflected XSS in every sink people can write to, and SQL injection in every
parameter and sort key, over HTTP. The database is read before and after each attack."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Practice, Practitioner
from directory.reviews.models import Review, ReviewResponse
from tests.security.conftest import XSS, XSS_MARKERS


def _no_raw_payload(response) -> None:
    """HTML escapes the payload; JSON carries it as data, served as JSON that no browser sniffs."""
    if response.headers.get("Content-Type", "").startswith("application/json"):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.json()
        return
    html = response.text
    for marker in XSS_MARKERS:
        assert marker not in html, marker
    # Inside the JSON-LD block nothing closes the script early.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        json.loads(block)


# --- stored XSS -------------------------------------------------------------------------------------


def test_stored_xss_in_a_review_is_escaped_on_every_page_that_shows_it(site, people, app):
    visitor = site.browser()
    path = f"/practitioners/{people.mine.slug}/reviews/new"
    response = visitor.submit(
        path,
        {
            "rating": "4",
            "title": XSS[:120],
            "body": "On time and clear about fees. " + XSS,
            "display_name": "Sam " + XSS[:60],
            "email": "sam@example.net",
            "visit_month": "2026-03",
            "consent": "y",
        },
    )
    if response.status_code == 400:  # refused by a field: nothing stored
        assert site.scalar(sa.select(sa.func.count(Review.id)).where(Review.email == "sam@example.net")) == 0
        _no_raw_payload(response)
        return
    with app.app_context():
        review = db.session.scalar(sa.select(Review).where(Review.email == "sam@example.net"))
        review.status, review.published_at = "published", sa.func.now()
        db.session.commit()
        review_id = review.id
        db.session.remove()
    admin = site.browser()
    admin.log_in("admin@example.org")
    for page in (
        f"/practitioners/{people.mine.slug}",
        f"/api/v1/practitioners/{people.mine.slug}/reviews",
        f"/reviews/{review_id}/report",
        "/admin/reviews",
        "/admin/audit",
    ):
        response = (admin if page.startswith("/admin") else visitor).get(page)
        assert response.status_code == 200, page
        _no_raw_payload(response)


def test_stored_xss_in_an_owner_response_and_the_listing_is_escaped(site, people, app):
    with app.app_context():
        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == people.mine.id).values(name=XSS[:120], bio=XSS)
        )
        db.session.execute(sa.update(Practice).where(Practice.id == people.mine.practice_id).values(name=XSS[:160]))
        db.session.commit()
        db.session.remove()
    owner = site.browser()
    owner.log_in("other@example.com")
    respond = f"/practitioners/{people.theirs.slug}/reviews/{people.review_id}/response"
    owner.submit(respond, {"response": "Thank you. " + XSS})
    assert site.scalar(sa.select(ReviewResponse.body)) == "Thank you. " + XSS  # stored as written
    visitor = site.browser()
    for page in (
        f"/practitioners/{people.mine.slug}",
        f"/practitioners/{people.theirs.slug}",
        "/search?q=script",
        "/sitemap.xml",
        "/api/v1/practitioners?q=script",
    ):
        _no_raw_payload(visitor.get(page))
    admin = site.browser()
    admin.log_in("admin@example.org")
    for page in ("/admin/listings?q=script", f"/admin/listings/{people.mine.slug}/ownership", "/dashboard"):
        _no_raw_payload(admin.get(page))


# --- reflected XSS ----------------------------------------------------------------------------------


REFLECTED = [
    "/search?near={x}",
    "/search?q={x}",
    "/search?profession={x}",
    "/search?sort={x}",
    "/search?radius_km={x}",
    "/api/v1/practitioners?near={x}",
    "/api/v1/places?q={x}",
    "/account/login?next={x}",
    "/practitioners/{x}",
    "/reviews/manage/{x}",
    "/account/reset/{x}",
    "/practitioners/{slug}/reviews/new?invite={x}",
    "/admin/audit?action={x}",
]


def test_reflected_xss_is_escaped(site, people):
    from urllib.parse import quote

    browser = site.browser()
    browser.log_in("admin@example.org")
    before = site.snapshot()
    for path in REFLECTED:
        response = browser.get(path.format(x=quote(XSS, safe=""), slug=people.mine.slug))
        assert response.status_code < 500, path
        _no_raw_payload(response)
    assert site.snapshot() == before


# --- SQL injection -----------------------------------------------------------------------------------

SQL = ["' OR '1'='1", "1; DROP TABLE practitioners;--", "1) UNION SELECT email, password_hash FROM users--", "\\'; --"]
SEARCH_PARAMETERS = [
    "near",
    "q",
    "profession",
    "specialty",
    "payer",
    "sort",
    "radius_km",
    "min_rating",
    "page",
    "per_page",
    "lat",
]


@pytest.mark.parametrize("base", ["/search", "/api/v1/practitioners"])
def test_sql_injection_in_search_parameters_changes_and_reveals_nothing(site, people, base):
    before = site.snapshot()
    browser = site.browser()
    for name in SEARCH_PARAMETERS:
        for payload in SQL:
            params = {name: payload} | ({"lng": "151"} if name == "lat" else {})
            response = browser.get(base, params=params)
            assert response.status_code in (200, 400, 404), (name, payload, response.status_code)
            assert "$argon2" not in response.text and "owner@example.com" not in response.text
            if response.status_code == 200 and base.startswith("/api"):
                assert response.json()["total"] <= 2
    assert site.snapshot() == before


OTHER_PARAMETERS = [
    "/api/v1/practitioners/{slug}/reviews?order={x}",
    "/api/v1/practitioners/{slug}/reviews?page={x}",
    "/api/v1/practitioners/{x}",
    "/api/v1/places?q={x}",
    "/api/v1/places?limit={x}",
    "/practitioners/{x}",
    "/admin/audit?action={x}",
    "/admin/listings?q={x}",
    "/admin/reviews?page={x}",
]


def test_sql_injection_in_other_parameters_and_sort_keys(site, people):
    from urllib.parse import quote

    browser = site.browser()
    browser.log_in("admin@example.org")
    before = site.snapshot()
    for path, payload in ((path, payload) for path in OTHER_PARAMETERS for payload in SQL):
        response = browser.get(path.format(x=quote(payload, safe=""), slug=people.theirs.slug))
        assert response.status_code in (200, 302, 400, 404), (path, payload, response.status_code)
        assert response.headers.get("Location", "/").startswith(("/", site.base)), response.headers
        assert "$argon2" not in response.text and "owner@example.com" not in response.text
    assert site.snapshot() == before


def test_sql_injection_in_form_fields(site, people):
    before_users = site.scalar(sa.select(sa.func.count()).select_from(sa.text("users")))
    browser = site.browser()
    for payload in SQL:
        response = browser.submit("/account/login", {"email": f"admin@example.org{payload}", "password": payload})
        assert response.status_code in (200, 400)
        response = browser.submit("/account/login", {"email": f"{payload}@example.org", "password": "x' OR 1=1--"})
        assert response.status_code in (200, 400)
    assert browser.get("/account").status_code == 302  # never signed in
    assert site.scalar(sa.select(sa.func.count()).select_from(sa.text("users"))) == before_users
