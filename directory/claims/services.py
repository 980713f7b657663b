"""Claiming a listing: the rules every claim obeys, and claims by a registration or membership
number, which wait for an administrator. Claims by a code sent to the practice e-mail are in
``claims.codes``.

Plain functions with explicit arguments. They flush, never commit: the view owns the
transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.claims.errors import (
    AlreadyOwner,
    ClaimInProgress,
    EmailNotConfirmed,
    OwnsAnotherListing,
)
from directory.claims.models import Claim
from directory.claims.ownership import add_claim, owned_listing
from directory.errors import InvalidInput
from directory.practitioners.credentials import normalise_number
from directory.practitioners.models import Practice, Practitioner

NOTE_MAX = 2000


def mask_email(address: str | None) -> str:
    """``reception@example.com`` → ``r…@example.com``: enough to recognise, not to harvest."""
    if not address or "@" not in address:
        return ""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


def practice_email_is_trusted(practice: Practice) -> bool:
    """True when the practice e-mail on record may verify a claim by code: it came with the
    listing (import or original data), not from an account (decision 0007).

    An address that an owner typed in, whatever its spelling and however it was confirmed,
    proves nothing about the practice: a code sent there would let that owner (or a former
    owner) take a colleague's listing, or win back a revoked one.
    """
    return bool(practice.email) and practice.email_source == "record"


def check_claimant(session: Session, practitioner: Practitioner, user: User) -> None:
    """Rules every new claim obeys. Raises EmailNotConfirmed, AlreadyOwner, OwnsAnotherListing, ClaimInProgress."""
    if not user.email_confirmed:
        raise EmailNotConfirmed("Confirm your e-mail address before you claim a listing.")
    if practitioner.owner_id == user.id:
        raise AlreadyOwner("You already own this listing.")
    other = owned_listing(session, user)
    if other is not None:
        raise OwnsAnotherListing(
            f"Your account already manages the listing of {other.name}. One account manages one listing: "
            "to manage another, use a separate account, or contact us to move your ownership."
        )
    pending = session.scalar(
        sa.select(Claim.id).where(
            Claim.practitioner_id == practitioner.id, Claim.user_id == user.id, Claim.status == "pending_review"
        )
    )
    if pending is not None:
        raise ClaimInProgress("Your claim on this listing is already waiting for an administrator.")


def submit_registration_claim(
    session: Session, practitioner: Practitioner, user: User, number: str, note: str
) -> Claim:
    """A claim by registration or membership number, for an administrator to review.

    Raises EmailNotConfirmed, AlreadyOwner, OwnsAnotherListing, ClaimInProgress, InvalidNumber (field "number"),
    InvalidInput (field "note").
    """
    check_claimant(session, practitioner, user)
    number = normalise_number(practitioner.profession.slug, number)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"Keep the note under {NOTE_MAX} characters.", field="note")
    contested = practitioner.owner_id is not None
    event = {"action": "claim.submitted", "method": "registration", "number": number, "contested": contested}
    return add_claim(
        session,
        practitioner,
        user,
        event,
        method="registration",
        status="pending_review",
        evidence_number=number,
        note=note,
        contested=contested,
    )
