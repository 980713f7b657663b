"""Disputes about reviews and requests to remove them on legal grounds (defamation concerns,
privacy, orders): received through /review-disputes or recorded by an administrator, each
acknowledged and decided within the times the page states, and counted in /transparency.

A request never hides a review by itself, and a review is never removed for being negative: the
only removal is a moderator's, for a published reason (``moderation.moderate``), made together
with the decision in one transaction. Functions flush; the view commits, then mails.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.accounts.services import InvalidEmail, normalise_email
from directory.audit.services import record
from directory.clock import as_utc, utcnow
from directory.errors import InvalidInput, NotAllowed
from directory.reviews import keys, moderation
from directory.reviews.errors import ReviewError
from directory.reviews.models import (
    MODERATION_REASONS,
    TAKEDOWN_CHANNELS,
    TAKEDOWN_GROUNDS,
    TAKEDOWN_OUTCOMES,
    TAKEDOWN_ROLES,
    Review,
    TakedownRequest,
)

# What the page promises (our own service times, not the law's).
ACKNOWLEDGE_WITHIN = "2 business days"
DECIDE_WITHIN = "10 business days"
URGENT_DECIDE_WITHIN = "2 business days"  # personal or health information, and legal orders
URGENT_GROUNDS = ("privacy", "legal_order")
DETAILS_MIN, DETAILS_MAX = 20, 5000
_REVIEW_NUMBER = re.compile(r"(?:review-|reviews/|#)?(\d{1,12})\b")
# One source may have this many open requests at once.
OPEN_PER_SOURCE = 5


class DisputeError(InvalidInput):
    """A request that cannot be taken as it is."""


def review_id_from(text: str) -> int | None:
    """The review a requester points at: its number, "#123", or a listing address ending in
    "#review-123" (as the listing's "Report" link and the review's anchor give it)."""
    match = _REVIEW_NUMBER.search((text or "").strip())
    return int(match.group(1)) if match else None


def _clean(text: str, field: str, low: int, high: int, newlines: bool = False) -> str:
    """``text`` stripped, its length checked, control and invisible formatting characters refused."""
    text = (text or "").strip()
    if not low <= len(text) <= high:
        raise DisputeError(f"Write between {low} and {high:,} characters.", field=field)
    allowed = {"\n", "\r", "\t"} if newlines else set()
    if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed for ch in text):
        raise DisputeError("Use letters, numbers and ordinary punctuation.", field=field)
    return text


def receive(
    session: Session,
    *,
    review_ref: str,
    requester_role: str,
    grounds: str,
    details: str,
    requester_name: str,
    requester_email: str,
    received_via: str = "form",
    recorded_by: User | None = None,
    client_address: str | None = None,
) -> TakedownRequest:
    """Store a request (from the form, or recorded by an administrator from an e-mail, letter or
    call). Raises DisputeError naming the field, or NotAllowed (recording for someone else)."""
    if received_via != "form" and not getattr(recorded_by, "is_admin", False):
        raise NotAllowed("Only an administrator can record a request received another way.")
    if received_via not in TAKEDOWN_CHANNELS:
        raise DisputeError("Say how the request was received.", field="received_via")
    if requester_role not in TAKEDOWN_ROLES:
        raise DisputeError("Say who you are.", field="requester_role")
    if grounds not in TAKEDOWN_GROUNDS:
        raise DisputeError("Choose the grounds of your request.", field="grounds")
    details = _clean(details, "details", DETAILS_MIN, DETAILS_MAX, newlines=True)
    requester_name = _clean(requester_name, "requester_name", 1, 120)
    try:
        requester_email = normalise_email(requester_email)
    except InvalidEmail as error:
        raise DisputeError(error.message, field="requester_email") from None
    review_id = review_id_from(review_ref)
    review = session.get(Review, review_id) if review_id else None
    if review is None:
        raise DisputeError(
            "We cannot find this review. Give its number, or the address of the listing ending in #review-… "
            "(the “Report” link under the review shows it).",
            field="review",
        )
    key = keys.client_key(client_address)
    if received_via == "form":
        same = [TakedownRequest.requester_email == requester_email]
        if key:
            same.append(TakedownRequest.client_key == key)
        waiting = session.scalar(
            sa.select(sa.func.count(TakedownRequest.id)).where(TakedownRequest.outcome.is_(None), sa.or_(*same))
        )
        if (waiting or 0) >= OPEN_PER_SOURCE:
            raise DisputeError("You have several requests waiting; we will answer those first.", field="review")
    request = TakedownRequest(
        review_id=review.id,
        requester_role=requester_role,
        grounds=grounds,
        details=details,
        requester_name=requester_name,
        requester_email=requester_email,
        received_via=received_via,
        recorded_by_id=recorded_by.id if recorded_by is not None else None,
        client_key=key if received_via == "form" else None,
    )
    session.add(request)
    session.flush()
    record(
        session,
        "takedown.received",
        actor_id=recorded_by.id if recorded_by is not None else None,
        practitioner_id=review.practitioner_id,
        review_id=review.id,
        request_id=request.id,
        grounds=grounds,
        role=requester_role,
        via=received_via,
    )
    return request


def decide(
    session: Session,
    request: TakedownRequest,
    admin: User,
    outcome: str,
    *,
    reason: str | None = None,
    note: str = "",
) -> list:
    """Record the outcome of an open request. "removed" removes the review for a published reason
    (``reason``), as a moderator's removal, in the same transaction; the other outcomes change no
    review. Returns the reports the removal closed (their authors are told). Raises NotAllowed,
    DisputeError, ReviewError (the review is not published any more)."""
    if not getattr(admin, "is_admin", False):
        raise NotAllowed("Only an administrator can decide a request.")
    if outcome not in TAKEDOWN_OUTCOMES:
        raise DisputeError("Choose an outcome.", field="outcome")
    note = (note or "").strip()
    if not note:
        raise DisputeError("Say why: the requester is told it.", field="note")
    if request.outcome is not None:
        raise DisputeError("This request has already been decided.", field="outcome")
    closed: list = []
    review = request.review
    if outcome == "removed":
        if reason not in MODERATION_REASONS:
            raise DisputeError("Choose the published reason for removing the review.", field="reason")
        if review is None:
            raise DisputeError("There is no review to remove.", field="outcome")
        closed = moderation.moderate(session, review, admin, "remove", reason=reason, note=note)
    elif outcome == "withdrawn" and review is not None and review.status not in ("withdrawn", "replaced"):
        raise ReviewError("The writer has not withdrawn this review.")
    table = TakedownRequest.__table__
    now = utcnow()
    moved = session.execute(
        sa.update(table)
        .where(table.c.id == request.id, table.c.outcome.is_(None))
        .values(outcome=outcome, outcome_note=note, decided_at=now, decided_by_id=admin.id)
    ).rowcount
    session.expire(request)
    if moved != 1:
        raise DisputeError("This request has already been decided.", field="outcome")
    record(
        session,
        "takedown.decided",
        actor_id=admin.id,
        practitioner_id=review.practitioner_id if review is not None else None,
        review_id=review.id if review is not None else None,
        request_id=request.id,
        grounds=request.grounds,
        outcome=outcome,
        reason=reason or "",
        waited_seconds=int((now - as_utc(request.created_at)).total_seconds()),
    )
    session.flush()
    return closed


def overdue(request: TakedownRequest, now=None) -> bool:
    """Past the time the page promises (counted in calendar days, generously: 3 and 14)."""
    limit = timedelta(days=3 if request.grounds in URGENT_GROUNDS else 14)
    return request.outcome is None and (now or utcnow()) - as_utc(request.created_at) > limit
