"""Owners editing their listing, the dashboard's data, and confirming a new practice e-mail.

Plain functions with explicit arguments; they flush, the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from directory.accounts.models import User
from directory.accounts.services import lookup_key
from directory.audit.services import record
from directory.claims.codes import code_expired
from directory.claims.contact_changes import request_contact_change, shared_practice
from directory.claims.models import Claim, ContactChange
from directory.claims.services import mask_email
from directory.errors import InvalidInput, NotAllowed
from directory.practitioners.models import Payer, Practitioner, Specialty, specialty_professions
from directory.practitioners.taxonomy import PAYERS_FOR

# What an owner may change, and nothing else: every other column (owner_id, slug, rating_*,
# is_demo, registration_number, profession…) is out of reach whatever is posted.
PRACTITIONER_FIELDS = ("bio", "languages", "hours", "telehealth", "home_visits", "after_hours")
PRACTICE_FIELDS = ("website", "address", "suburb", "state", "postcode")
LOCATION_FIELDS = ("address", "suburb", "state", "postcode")
CONTACT_FIELDS = ("email", "phone")
EDITABLE = PRACTITIONER_FIELDS + PRACTICE_FIELDS + CONTACT_FIELDS + ("specialties", "payers")


class InvalidChoice(InvalidInput):
    """A specialty or way to pay outside the listing's profession, or a contact that cannot be removed."""


@dataclass
class EditOutcome:
    changed: dict = field(default_factory=dict)  # {field: [old, new]}, as in the audit log
    contact_changes: list[ContactChange] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not self.changed and not self.contact_changes


def allowed_specialties(session: Session, practitioner: Practitioner) -> list[Specialty]:
    """The specialties of this practitioner's profession, by name."""
    return list(
        session.scalars(
            sa.select(Specialty)
            .join(specialty_professions, specialty_professions.c.specialty_id == Specialty.id)
            .where(specialty_professions.c.profession_id == practitioner.profession_id)
            .order_by(Specialty.name)
        )
    )


def allowed_payers(session: Session, practitioner: Practitioner) -> list[Payer]:
    slugs = PAYERS_FOR.get(practitioner.profession.slug, ())
    return list(session.scalars(sa.select(Payer).where(Payer.slug.in_(slugs)).order_by(Payer.name)))


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


def current_values(practitioner: Practitioner) -> dict:
    """The editable values as they are now, in the shape ``update_listing`` takes."""
    practice = practitioner.practice
    return {
        "bio": practitioner.bio or "",
        "languages": list(practitioner.languages or []),
        "hours": _open_days(practitioner.hours),
        "telehealth": practitioner.telehealth,
        "home_visits": practitioner.home_visits,
        "after_hours": practitioner.after_hours,
        "website": practice.website or "",
        "address": practice.address,
        "suburb": practice.suburb,
        "state": practice.state,
        "postcode": practice.postcode,
        "email": practice.email or "",
        "phone": practice.phone or "",
        "specialties": sorted(s.slug for s in practitioner.specialties),
        "payers": sorted(p.slug for p in practitioner.payers),
    }


def _open_days(hours: dict | None) -> dict:
    return {day: value for day, value in (hours or {}).items() if value}


