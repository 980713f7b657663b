"""Builders and readers for the administrators' area: claims, contact changes, a snapshot of state."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.claims.models import Claim, ContactChange
from directory.corrections.models import ListingCorrection
from directory.extensions import db
from directory.practitioners.models import Practitioner
from directory.reviews.models import Review, ReviewReport, ReviewResponse, TakedownRequest
from tests.helpers import scalar, store


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
        return store(app, Claim(practitioner_id=practitioner.id, user_id=user.id, **values))

    return build


@pytest.fixture
def make_contact_change(app):
    def build(practitioner, user, field: str = "phone", new_value: str = "(02) 5550 9999") -> int:
        change = ContactChange(
            practice_id=practitioner.practice_id,
            practitioner_id=practitioner.id,
            requested_by_id=user.id,
            field=field,
            new_value=new_value,
            status="pending",
        )
        return store(app, change)

    return build


@pytest.fixture
def state(app):
    """A snapshot of everything an admin action can change, to show that nothing did."""

    def snapshot() -> SimpleNamespace:
        with app.app_context():
            result = SimpleNamespace(
                owners=db.session.execute(
                    sa.select(
                        Practitioner.id,
                        Practitioner.owner_id,
                        Practitioner.credential_status,
                        Practitioner.confirmed_at,
                        Practitioner.confirmed_by,
                    ).order_by(Practitioner.id)
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
                corrections=db.session.execute(
                    sa.select(ListingCorrection.id, ListingCorrection.status).order_by(ListingCorrection.id)
                ).all(),
                requests=db.session.execute(
                    sa.select(TakedownRequest.id, TakedownRequest.outcome).order_by(TakedownRequest.id)
                ).all(),
                responses=db.session.execute(
                    sa.select(ReviewResponse.id, ReviewResponse.status).order_by(ReviewResponse.id)
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


def claim_status(app, claim_id: int) -> str:
    return scalar(app, sa.select(Claim.status).where(Claim.id == claim_id))
