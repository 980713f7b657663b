"""Reporting incorrect information, and administrators' decisions. Functions flush; the view
commits once, then sends the e-mails."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.accounts.services import InvalidEmail, normalise_email
from directory.audit.services import record
from directory.clock import utcnow
from directory.corrections.models import APPLIED, CORRECTION_FIELDS, ListingCorrection
from directory.errors import Conflict, InvalidInput, NotAllowed
from directory.geo.normalise import STATES
from directory.practitioners import editing
from directory.practitioners.models import Practitioner
from directory.reviews.keys import client_key
from directory.text import hidden_character

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 1000
SUGGESTED_MAX = 300
NOTE_MAX = 1000
# Open reports one source may have about one listing at once (a flood is not information).
OPEN_PER_SOURCE_AND_LISTING = 3
_PHONE = re.compile(r"^[0-9+() .-]{6,40}$")
_POSTCODE = re.compile(r"^[0-9]{4}$")


class CorrectionError(InvalidInput):
    """A report or a decision that cannot be taken as it is."""


class CorrectionDecided(Conflict):
    """Another administrator decided this report already."""


def report(
    session: Session,
    practitioner: Practitioner,
    *,
    field: str,
    description: str,
    suggested_value: str = "",
    reporter_email: str | None = None,
    user: User | None = None,
    client_address: str | None = None,
) -> ListingCorrection:
    """Store someone's report that a detail of ``practitioner`` is wrong. Raises CorrectionError
    (naming the field) or Conflict (too many open reports from this source about this listing)."""
    if field not in CORRECTION_FIELDS:
        raise CorrectionError("Choose which detail is wrong.", field="field")
    description = (description or "").strip()
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        raise CorrectionError(
            f"Tell us what is wrong in {DESCRIPTION_MIN} to {DESCRIPTION_MAX:,} characters.", field="description"
        )
    suggested_value = " ".join((suggested_value or "").split())
    if len(suggested_value) > SUGGESTED_MAX:
        raise CorrectionError(f"Keep the correct detail to {SUGGESTED_MAX} characters.", field="suggested_value")
    if hidden_character(description, allow_newlines=True):
        raise CorrectionError("Use letters, numbers and ordinary punctuation.", field="description")
    if hidden_character(suggested_value):
        raise CorrectionError("Use letters, numbers and ordinary punctuation.", field="suggested_value")
    signed_in = user is not None and user.is_authenticated
    if reporter_email:
        try:
            reporter_email = normalise_email(reporter_email)
        except InvalidEmail as error:
            raise CorrectionError(error.message, field="email") from None
    elif signed_in:
        reporter_email = user.email
    key = client_key(client_address)
    same = [ListingCorrection.reporter_id == user.id] if signed_in else []
    if reporter_email:
        same.append(ListingCorrection.reporter_email == reporter_email)
    if key:
        same.append(ListingCorrection.client_key == key)
    if same:
        waiting = session.scalar(
            sa.select(sa.func.count(ListingCorrection.id)).where(
                ListingCorrection.practitioner_id == practitioner.id,
                ListingCorrection.status == "open",
                sa.or_(*same),
            )
        )
        if (waiting or 0) >= OPEN_PER_SOURCE_AND_LISTING:
            raise Conflict("You have already reported this listing; we will look at your reports first.")
    correction = ListingCorrection(
        practitioner_id=practitioner.id,
        field=field,
        description=description,
        suggested_value=suggested_value,
        reporter_email=reporter_email or None,
        reporter_id=user.id if signed_in else None,
        client_key=key,
    )
    session.add(correction)
    session.flush()
    record(
        session,
        "correction.reported",
        actor_id=user.id if signed_in else None,
        practitioner_id=practitioner.id,
        correction_id=correction.id,
        field=field,
    )
    return correction


def checked_values(field: str, values: dict) -> dict:
    """The corrected detail an administrator typed, checked as the edit form checks it. Raises
    CorrectionError naming the input."""
    out = {}
    for key, raw in values.items():
        value = " ".join(str(raw or "").split())
        if hidden_character(value):
            raise CorrectionError("Use letters, numbers and ordinary punctuation.", field=key)
        out[key] = value
    if field == "phone" and not _PHONE.match(out.get("phone", "")):
        raise CorrectionError("Use digits, spaces and + ( ) - only.", field="phone")
    if field == "website" and out.get("website"):
        website = out["website"] if "://" in out["website"] else "https://" + out["website"]
        parts = urlsplit(website)
        if parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or len(website) > 300:
            raise CorrectionError("Give the web address, like https://example.com.au.", field="website")
        out["website"] = website
    if field == "address":
        out["state"] = out.get("state", "").upper()
        if out["state"] not in STATES:
            raise CorrectionError(f"Use one of {', '.join(STATES)}.", field="state")
        if not _POSTCODE.match(out.get("postcode", "")):
            raise CorrectionError("A postcode is four digits.", field="postcode")
        for key, limit in (("address", 200), ("suburb", 120)):
            if not out.get(key) or len(out[key]) > limit:
                raise CorrectionError(f"Give the {key} (at most {limit} characters).", field=key)
    return out


def _require_admin(admin: User) -> None:
    if not getattr(admin, "is_admin", False):
        raise NotAllowed("Only an administrator can decide a report.")


def _close(session: Session, correction: ListingCorrection, admin: User, status: str, note: str, applied: dict) -> None:
    table = ListingCorrection.__table__
    moved = session.execute(
        sa.update(table)
        .where(table.c.id == correction.id, table.c.status == "open")
        .values(status=status, decided_at=utcnow(), decided_by_id=admin.id, decision_note=note, applied=applied)
    ).rowcount
    session.expire(correction)
    if moved != 1:
        raise CorrectionDecided("This report has already been decided.")


def accept(
    session: Session, correction: ListingCorrection, admin: User, values: dict, resolver, note: str = ""
) -> dict:
    """Accept a report. For a detail in APPLIED, ``values`` holds the corrected detail (phone,
    website, or address, suburb, state and postcode), applied through the audited edit path
    ("listing.corrected"); for the others, ``note`` says what was done. Returns the changes made.
    Raises NotAllowed, CorrectionError, CorrectionDecided, PlaceNotFound / AmbiguousPlace."""
    _require_admin(admin)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise CorrectionError(f"Keep the note to {NOTE_MAX:,} characters.", field="note")
    practitioner = correction.practitioner
    changed: dict = {}
    if correction.field in APPLIED:
        keys = editing.LOCATION_FIELDS if correction.field == "address" else (correction.field,)
        wanted = {key: (values.get(key) or "") for key in keys}
        if correction.field == "phone" and not str(wanted["phone"]).strip():
            raise CorrectionError("Give the correct detail to put on the listing.", field="phone")
        wanted = checked_values(correction.field, wanted)
        changed = editing.changes_to(practitioner, wanted)
        if not changed and not note:
            raise CorrectionError(
                "The listing already shows this. Change the detail, or say in the note what you did.", field="note"
            )
        # Checked first, so that a place that cannot be found leaves the report open.
        changed = editing.apply_edit(
            session,
            practitioner,
            changed,
            resolver,
            actor_id=admin.id,
            action="listing.corrected",
            correction_id=correction.id,
        )
    elif not note:
        raise CorrectionError("Say what was done about it: the reporter is told.", field="note")
    _close(session, correction, admin, "accepted", note, changed)
    record(
        session,
        "correction.accepted",
        actor_id=admin.id,
        practitioner_id=practitioner.id,
        correction_id=correction.id,
        field=correction.field,
        changed=sorted(changed),
        note=note,
    )
    session.flush()
    return changed


def decline(session: Session, correction: ListingCorrection, admin: User, note: str) -> None:
    """Decline a report: the listing stays as it is. ``note`` (required) is told to the reporter."""
    _require_admin(admin)
    note = (note or "").strip()
    if not note:
        raise CorrectionError("Give the reason: the reporter is told it.", field="note")
    if len(note) > NOTE_MAX:
        raise CorrectionError(f"Keep the note to {NOTE_MAX:,} characters.", field="note")
    _close(session, correction, admin, "declined", note, {})
    record(
        session,
        "correction.declined",
        actor_id=admin.id,
        practitioner_id=correction.practitioner_id,
        correction_id=correction.id,
        field=correction.field,
        note=note,
    )
    session.flush()


def open_for(session: Session, practitioner_id: int) -> list[ListingCorrection]:
    """The open reports about one listing, oldest first (the owner's dashboard)."""
    return list(
        session.scalars(
            sa.select(ListingCorrection)
            .where(ListingCorrection.practitioner_id == practitioner_id, ListingCorrection.status == "open")
            .order_by(ListingCorrection.created_at, ListingCorrection.id)
        )
    )
