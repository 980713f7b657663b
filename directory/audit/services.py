"""Recording audit events. Called by services inside their transaction; never commits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy.orm import Session

from directory.audit.models import AuditEvent
from directory.bulk import insert_rows


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None,
    practitioner_id: int | None = None,
    claim_id: int | None = None,
    **details,
) -> AuditEvent:
    """Add one event to the log, in the caller's transaction."""
    event = AuditEvent(
        action=action, actor_id=actor_id, practitioner_id=practitioner_id, claim_id=claim_id, details=details
    )
    session.add(event)
    return event


def record_many(session: Session, action: str, events: Iterable[tuple[int, dict]], *, actor_id: int | None) -> None:
    """Add one event per ``(practitioner id, details)`` in one statement (an import of thousands of
    rows); the same events ``record`` would add."""
    rows = [
        {
            "action": action,
            "actor_id": actor_id,
            "practitioner_id": practitioner_id,
            "claim_id": None,
            "details": details,
        }
        for practitioner_id, details in events
    ]
    if rows:
        session.flush()  # the listings the events are about (COPY, unlike the ORM, does not flush)
        insert_rows(session, AuditEvent.__table__, rows)


def recorder(
    session: Session, *, actor_id: int | None, practitioner_id: int | None = None, claim_id: int | None = None
) -> Callable[..., AuditEvent]:
    """``record`` with the session, the actor and the subject filled in, for a service that
    records several events about one thing: ``log = recorder(…); log("claim.approved", reason=…)``."""
    return partial(record, session, actor_id=actor_id, practitioner_id=practitioner_id, claim_id=claim_id)
