"""Issue 10, findings 6, 8, 9 and 10 for reviews (and the importer's share of finding 9): no
display name in mail to the reviewer, IPv6 clients screened by their /64, control characters
refused by the field, and review links that carry a keyed hash."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews.models import Review
from tests.helpers import body_of, client_from, login_as, scalar
from tests.practitioners.test_importer import GOOD_ROWS, _write
from tests.reviews.helpers import write_review

PHISHING_NAME = "URGENT: renew at https://evil.example/login"

# --- finding 6: a display name is no way into the reviewer's inbox --------------------------------


def test_the_display_name_is_not_written_into_the_reviewers_email(app, client, make_practitioner, outbox):
    listing = make_practitioner()
    response = write_review(client, listing.slug, display_name=PHISHING_NAME, email="victim@example.org")
    assert response.status_code == 302
    (message,) = outbox()
    assert "evil.example" not in body_of(message) and "URGENT" not in body_of(message)
    assert "evil.example" not in message["Subject"]


def test_a_display_name_with_a_link_is_screened_like_the_body(app, client, make_practitioner):
    listing = make_practitioner()
    write_review(client, listing.slug, display_name=PHISHING_NAME)
    signals = scalar(app, sa.select(Review.screening))
    assert "link" in {s["signal"] for s in signals}


# --- finding 8: an IPv6 client is its /64 for screening too -------------------------------------------


def test_reviews_from_one_ipv6_64_count_as_one_client(app, make_practitioner):
    listings = [make_practitioner() for _ in range(3)]
    for n, listing in enumerate(listings, start=1):
        client = client_from(app, f"2001:db8:77:1::{n:x}")
        write_review(
            client, listing.slug, email=f"person{n}@example.net", body=f"Review {n}: " + "on time, clear fees. " * 3
        )
    with app.app_context():
        keys = set(db.session.scalars(sa.select(Review.client_key)))
        last = db.session.scalars(sa.select(Review).order_by(Review.id.desc())).first()
        signals = {s["signal"] for s in last.screening}
        db.session.remove()
    assert len(keys) == 1
    assert "same_client" in signals


# --- finding 9: control characters are refused by the field, never stored -------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("body", "A fine visit, on time and clear about fees.\x00 More text here."),
        ("title", "Good\x00visit"),
        ("display_name", "Sam\x00K."),
        ("body", "A fine visit, on time and clear about fees.\x1b[31m red text here."),
        ("email", "sam\x00@example.net"),
    ],
)
def test_a_control_character_in_a_review_is_refused_by_its_field(app, client, make_practitioner, outbox, field, value):
    listing = make_practitioner()
    response = write_review(client, listing.slug, **{field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html or "control characters" in html or "valid e-mail" in html
    assert scalar(app, sa.select(sa.func.count(Review.id))) == 0
    assert outbox() == []


def test_newlines_and_tabs_are_kept_in_a_review(app, client, make_practitioner):
    listing = make_practitioner()
    body = "First paragraph: on time and friendly.\r\n\r\nSecond:\tfees explained clearly."
    assert write_review(client, listing.slug, body=body).status_code == 302
    assert scalar(app, sa.select(Review.body)) == body


@pytest.mark.parametrize(
    "path, data",
    [
        ("/account/login", {"email": "pat\x00@example.com", "password": "whatever it is"}),
        ("/account/register", {"email": "pat@example.com", "password": "pw", "confirm": "pw"}),
    ],
)
def test_control_characters_in_account_forms_are_a_form_error(app, client, path, data):
    from tests.helpers import submit

    response = submit(client, path, data | ({"email": "new\x07@example.com"} if "register" in path else {}))
    assert response.status_code in (200, 400)
    assert "<form" in response.get_data(as_text=True)


def test_an_owner_response_with_a_nul_byte_is_refused(app, make_practitioner, make_user, make_review, set_owner):
    from tests.helpers import submit

    listing = make_practitioner()
    owner = make_user()
    set_owner(listing, owner)
    review_id = make_review(listing)
    client = app.test_client()
    login_as(client, owner)
    url = f"/practitioners/{listing.slug}/reviews/{review_id}/response"
    response = submit(client, url, {"response": "Thank you\x00 for the kind words."})
    assert response.status_code == 400 and "control characters" in response.get_data(as_text=True)


def test_the_importer_refuses_a_nul_byte_with_a_clear_message(app, runner, tmp_path):
    row = GOOD_ROWS[0].replace("Ana Ruiz", "Ana\x00Ruiz", 1)
    result = runner.invoke(args=["import-practitioners", str(_write(tmp_path, [row, GOOD_ROWS[2]]))])
    assert result.exit_code == 0, result.output
    assert "control characters" in result.output
    with app.app_context():
        names = db.session.scalars(sa.select(Practitioner.name)).all()
        db.session.remove()
    assert names == ["Cai Ng"]


# --- finding 10: the review link carries a keyed hash of the address --------------------------------------


def test_the_review_link_carries_no_unkeyed_hash_of_the_address(app, client, make_practitioner, outbox):
    listing = make_practitioner()
    write_review(client, listing.slug, email="sam@example.net")
    token = body_of(outbox()[-1]).split("/reviews/manage/")[1].split()[0]
    payload = URLSafeTimedSerializer(app.secret_key, salt="movewell.review").loads(token)
    unkeyed = hashlib.sha256(b"review-link:sam@example.net").hexdigest()[:16]
    assert payload["e"] != unkeyed
    assert client.get(f"/reviews/manage/{token}").status_code == 200


def test_links_mailed_before_the_keyed_hash_still_work(app, client, make_practitioner, make_review):
    listing = make_practitioner()
    review_id = make_review(listing, status="unconfirmed", email="sam@example.net")
    legacy = URLSafeTimedSerializer(app.secret_key, salt="movewell.review").dumps(
        {"review": review_id, "e": hashlib.sha256(b"review-link:sam@example.net").hexdigest()[:16]}
    )
    assert client.get(f"/reviews/manage/{legacy}").status_code == 200
