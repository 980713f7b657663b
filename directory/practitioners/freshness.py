"""How fresh a listing's details are: when they were last confirmed, and by whom (its owner, an
administrator, or an import), so patients can judge them; owners confirm with one click and are
reminded after STALE_AFTER (``flask listings remind-stale``, daily); search breaks ties in favour of
recently confirmed listings (``search/services.py``)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from directory.accounts.models import User
from directory.audit.services import record
from directory.clock import as_utc, utcnow
from directory.errors import NotAllowed
from directory.practitioners.models import CONFIRMED_BY, Practitioner

STALE_AFTER = timedelta(days=183)  # about six months
REMIND_AGAIN_AFTER = timedelta(days=30)  # while still not confirmed
REMINDERS_PER_RUN = 5000


def is_stale(practitioner: Practitioner, now: datetime | None = None) -> bool:
    return as_utc(practitioner.confirmed_at) <= (now or utcnow()) - STALE_AFTER


def confirmation(source: str) -> dict:
    """The columns of a listing confirmed now by ``source`` (one of CONFIRMED_BY), for ``confirm``
    and for an import that writes new listings as rows."""
    if source not in CONFIRMED_BY:
        raise ValueError(f"unknown source: {source!r}")
    return {"confirmed_at": utcnow(), "confirmed_by": source, "stale_reminder_at": None}


def confirm(session: Session, practitioner: Practitioner, user: User | None, source: str, note: str = "") -> None:
    """Record that ``user`` (an owner or an administrator; None for an import) confirmed the listing's
    details now (``note``: how, for the audit log). Raises NotAllowed when the user may not confirm
    for ``source``."""
    if source not in CONFIRMED_BY:
        raise ValueError(f"unknown source: {source!r}")
    if source == "owner" and (user is None or practitioner.owner_id != user.id):
        raise NotAllowed("Only the owner of this listing can confirm it as its owner.")
    if source == "admin" and not getattr(user, "is_admin", False):
        raise NotAllowed("Only an administrator can confirm a listing for us.")
    for column, value in confirmation(source).items():
        setattr(practitioner, column, value)
    if source != "import":  # an import records its own event, and flushes once a batch
        details = {"by": source, **({"note": note} if note else {})}
        record(session, "listing.confirmed", actor_id=user.id, practitioner_id=practitioner.id, **details)
        session.flush()


def owners_to_remind(session: Session, now: datetime | None = None) -> list[Practitioner]:
    """Claimed listings not confirmed for STALE_AFTER whose owner was not reminded in the last
    REMIND_AGAIN_AFTER (at most REMINDERS_PER_RUN, the longest-unconfirmed first), owners loaded."""
    now = now or utcnow()
    return list(
        session.scalars(
            sa.select(Practitioner)
            .where(
                Practitioner.owner_id.is_not(None),
                Practitioner.confirmed_at <= now - STALE_AFTER,
                sa.or_(
                    Practitioner.stale_reminder_at.is_(None),
                    Practitioner.stale_reminder_at <= now - REMIND_AGAIN_AFTER,
                ),
            )
            .options(joinedload(Practitioner.owner))
            .order_by(Practitioner.confirmed_at, Practitioner.id)
            .limit(REMINDERS_PER_RUN)
        ).unique()
    )


def mark_reminded(session: Session, practitioner_ids: list[int], now: datetime | None = None) -> None:
    if practitioner_ids:
        table = Practitioner.__table__
        session.execute(
            sa.update(table).where(table.c.id.in_(practitioner_ids)).values(stale_reminder_at=now or utcnow())
        )
