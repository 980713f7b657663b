"""The dashboard: what an account owns, its claims, and what waits for it, in a constant number of queries."""

from __future__ import annotations

import sqlalchemy as sa

from directory.accounts.models import User
from directory.claims import codes, contact_changes, services
from directory.extensions import db
from directory.practitioners.models import Practitioner
from tests.helpers import login_as


def _claims(app, user, listings, method="email"):
    with app.app_context():
        account = db.session.get(User, user.id)
        for listing in listings:
            practitioner = db.session.get(Practitioner, listing.id)
            if method == "email":
                codes.start_email_claim(db.session, practitioner, account)
            else:
                services.submit_registration_claim(db.session, practitioner, account, "PHY0001234567", "")
        db.session.commit()
        db.session.remove()


def test_dashboard_shows_owned_listing_claims_and_what_waits(app, client, make_practitioner, make_user):
    user = make_user()
    mine = make_practitioner(name="Mine Already")
    waiting = make_practitioner(name="Code Waiting", practice={"email": "reception@waiting.example.com"})
    review = make_practitioner(name="Under Review")
    _claims(app, user, [waiting])
    _claims(app, user, [review], method="number")
    with app.app_context():
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == mine.id).values(owner_id=user.id))
        practitioner = db.session.get(Practitioner, mine.id)
        account = db.session.get(User, user.id)
        contact_changes.request_contact_change(db.session, practitioner, account, "phone", "1300 000 000")
        db.session.commit()
        db.session.remove()
    login_as(client, user)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Mine Already" in html and f'href="/practitioners/{mine.slug}/edit"' in html
    assert "Enter the code sent to r…@waiting.example.com" in html
    assert f'href="/practitioners/{waiting.slug}/claim/verify"' in html
    assert "Under Review" in html and "Waiting for an administrator" in html
    assert "1300 000 000" in html and "an administrator will check it" in html


def test_dashboard_for_a_new_account(client, make_user):
    login_as(client, make_user())
    html = client.get("/dashboard").get_data(as_text=True)
    assert "You do not manage a listing yet" in html and "No claims yet" in html


def test_dashboard_runs_a_constant_number_of_queries(app, client, make_practitioner, make_user, count_queries):
    user = make_user()
    login_as(client, user)
    _claims(app, user, [make_practitioner()])
    client.get("/dashboard")  # warm the per-process caches (reference data, demo flag)
    with count_queries() as few:
        assert client.get("/dashboard").status_code == 200
    _claims(app, user, [make_practitioner() for _ in range(6)])
    _claims(app, user, [make_practitioner() for _ in range(3)], method="number")
    with count_queries() as many:
        assert client.get("/dashboard").status_code == 200
    assert len(many) == len(few) <= 6, many
