"""Builders and helpers for the administrators' area: an admin, claims, contact changes, CSRF."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.claims.models import Claim, ContactChange
from directory.extensions import db
from directory.listings.models import Practitioner
from directory.reviews.models import Review, ReviewReport
from tests.conftest import login_as

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page, as a browser would send it back."""
    match = CSRF_INPUT.search(html)
    assert match, "no csrf_token input on the page"
    return match.group(1)


def page_token(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return csrf_from(response.get_data(as_text=True))


@pytest.fixture
def admin(make_user):
    return make_user(email="admin@example.org", admin=True)


@pytest.fixture
def admin_client(client, admin):
    """A client logged in as an administrator."""
    login_as(client, admin)
    return client


@pytest.fixture
def make_claim(app):
    """Builder: ``make_claim(practitioner, user, **overrides)`` → the claim's id (a pending registration claim)."""

    def build(practitioner, user, **overrides) -> int:
        values = {
            "method": "registration",
            "status": "pending_review",
            "evidence_number": "PHY0001234567",
            "note": "I work here on Mondays.",
        } | overrides
        with app.app_context():
            claim = Claim(practitioner_id=practitioner.id, user_id=user.id, **values)
            db.session.add(claim)
            db.session.commit()
            claim_id = claim.id
            db.session.remove()
        return claim_id

    return build


@pytest.fixture
def make_contact_change(app):
    def build(practitioner, user, field: str = "phone", new_value: str = "(02) 5550 9999") -> int:
        with app.app_context():
            change = ContactChange(
                practice_id=practitioner.practice_id,
                practitioner_id=practitioner.id,
                requested_by_id=user.id,
                field=field,
                new_value=new_value,
                status="pending",
            )
            db.session.add(change)
            db.session.commit()
            change_id = change.id
            db.session.remove()
        return change_id

    return build


@pytest.fixture
def state(app):
    """A snapshot of everything an admin action can change, to show that nothing did."""

    def snapshot() -> SimpleNamespace:
        with app.app_context():
            result = SimpleNamespace(
                owners=db.session.execute(
                    sa.select(Practitioner.id, Practitioner.owner_id).order_by(Practitioner.id)
                ).all(),
                claims=db.session.execute(sa.select(Claim.id, Claim.status).order_by(Claim.id)).all(),
                changes=db.session.execute(
                    sa.select(ContactChange.id, ContactChange.status).order_by(ContactChange.id)
                ).all(),
                events=db.session.execute(sa.select(AuditEvent.id, AuditEvent.action).order_by(AuditEvent.id)).all(),
                reviews=db.session.execute(sa.select(Review.id, Review.status).order_by(Review.id)).all(),
                reports=db.session.execute(
                    sa.select(ReviewReport.id, ReviewReport.status).order_by(ReviewReport.id)
                ).all(),
            )
            db.session.remove()
        return result

    return snapshot


@pytest.fixture
def events(app):
    """``events(action_prefix="")`` → [(action, practitioner_id, claim_id, details, actor_id)], oldest first."""

    def read(prefix: str = "") -> list[SimpleNamespace]:
        with app.app_context():
            rows = db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id)
            ).all()
            result = [
                SimpleNamespace(
                    action=e.action,
                    practitioner_id=e.practitioner_id,
                    claim_id=e.claim_id,
                    details=dict(e.details or {}),
                    actor_id=e.actor_id,
                )
                for e in rows
            ]
            db.session.remove()
        return result

    return read


def owner_of(app, practitioner) -> int | None:
    with app.app_context():
        owner_id = db.session.scalar(sa.select(Practitioner.owner_id).where(Practitioner.id == practitioner.id))
        db.session.remove()
    return owner_id


def claim_status(app, claim_id: int) -> str:
    with app.app_context():
        status = db.session.scalar(sa.select(Claim.status).where(Claim.id == claim_id))
        db.session.remove()
    return status
