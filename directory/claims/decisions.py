"""The administrators' decisions: approve or reject a claim, transfer or revoke ownership.

Plain functions with explicit arguments; they flush, the view commits. Nothing is changed when
one of them raises.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record, recorder
from directory.claims.errors import (
    AlreadyOwner,
    ClaimNotPending,
    EmailNotConfirmed,
    OwnershipChanged,
    OwnsAnotherListing,
    ReasonRequired,
)
from directory.claims.models import Claim, ContactChange
from directory.claims.ownership import set_owner, take_write_lock, update_claim
from directory.clock import utcnow
from directory.errors import NotAllowed
from directory.practitioners.models import Practitioner

REASON_MAX = 2000


def require_admin(user: User) -> None:
    if not getattr(user, "is_admin", False):
        raise NotAllowed("Only administrators can do this.")


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return reason[:REASON_MAX]


def approve_claim(session: Session, claim: Claim, admin: User, reason: str = "") -> None:
    """Grant the claimed listing to the claimant. On a contested claim the previous owner loses it.

    Raises NotAllowed, ClaimNotPending, OwnershipChanged, OwnsAnotherListing; nothing is
    changed when it raises.
    """
    require_admin(admin)
    take_write_lock(session)
    session.refresh(claim)
    if claim.status != "pending_review":
        raise ClaimNotPending("This claim has already been decided.")
    practitioner = session.get(Practitioner, claim.practitioner_id)
    session.refresh(practitioner, ["owner_id"])
    previous_owner_id = practitioner.owner_id
    if previous_owner_id == claim.user_id:
        raise AlreadyOwner("The claimant already owns this listing.")
    claim_id, practitioner_id, claimant_id = claim.id, practitioner.id, claim.user_id
    reason = (reason or "").strip()
    try:
        with session.begin_nested():
            if not update_claim(
                session,
                claim,
                "pending_review",
                status="approved",
                decided_by_id=admin.id,
                decided_at=utcnow(),
                decision_reason=reason,
            ):
                raise ClaimNotPending("This claim has already been decided.")
            set_owner(session, practitioner_id, previous_owner_id, claimant_id)
    except IntegrityError:
        session.expire(claim)
        raise OwnsAnotherListing(
            "The claimant already manages another listing. Revoke or transfer that one first."
        ) from None
    log = recorder(session, actor_id=admin.id, practitioner_id=practitioner_id, claim_id=claim_id)
    log("claim.approved", reason=reason, contested=previous_owner_id is not None)
    if previous_owner_id is not None:
        log("ownership.revoked", owner_id=previous_owner_id, reason=reason or "contested claim approved")
    log("ownership.granted", owner_id=claimant_id)
    session.flush()
    session.expire(practitioner)


def reject_claim(session: Session, claim: Claim, admin: User, reason: str) -> None:
    """Refuse a claim waiting for review (or a locked one). Raises NotAllowed, ReasonRequired, ClaimNotPending."""
    require_admin(admin)
    reason = require_reason(reason)
    if not update_claim(
        session,
        claim,
        ("pending_review", "awaiting_code", "locked"),
        status="rejected",
        code_hash=None,
        decided_by_id=admin.id,
        decided_at=utcnow(),
        decision_reason=reason,
    ):
        raise ClaimNotPending("This claim has already been decided.")
    log = recorder(session, actor_id=admin.id, practitioner_id=claim.practitioner_id, claim_id=claim.id)
    log("claim.rejected", reason=reason)
    session.flush()


def transfer_ownership(session: Session, practitioner: Practitioner, new_owner: User, admin: User, reason: str) -> None:
    """Give a listing to another account (owned or not). Raises NotAllowed, ReasonRequired,
    EmailNotConfirmed, AlreadyOwner, OwnershipChanged, OwnsAnotherListing; nothing is changed
    when it raises."""
    require_admin(admin)
    reason = require_reason(reason)
    if not new_owner.email_confirmed:
        raise EmailNotConfirmed("This account has not confirmed its e-mail address yet.", field="email")
    take_write_lock(session)
    session.refresh(practitioner, ["owner_id"])
    previous_owner_id = practitioner.owner_id
    if previous_owner_id == new_owner.id:
        raise AlreadyOwner("That account already owns this listing.")
    practitioner_id = practitioner.id
    try:
        with session.begin_nested():
            set_owner(session, practitioner_id, previous_owner_id, new_owner.id)
    except IntegrityError:
        raise OwnsAnotherListing("That account already manages another listing.") from None
    record(
        session,
        "ownership.transferred",
        actor_id=admin.id,
        practitioner_id=practitioner_id,
        previous_owner_id=previous_owner_id,
        owner_id=new_owner.id,
        reason=reason,
    )
    session.flush()
    session.expire(practitioner)


def revoke_ownership(session: Session, practitioner: Practitioner, admin: User, reason: str) -> None:
    """Take a listing away from its owner. Raises NotAllowed, ReasonRequired, OwnershipChanged (no owner)."""
    require_admin(admin)
    reason = require_reason(reason)
    take_write_lock(session)
    session.refresh(practitioner, ["owner_id"])
    previous_owner_id = practitioner.owner_id
    if previous_owner_id is None:
        raise OwnershipChanged("This listing has no owner.")
    practitioner_id = practitioner.id
    with session.begin_nested():
        set_owner(session, practitioner_id, previous_owner_id, None)
    # Contact changes the former owner asked for die with the ownership.
    table = ContactChange.__table__
    session.execute(
        sa.update(table)
        .where(
            table.c.practitioner_id == practitioner_id,
            table.c.requested_by_id == previous_owner_id,
            table.c.status == "pending",
        )
        .values(status="superseded", decided_at=utcnow(), updated_at=sa.func.now())
    )
    record(
        session,
        "ownership.revoked",
        actor_id=admin.id,
        practitioner_id=practitioner_id,
        owner_id=previous_owner_id,
        reason=reason,
    )
    session.flush()
    session.expire(practitioner)
