"""Changes to a practice held until confirmed: the contacts that verify claims, and the fields
that colleagues at a shared practice show on their listings too.

A new e-mail applies once a link sent to it is followed, unless colleagues share the practice;
a new phone, and any change to a shared practice (e-mail, website, location), waits for an
administrator. Plain functions with explicit arguments; they flush, the view commits.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record
from directory.claims.decisions import require_admin
from directory.claims.errors import ClaimNotPending
from directory.claims.models import CONTACT_FIELDS, ContactChange
from directory.clock import utcnow
from directory.errors import NotAllowed
from directory.practitioners.models import Practice, Practitioner
from directory.tokens import InvalidToken, make_token, read_token

CONTACT_LINK_PURPOSE = "practice-email"
CONTACT_LINK_MAX_AGE = 2 * 24 * 3600
LOCATION_PARTS = ("address", "suburb", "state", "postcode", "lat", "lng")


def shared_practice(session: Session, practice_id: int) -> bool:
    """True when more than one listing shows this practice (its fields change on all of them)."""
    count = session.scalar(
        sa.select(sa.func.count()).select_from(Practitioner).where(Practitioner.practice_id == practice_id)
    )
    return (count or 0) > 1


def needs_administrator(session: Session, change: ContactChange) -> bool:
    """True when only an administrator may apply this change: every field but an e-mail, and an
    e-mail of a practice that colleagues share (one owner must not change their listings alone)."""
    return change.field != "email" or shared_practice(session, change.practice_id)


def request_contact_change(
    session: Session,
    practitioner: Practitioner,
    user: User,
    field: str,
    new_value: str,
    details: dict | None = None,
) -> ContactChange:
    """Hold a change of a practice field (``CONTACT_FIELDS``) until confirmed. Earlier pending
    ones of the same field are superseded."""
    if field not in CONTACT_FIELDS:
        raise ValueError(field)
    if practitioner.owner_id != user.id:
        raise NotAllowed("Only the owner of this listing can change its contacts.")
    table = ContactChange.__table__
    session.execute(
        sa.update(table)
        .where(table.c.practice_id == practitioner.practice_id, table.c.field == field, table.c.status == "pending")
        .values(status="superseded", decided_at=utcnow(), updated_at=sa.func.now())
    )
    change = ContactChange(
        practice_id=practitioner.practice_id,
        practitioner_id=practitioner.id,
        requested_by_id=user.id,
        field=field,
        new_value=new_value,
        details=details,
        status="pending",
    )
    session.add(change)
    session.flush()
    record(
        session,
        "contact_change.requested",
        actor_id=user.id,
        practitioner_id=practitioner.id,
        field=field,
        new=new_value,
        change_id=change.id,
        confirmed_by="an administrator" if needs_administrator(session, change) else "a link sent to the new address",
    )
    return change


def _decide(session: Session, change: ContactChange, status: str) -> None:
    """Move a pending change to ``status`` with one conditional UPDATE. Raises ClaimNotPending when it
    was decided or replaced meanwhile."""
    table = ContactChange.__table__
    changed = session.execute(
        sa.update(table)
        .where(table.c.id == change.id, table.c.status == "pending")
        .values(status=status, decided_at=utcnow(), updated_at=sa.func.now())
    ).rowcount
    session.expire(change)
    if changed != 1:
        raise ClaimNotPending("This change has already been decided or replaced.")


def _apply_contact_change(session: Session, change: ContactChange, actor_id: int, **details) -> None:
    _decide(session, change, "confirmed")
    practice = session.get(Practice, change.practice_id)
    if change.field == "location":
        parts = change.details or {}
        before = {key: getattr(practice, key) for key in LOCATION_PARTS}
        for key in LOCATION_PARTS:
            setattr(practice, key, parts[key])
        changes = {"location": [before, {key: parts[key] for key in LOCATION_PARTS}]}
    else:
        old = getattr(practice, change.field)
        setattr(practice, change.field, change.new_value or None)
        if change.field == "email":
            practice.email_source = "account"  # typed in by an account: never verifies a claim
        changes = {change.field: [old, change.new_value or None]}
    record(
        session,
        "contact_change.confirmed",
        actor_id=actor_id,
        practitioner_id=change.practitioner_id,
        change_id=change.id,
        **changes,
        **details,
    )
    session.flush()


def confirm_contact_change(session: Session, change: ContactChange, new_value: str) -> None:
    """Apply a new practice e-mail whose link was followed. ``new_value`` comes from the link.

    Raises ClaimNotPending (used, replaced or decided), NotAllowed (the requester no longer owns the
    listing, or colleagues share the practice, so an administrator decides).
    """
    if change.status != "pending" or change.new_value != new_value or change.field != "email":
        raise ClaimNotPending("This link has already been used or replaced by a newer change.")
    owner_id = session.scalar(sa.select(Practitioner.owner_id).where(Practitioner.id == change.practitioner_id))
    if owner_id != change.requested_by_id:
        raise NotAllowed("This change was asked for by an account that no longer manages the listing.")
    if needs_administrator(session, change):
        raise NotAllowed(
            "Other practitioners share this practice, so an administrator checks a new practice e-mail before it "
            "is shown. You do not need to do anything more."
        )
    _apply_contact_change(session, change, change.requested_by_id, confirmed_by="link to the new address")


def decide_contact_change(
    session: Session, change: ContactChange, admin: User, approve: bool, reason: str = ""
) -> None:
    """An administrator applies or refuses a held contact change. Raises NotAllowed, ClaimNotPending."""
    require_admin(admin)
    reason = (reason or "").strip()
    if approve:
        _apply_contact_change(session, change, admin.id, confirmed_by="administrator", reason=reason)
        return
    _decide(session, change, "rejected")
    record(
        session,
        "contact_change.rejected",
        actor_id=admin.id,
        practitioner_id=change.practitioner_id,
        change_id=change.id,
        field=change.field,
        new=change.new_value,
        reason=reason,
    )
    session.flush()


# --- the link that confirms a new practice e-mail


def make_contact_token(change: ContactChange) -> str:
    return make_token(CONTACT_LINK_PURPOSE, {"change": change.id, "value": change.new_value})


def read_contact_token(session: Session, token: str) -> tuple[ContactChange, str]:
    """The change a link names, and the address in it. Raises InvalidToken (also when unknown)."""
    payload = read_token(CONTACT_LINK_PURPOSE, token, CONTACT_LINK_MAX_AGE)
    change_id, value = payload.get("change"), payload.get("value")
    change = session.get(ContactChange, change_id) if isinstance(change_id, int) else None
    if change is None or not isinstance(value, str):
        raise InvalidToken("This link is not valid.")
    return change, value
