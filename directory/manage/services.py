"""Owners editing their listing, the dashboard's data, and confirming a new practice e-mail.

Plain functions with explicit arguments; they flush, the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from directory.accounts.models import User
from directory.claims.codes import code_expired
from directory.claims.contact_changes import request_contact_change, shared_practice
from directory.claims.models import Claim, ContactChange
from directory.claims.services import mask_email
from directory.corrections.models import ListingCorrection
from directory.corrections.services import open_for as open_corrections
from directory.errors import NotAllowed
from directory.practitioners import editing
from directory.practitioners.freshness import confirm
from directory.practitioners.models import Practitioner

EDITABLE = editing.EDITABLE
InvalidChoice = editing.InvalidChoice
allowed_specialties = editing.allowed_specialties
allowed_payers = editing.allowed_payers
current_values = editing.current_values


@dataclass
class EditOutcome:
    changed: dict = field(default_factory=dict)  # {field: [old, new]}, as in the audit log
    contact_changes: list[ContactChange] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not self.changed and not self.contact_changes


def colleagues_count(session: Session, practitioner: Practitioner) -> int:
    """How many other practitioners share this practice (its fields change for them too)."""
    return (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(Practitioner)
            .where(Practitioner.practice_id == practitioner.practice_id, Practitioner.id != practitioner.id)
        )
        or 0
    )


def pending_contact_changes(session: Session, practitioner: Practitioner) -> list[ContactChange]:
    return list(
        session.scalars(
            sa.select(ContactChange)
            .where(ContactChange.practice_id == practitioner.practice_id, ContactChange.status == "pending")
            .order_by(ContactChange.id)
        )
    )


def update_listing(session: Session, practitioner: Practitioner, editor: User, values: dict, resolver) -> EditOutcome:
    """Apply an owner's edit through the audited edit path (``practitioners/editing.py``).
    ``values`` uses the keys of ``current_values``; others are ignored.

    A new practice e-mail or phone is held as a ContactChange (claims are verified through them),
    not applied. Records one "listing.edited" event listing {field: [old, new]} for what changed,
    and counts as the owner confirming the listing (decision 0009). Raises NotAllowed,
    PlaceNotFound / AmbiguousPlace (field "suburb"), InvalidChoice for a specialty or payer outside
    the profession. Changes nothing when it raises.
    """
    if editor.id is None or practitioner.owner_id != editor.id:
        raise NotAllowed("Only the owner of this listing can edit it.")
    changed = editing.changes_to(practitioner, values)
    contact = {key: changed.pop(key) for key in editing.CONTACT_FIELDS if key in changed}
    if "email" in contact and not contact["email"][1]:
        raise InvalidChoice("To remove the practice e-mail, contact us.", field="email")
    held: dict[str, tuple[str, dict | None]] = {}  # field → (value shown, details)
    if shared_practice(session, practitioner.practice_id):
        # Colleagues show this practice too: its website and location wait for an administrator.
        if "website" in changed:
            held["website"] = (changed.pop("website")[1], None)
        if any(key in changed for key in editing.LOCATION_FIELDS):
            before = editing.current_values(practitioner)
            parts = {key: changed[key][1] if key in changed else before[key] for key in editing.LOCATION_FIELDS}
            place = f"{parts['suburb']} {parts['state']} {parts['postcode']}"
            location = resolver.resolve(session, place, field="suburb")  # raises before any change
            parts |= {"lat": location.lat, "lng": location.lng}
            held["location"] = (f"{parts['address']}, {place}", parts)
            for key in editing.LOCATION_FIELDS:
                changed.pop(key, None)
    changed = editing.apply_edit(session, practitioner, changed, resolver, actor_id=editor.id, action="listing.edited")
    outcome = EditOutcome(changed=changed)
    for key, (_old, new) in contact.items():
        outcome.contact_changes.append(request_contact_change(session, practitioner, editor, key, new))
    for key, (shown, details) in held.items():
        outcome.contact_changes.append(request_contact_change(session, practitioner, editor, key, shown, details))
    if changed:
        # The owner saw every detail on the form and saved it: that confirms the listing.
        confirm(session, practitioner, editor, "owner")
    session.flush()
    return outcome


def confirm_listing(session: Session, practitioner: Practitioner, owner: User) -> None:
    """The owner says the listing's details are still correct (one click on the dashboard).
    Raises NotAllowed for anyone but the owner."""
    confirm(session, practitioner, owner, "owner")


# --- the dashboard ---------------------------------------------------------------------


@dataclass
class Dashboard:
    owned: Practitioner | None
    claims: list[Claim]
    contact_changes: list[ContactChange]
    waiting: list[tuple[str, Claim]]  # what the user should do next, with the claim
    corrections: list[ListingCorrection] = field(default_factory=list)  # open reports about the owned listing


def dashboard(session: Session, user: User) -> Dashboard:
    """What the account owns, its claims, pending contact changes, and the open reports of incorrect
    information about its listing. Four queries at most."""
    owned = session.scalar(sa.select(Practitioner).where(Practitioner.owner_id == user.id))
    user_claims = list(
        session.scalars(
            sa.select(Claim)
            .where(Claim.user_id == user.id)
            .options(joinedload(Claim.practitioner))
            .order_by(Claim.id.desc())
            .limit(50)
        ).unique()
    )
    changes = list(
        session.scalars(
            sa.select(ContactChange)
            .where(ContactChange.requested_by_id == user.id, ContactChange.status == "pending")
            .options(joinedload(ContactChange.practitioner))
            .order_by(ContactChange.id.desc())
        ).unique()
    )
    waiting = []
    for claim in user_claims:
        if claim.status == "awaiting_code" and not code_expired(claim):
            waiting.append((f"Enter the code sent to {mask_email(claim.code_sent_to)}", claim))
    corrections = open_corrections(session, owned.id) if owned is not None else []
    return Dashboard(owned=owned, claims=user_claims, contact_changes=changes, waiting=waiting, corrections=corrections)
