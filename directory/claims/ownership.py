"""One owner per listing: the primitives that store claims, move them on, and grant ownership.

Ownership is granted with a conditional ``UPDATE … WHERE owner_id IS NULL`` (or ``= :previous``)
whose row count says who won, and the unique constraint on ``practitioners.owner_id`` refuses a
second listing for one account. A claim changes status the same way, so two requests racing
for one claim cannot both act on it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record
from directory.claims.errors import OwnershipChanged
from directory.claims.models import Claim
from directory.practitioners.models import Practitioner


def take_write_lock(session: Session) -> None:
    # pysqlite sends BEGIN only before DML: a SAVEPOINT opened first would start the
    # transaction itself and commit it on release. An empty UPDATE begins the transaction
    # and takes SQLite's write lock now, so the checks that follow see the latest state.
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("UPDATE practitioners SET id = id WHERE 1 = 0"))


def owned_listing(session: Session, user: User) -> Practitioner | None:
    """The listing this account owns, if any (at most one: ``owner_id`` is unique)."""
    return session.scalar(sa.select(Practitioner).where(Practitioner.owner_id == user.id))


def set_owner(session: Session, practitioner_id: int, expected_owner_id: int | None, new_owner_id: int | None) -> None:
    """Move ownership from ``expected_owner_id`` (None: unowned) to ``new_owner_id``, or raise.

    One conditional UPDATE: it changes the row only while the owner is still the expected
    one, so of two concurrent grants exactly one changes a row. Call inside a savepoint.
    Raises OwnershipChanged (0 rows); IntegrityError propagates (the new owner has a listing).
    """
    owner = Practitioner.__table__.c.owner_id
    stmt = sa.update(Practitioner.__table__).where(Practitioner.__table__.c.id == practitioner_id)
    stmt = stmt.where(owner.is_(None) if expected_owner_id is None else owner == expected_owner_id)
    changed = session.execute(stmt.values(owner_id=new_owner_id, updated_at=sa.func.now())).rowcount
    if changed != 1:
        raise OwnershipChanged("The owner of this listing changed a moment ago. Reload and decide again.")


def add_claim(session: Session, practitioner: Practitioner, user: User, event: dict, **values) -> Claim:
    """Store a new claim of ``user`` on ``practitioner`` and record it in the audit log as
    ``event`` (its action and details)."""
    claim = Claim(practitioner_id=practitioner.id, user_id=user.id, **({"failed_attempts": 0, "note": ""} | values))
    session.add(claim)
    session.flush()
    record(session, actor_id=user.id, practitioner_id=practitioner.id, claim_id=claim.id, **event)
    return claim


def update_claim(session: Session, claim: Claim, from_status: str | tuple[str, ...], **values) -> bool:
    """Conditional UPDATE of one claim: True when it was still in ``from_status``."""
    statuses = (from_status,) if isinstance(from_status, str) else from_status
    table = Claim.__table__
    changed = session.execute(
        sa.update(table)
        .where(table.c.id == claim.id, table.c.status.in_(statuses))
        .values(updated_at=sa.func.now(), **values)
    ).rowcount
    session.expire(claim)
    return changed == 1
