"""The administrators' decisions the admin pages call: claims, ownership, contact changes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory import mail
from directory.accounts.models import User
from directory.audit.models import AuditEvent
from directory.claims import contact_changes, decisions, errors, notifications, services
from directory.claims.models import Claim, ContactChange
from directory.errors import NotAllowed
from directory.practitioners.models import Practice, Practitioner


@pytest.fixture
def people(db_session, make_user):
    admin = db_session.get(User, make_user(admin=True).id)
    claimant = db_session.get(User, make_user(email="claimant@example.com").id)
    other = db_session.get(User, make_user().id)
    return admin, claimant, other


def _events(session, **where) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).order_by(AuditEvent.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, key) == value)
    return list(session.scalars(stmt))


def _number_claim(session, listing, user, number="PHY0001234567") -> Claim:
    claim = services.submit_registration_claim(session, session.get(Practitioner, listing.id), user, number, "Hi")
    session.commit()
    return claim


def _own(session, listing, user) -> None:
    session.execute(sa.update(Practitioner).where(Practitioner.id == listing.id).values(owner_id=user.id))
    session.commit()


def test_approve_grants_ownership_and_is_logged(app, db_session, make_practitioner, people):
    admin, claimant, _ = people
    listing = make_practitioner()
    claim = _number_claim(db_session, listing, claimant)
    decisions.approve_claim(db_session, claim, admin, "Number matches the register.")
    db_session.commit()
    assert db_session.get(Practitioner, listing.id).owner_id == claimant.id
    stored = db_session.get(Claim, claim.id)
    assert (stored.status, stored.decided_by_id, stored.decision_reason) == (
        "approved",
        admin.id,
        "Number matches the register.",
    )
    assert stored.decided_at is not None
    events = _events(db_session, claim_id=claim.id)
    assert [e.action for e in events] == ["claim.submitted", "claim.approved", "ownership.granted"]
    assert events[1].actor_id == admin.id and events[1].details["reason"] == "Number matches the register."
    with app.test_request_context():
        email = notifications.claim_decided(stored)
        body = mail.render(email)
    assert email.to == "claimant@example.com" and "approved" in email.subject
    assert f"/practitioners/{listing.slug}/edit" in body


def test_approving_a_contested_claim_moves_ownership(db_session, make_practitioner, people):
    admin, claimant, previous = people
    listing = make_practitioner()
    _own(db_session, listing, previous)
    claim = _number_claim(db_session, listing, claimant)
    assert claim.contested
    decisions.approve_claim(db_session, claim, admin, "The previous owner left the practice.")
    db_session.commit()
    assert db_session.get(Practitioner, listing.id).owner_id == claimant.id
    actions = [(e.action, e.details.get("owner_id")) for e in _events(db_session, claim_id=claim.id)]
    assert ("ownership.revoked", previous.id) in actions and ("ownership.granted", claimant.id) in actions


def test_approve_refuses_when_the_claimant_owns_another_listing(db_session, make_practitioner, people):
    admin, claimant, _ = people
    listing, elsewhere = make_practitioner(), make_practitioner()
    claim = _number_claim(db_session, listing, claimant)
    _own(db_session, elsewhere, claimant)
    with pytest.raises(errors.OwnsAnotherListing):
        decisions.approve_claim(db_session, claim, admin)
    db_session.commit()
    # Nothing changed: the claim still waits, the listing has no owner, no event was kept.
    assert db_session.get(Claim, claim.id).status == "pending_review"
    assert db_session.get(Practitioner, listing.id).owner_id is None
    assert [e.action for e in _events(db_session, claim_id=claim.id)] == ["claim.submitted"]


def test_approve_refuses_when_the_owner_changed_meanwhile(db_session, make_practitioner, people, monkeypatch):
    admin, claimant, other = people
    listing = make_practitioner()
    claim = _number_claim(db_session, listing, claimant)
    real_set_owner = decisions.set_owner

    def someone_was_faster(session, practitioner_id, expected, new):
        session.execute(sa.update(Practitioner).where(Practitioner.id == practitioner_id).values(owner_id=other.id))
        return real_set_owner(session, practitioner_id, expected, new)

    monkeypatch.setattr(decisions, "set_owner", someone_was_faster)
    with pytest.raises(errors.OwnershipChanged):
        decisions.approve_claim(db_session, claim, admin)
    db_session.commit()
    assert db_session.get(Claim, claim.id).status == "pending_review"


def test_a_claim_is_decided_once(db_session, make_practitioner, people):
    admin, claimant, _ = people
    claim = _number_claim(db_session, make_practitioner(), claimant)
    decisions.reject_claim(db_session, claim, admin, "No such registration.")
    db_session.commit()
    with pytest.raises(errors.ClaimNotPending):
        decisions.approve_claim(db_session, claim, admin)
    with pytest.raises(errors.ClaimNotPending):
        decisions.reject_claim(db_session, claim, admin, "again")


def test_reject_needs_a_reason_and_tells_the_claimant(app, db_session, make_practitioner, people):
    admin, claimant, _ = people
    listing = make_practitioner()
    claim = _number_claim(db_session, listing, claimant)
    with pytest.raises(errors.ReasonRequired):
        decisions.reject_claim(db_session, claim, admin, "  ")
    decisions.reject_claim(db_session, claim, admin, "The number belongs to someone else.")
    db_session.commit()
    stored = db_session.get(Claim, claim.id)
    assert stored.status == "rejected" and db_session.get(Practitioner, listing.id).owner_id is None
    event = _events(db_session, action="claim.rejected")[0]
    assert event.actor_id == admin.id and event.details["reason"] == "The number belongs to someone else."
    with app.test_request_context():
        email = notifications.claim_decided(stored)
        body = mail.render(email)
    assert email.to == "claimant@example.com" and "not approved" in email.subject
    assert "The number belongs to someone else." in body


@pytest.mark.parametrize(
    "call",
    [
        lambda s, claim, practitioner, user: decisions.approve_claim(s, claim, user),
        lambda s, claim, practitioner, user: decisions.reject_claim(s, claim, user, "no"),
        lambda s, claim, practitioner, user: decisions.transfer_ownership(s, practitioner, user, user, "mine"),
        lambda s, claim, practitioner, user: decisions.revoke_ownership(s, practitioner, user, "gone"),
    ],
)
def test_decisions_are_for_administrators_only(db_session, make_practitioner, people, call):
    _, claimant, other = people
    listing = make_practitioner()
    claim = _number_claim(db_session, listing, claimant)
    with pytest.raises(NotAllowed):
        call(db_session, claim, db_session.get(Practitioner, listing.id), other)
    db_session.commit()
    assert db_session.get(Claim, claim.id).status == "pending_review"
    assert db_session.get(Practitioner, listing.id).owner_id is None


def test_transfer_and_revoke(db_session, make_practitioner, make_user, people):
    admin, first, second = people
    listing, elsewhere = make_practitioner(), make_practitioner()
    practitioner = db_session.get(Practitioner, listing.id)
    unconfirmed = db_session.get(User, make_user(confirmed=False).id)
    with pytest.raises(errors.EmailNotConfirmed):
        decisions.transfer_ownership(db_session, practitioner, unconfirmed, admin, "Asked by phone.")
    decisions.transfer_ownership(db_session, practitioner, first, admin, "Requested by the practice.")
    db_session.commit()
    assert db_session.get(Practitioner, listing.id).owner_id == first.id
    decisions.transfer_ownership(db_session, practitioner, second, admin, "The practitioner moved on.")
    db_session.commit()
    assert db_session.get(Practitioner, listing.id).owner_id == second.id

    _own(db_session, elsewhere, first)
    with pytest.raises(errors.OwnsAnotherListing):
        decisions.transfer_ownership(db_session, practitioner, first, admin, "back")
    db_session.commit()
    assert db_session.get(Practitioner, listing.id).owner_id == second.id
    with pytest.raises(errors.ReasonRequired):
        decisions.revoke_ownership(db_session, practitioner, admin, "")

    decisions.revoke_ownership(db_session, practitioner, admin, "Account compromised.")
    db_session.commit()
    assert db_session.get(Practitioner, listing.id).owner_id is None
    with pytest.raises(errors.OwnershipChanged):
        decisions.revoke_ownership(db_session, practitioner, admin, "again")
    events = [
        (e.action, e.details.get("owner_id"), e.details.get("reason"))
        for e in _events(db_session, practitioner_id=listing.id)
    ]
    assert events == [
        ("ownership.transferred", first.id, "Requested by the practice."),
        ("ownership.transferred", second.id, "The practitioner moved on."),
        ("ownership.revoked", second.id, "Account compromised."),
    ]


def test_contact_change_decisions(db_session, make_practitioner, people):
    admin, owner, _ = people
    listing = make_practitioner()
    _own(db_session, listing, owner)
    practitioner = db_session.get(Practitioner, listing.id)
    phone = contact_changes.request_contact_change(db_session, practitioner, owner, "phone", "(03) 9000 0000")
    db_session.commit()
    practice = db_session.get(Practice, listing.practice_id)
    assert practice.phone == "(02) 5550 1234"  # held until decided

    contact_changes.decide_contact_change(db_session, phone, admin, approve=True)
    db_session.commit()
    assert db_session.get(Practice, listing.practice_id).phone == "(03) 9000 0000"
    with pytest.raises(errors.ClaimNotPending):
        contact_changes.decide_contact_change(db_session, phone, admin, approve=False, reason="late")

    second = contact_changes.request_contact_change(db_session, practitioner, owner, "phone", "1800 000 000")
    db_session.commit()
    with pytest.raises(NotAllowed):
        contact_changes.decide_contact_change(db_session, second, owner, approve=True)
    contact_changes.decide_contact_change(db_session, second, admin, approve=False, reason="Not the practice's number.")
    db_session.commit()
    assert db_session.get(ContactChange, second.id).status == "rejected"
    assert db_session.get(Practice, listing.practice_id).phone == "(03) 9000 0000"
    actions = [(e.action, e.actor_id) for e in _events(db_session, practitioner_id=listing.id)]
    assert actions == [
        ("contact_change.requested", owner.id),
        ("contact_change.confirmed", admin.id),
        ("contact_change.requested", owner.id),
        ("contact_change.rejected", admin.id),
    ]
    confirmed = _events(db_session, action="contact_change.confirmed")[0]
    assert confirmed.details["phone"] == ["(02) 5550 1234", "(03) 9000 0000"]


def test_revoking_ownership_drops_the_former_owners_pending_contact_changes(db_session, make_practitioner, people):
    admin, owner, _ = people
    listing = make_practitioner()
    _own(db_session, listing, owner)
    practitioner = db_session.get(Practitioner, listing.id)
    change = contact_changes.request_contact_change(db_session, practitioner, owner, "email", "new@example.com")
    db_session.commit()
    decisions.revoke_ownership(db_session, practitioner, admin, "Left the practice.")
    db_session.commit()
    assert db_session.get(ContactChange, change.id).status == "superseded"
