"""The audited edit path: the one way a listing's details change after it is created, whoever
changes them (its owner through ``manage``, an administrator accepting a public correction through
``corrections``). It normalises the values, refuses specialties and payers outside the profession,
places a new address through the resolver before changing anything, applies what differs, and
records one audit event listing ``{field: [old, new]}``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.services import lookup_key
from directory.audit.services import record
from directory.errors import InvalidInput
from directory.practitioners.models import Payer, Practitioner, Specialty, specialty_professions
from directory.practitioners.taxonomy import PAYERS_FOR

# What may be edited at all: every other column (owner_id, slug, rating_*, is_demo,
# registration_number, profession…) is out of reach whatever is posted.
PRACTITIONER_FIELDS = ("bio", "languages", "hours", "telehealth", "home_visits", "after_hours")
PRACTICE_FIELDS = ("website", "address", "suburb", "state", "postcode")
LOCATION_FIELDS = ("address", "suburb", "state", "postcode")
CONTACT_FIELDS = ("email", "phone")
EDITABLE = PRACTITIONER_FIELDS + PRACTICE_FIELDS + CONTACT_FIELDS + ("specialties", "payers")


class InvalidChoice(InvalidInput):
    """A specialty or way to pay outside the listing's profession, or a contact that cannot be removed."""


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


def current_values(practitioner: Practitioner) -> dict:
    """The editable values as they are now, in the shape ``changes_to`` and ``apply_edit`` take."""
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


def normalise(values: dict) -> dict:
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
        # The same address however it is typed: both in normalise_email's form, compared exactly.
        return lookup_key(old) != lookup_key(new)
    return old != new


def changes_to(practitioner: Practitioner, values: dict) -> dict:
    """``{field: [old, new]}`` for the editable fields of ``values`` that differ from the listing."""
    before = current_values(practitioner)
    wanted = normalise({key: values[key] for key in EDITABLE if key in values})
    return {key: [before[key], new] for key, new in wanted.items() if _differs(key, before[key], new)}


def apply_edit(
    session: Session,
    practitioner: Practitioner,
    changed: dict,
    resolver,
    *,
    actor_id: int | None,
    action: str,
    **details,
) -> dict:
    """Apply ``changed`` (as ``changes_to`` gives it) to the listing and record ``action`` in the
    audit log with every change (and ``details``). A new address is placed through ``resolver``
    ("Suburb STATE postcode") before anything changes. Returns the changes, with the new location.
    Raises PlaceNotFound / AmbiguousPlace (field "suburb"), InvalidChoice; changes nothing then."""
    changed = dict(changed)
    specialties = payers = None
    if "specialties" in changed:
        allowed = {s.slug: s for s in allowed_specialties(session, practitioner)}
        if set(changed["specialties"][1]) - allowed.keys():
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
        before = current_values(practitioner)
        place_text = " ".join(changed[k][1] if k in changed else before[k] for k in ("suburb", "state", "postcode"))
        location = resolver.resolve(session, place_text, field="suburb")  # raises before any change
        if (location.lat, location.lng) != (practice.lat, practice.lng):
            changed["location"] = [[practice.lat, practice.lng], [location.lat, location.lng]]

    for key in PRACTITIONER_FIELDS:
        if key in changed:
            setattr(practitioner, key, changed[key][1])
    for key in PRACTICE_FIELDS + CONTACT_FIELDS:
        if key in changed:
            new = changed[key][1]
            setattr(practice, key, (new or None) if key in ("website", "email", "phone") else new)
    if location is not None:
        practice.lat, practice.lng = location.lat, location.lng
    if specialties is not None:
        practitioner.specialties = specialties
    if payers is not None:
        practitioner.payers = payers
    if changed:
        record(session, action, actor_id=actor_id, practitioner_id=practitioner.id, **changed, **details)
    session.flush()
    return changed
