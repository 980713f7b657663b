"""Writing a review as a browser does, and reading what the site then shows."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews.models import Review
from tests.helpers import csrf_token, link_in, submit

GOOD = {
    "rating": "5",
    "title": "Friendly and on time",
    "body": "The appointment started on time and the fees were explained before we began.",
    "display_name": "Sam K.",
    "email": "sam@example.net",
    "visit_month": "2026-03",
    "consent": "y",
}


def write_review(client, slug: str, **overrides):
    """Submit the review form with GOOD values changed by ``overrides`` (None drops a field)."""
    data = {k: v for k, v in (GOOD | overrides).items() if v is not None}
    return submit(client, f"/practitioners/{slug}/reviews/new", data)


def confirm_from_outbox(client, message, follow: bool = False):
    """Open the e-mailed link (GET, which must change nothing), then press the button (POST)."""
    path = link_in(message, "/reviews/manage/")
    page = client.get(path)
    assert page.status_code == 200
    return client.post(
        path + "/confirm", data={"csrf_token": csrf_token(page.get_data(as_text=True))}, follow_redirects=follow
    ), path


def aggregates(app, practitioner_id: int) -> tuple:
    with app.app_context():
        p = db.session.get(Practitioner, practitioner_id)
        result = (p.rating_count, p.rating_mean, tuple(p.rating_distribution.values()))
        db.session.remove()
        return result


def review_rows(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(sa.select(Review.id, Review.status, Review.email).order_by(Review.id)).all()
        db.session.remove()
        return [tuple(r) for r in rows]


_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    match = _LD.search(html)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))