def update_listing(session: Session, practitioner: Practitioner, editor: User, values: dict, resolver) -> EditOutcome:
    """Apply an owner's edit. ``values`` uses the keys of ``current_values``; others are ignored.

    A new address is placed through ``resolver`` ("Suburb STATE postcode"); a new practice
    e-mail or phone is held as a ContactChange. Records one "listing.edited" event listing
    {field: [old, new]} for what changed. Raises NotAllowed, PlaceNotFound /
    AmbiguousPlace (field "suburb"), InvalidChoice for a specialty or payer outside the
    profession. Changes nothing when it raises.
    """
    if editor.id is None or practitioner.owner_id != editor.id:
        raise NotAllowed("Only the owner of this listing can edit it.")
    before = current_values(practitioner)
    wanted = {key: values[key] for key in EDITABLE if key in values}
    wanted = _normalise(wanted)
    changed = {key: [before[key], new] for key, new in wanted.items() if _differs(key, before[key], new)}

    specialties = payers = None
    if "specialties" in changed:
        allowed = {s.slug: s for s in allowed_specialties(session, practitioner)}
        unknown = set(changed["specialties"][1]) - allowed.keys()
        if unknown:
            raise InvalidChoice("Choose specialties of your profession only.", field="specialties")
        specialties = [allowed[slug] for slug in changed["specialties"][1]]
    if "payers" in changed:
        allowed_p = {p.slug: p for p in allowed_payers(session, practitioner)}
        if set(changed["payers"][1]) - allowed_p.keys():
            raise InvalidChoice("Choose from the listed ways to pay only.", field="payers")
        payers = [allowed_p[slug] for slug in changed["payers"][1]]

    practice = practitioner.practice
    location = None
    if any(key in changed for key in LOCATION_FIELDS):
        place_text = " ".join(wanted.get(k, before[k]) for k in ("suburb", "state", "postcode"))
        location = resolver.resolve(session, place_text, field="suburb")  # raises before any change
        if (location.lat, location.lng) != (practice.lat, practice.lng):
            changed["location"] = [[practice.lat, practice.lng], [location.lat, location.lng]]

    contact = {key: changed.pop(key) for key in CONTACT_FIELDS if key in changed}
    if "email" in contact and not contact["email"][1]:
        raise InvalidChoice("To remove the practice e-mail, contact us.", field="email")
    held: dict[str, tuple[str, dict | None]] = {}  # field → (value shown, details)
    if shared_practice(session, practitioner.practice_id):
        # Colleagues show this practice too: its website and location wait for an administrator.
        if "website" in changed:
            held["website"] = (changed.pop("website")[1], None)
        if any(key in changed for key in (*LOCATION_FIELDS, "location")):
            parts = {key: wanted.get(key, before[key]) for key in LOCATION_FIELDS}
            parts |= (
                {"lat": location.lat, "lng": location.lng} if location else {"lat": practice.lat, "lng": practice.lng}
            )
            line = f"{parts['address']}, {parts['suburb']} {parts['state']} {parts['postcode']}"
            held["location"] = (line, parts)
            for key in (*LOCATION_FIELDS, "location"):
                changed.pop(key, None)
            location = None

    for key in PRACTITIONER_FIELDS:
        if key in changed:
            setattr(practitioner, key, changed[key][1])
    for key in PRACTICE_FIELDS:
        if key in changed:
            new = changed[key][1]
            setattr(practice, key, (new or None) if key == "website" else new)
    if location is not None:
        practice.lat, practice.lng = location.lat, location.lng
    if specialties is not None:
        practitioner.specialties = specialties
    if payers is not None:
        practitioner.payers = payers

    outcome = EditOutcome(changed=changed)
    for key, (_old, new) in contact.items():
        outcome.contact_changes.append(request_contact_change(session, practitioner, editor, key, new))
    for key, (shown, details) in held.items():
        outcome.contact_changes.append(request_contact_change(session, practitioner, editor, key, shown, details))
    if changed:
        record(session, "listing.edited", actor_id=editor.id, practitioner_id=practitioner.id, **changed)
    session.flush()
    return outcome


def _normalise(values: dict) -> dict:
    out = dict(values)
    for key in ("bio", "website", "address", "suburb", "postcode", "email", "phone"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "state" in out:
        out["state"] = (out["state"] or "").strip().upper()
    for key in ("specialties", "payers"):
        if key in out:
            out[key] = sorted(set(out[key] or []))
    for key in ("telehealth", "home_visits", "after_hours"):
        if key in out:
            out[key] = bool(out[key])
    if "languages" in out:
        out["languages"] = list(out["languages"] or [])
    if "hours" in out:
        out["hours"] = _open_days(out["hours"])
    return out


def _differs(key: str, old, new) -> bool:
    if key == "email" and new:
        # Both in normalise_email's form (the form normalises what is typed): compared exactly.
        return lookup_key(old) != lookup_key(new)
    return old != new


# --- the dashboard ---------------------------------------------------------------------


@dataclass
class Dashboard:
    owned: Practitioner | None
    claims: list[Claim]
    contact_changes: list[ContactChange]
    waiting: list[tuple[str, Claim]]  # what the user should do next, with the claim


def dashboard(session: Session, user: User) -> Dashboard:
    """What the account owns, its claims and pending contact changes. Three queries."""
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
    return Dashboard(owned=owned, claims=user_claims, contact_changes=changes, waiting=waiting)
