"""What owners may do with their listing's reviews: answer each once in public, and invite patients.

An owner can never hide, edit or delete a review: that is the moderators' alone.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record
from directory.clock import as_utc, utcnow
from directory.errors import NotAllowed
from directory.practitioners.models import Practitioner
from directory.reviews import keys, screening
from directory.reviews.errors import InvalidInvite, ReviewError
from directory.reviews.models import RESPONSE_MODERATION_REASONS, Review, ReviewInvite, ReviewResponse

INVITE_VALID_FOR = timedelta(days=60)
OPEN_INVITES_CAP = 200
RESPONSE_MAX = 2000


def _require_owner(practitioner: Practitioner, user: User) -> None:
    if not user.is_authenticated or practitioner.owner_id != user.id:
        raise NotAllowed("Only the owner of this listing can do this.")


def respond(session: Session, review: Review, user: User, body: str) -> tuple[ReviewResponse, bool]:
    """Add or edit the owner's public response to a published review. Returns (response, created).

    The text is screened (``screening.response_signals``): a response that trips is held for a
    moderator ("held", not shown) with what the owner is told in ``hold_reason``; one that does not
    is published at once. Editing screens the new text again."""
    practitioner = review.practitioner
    _require_owner(practitioner, user)
    if review.status != "published":
        raise ReviewError("You can respond only to published reviews.")
    body = (body or "").strip()
    if not body:
        raise ReviewError("Write your response.", field="response")
    if len(body) > RESPONSE_MAX:
        raise ReviewError(f"Use at most {RESPONSE_MAX} characters.", field="response")
    response = session.scalar(sa.select(ReviewResponse).where(ReviewResponse.review_id == review.id))
    created = response is None
    changed = created or response.body != body
    signals = screening.response_signals(body)
    screened = {
        "status": "held" if signals else "published",
        "screening": [s.to_dict() for s in signals],
        "hold_reason": screening.response_hold_reason(signals),
        "moderation_reason": None,
        "moderation_note": "",
        "moderated_at": None,
        "moderated_by_id": None,
    }
    if created:
        response = ReviewResponse(review_id=review.id, author_id=user.id, body=body, **screened)
        session.add(response)
        record(
            session,
            "review.response_added",
            actor_id=user.id,
            practitioner_id=practitioner.id,
            review_id=review.id,
            held=bool(signals),
        )
    elif response.body != body:
        record(
            session,
            "review.response_edited",
            actor_id=user.id,
            practitioner_id=practitioner.id,
            review_id=review.id,
            response=[response.body, body],
            held=bool(signals),
        )
        response.body = body
        response.author_id = user.id
        for key, value in screened.items():
            setattr(response, key, value)
    if signals and changed:
        record(
            session,
            "review.response_held",
            actor_id=None,
            practitioner_id=practitioner.id,
            review_id=review.id,
            signals=[s.signal for s in signals],
        )
    session.flush()
    return response, created


def moderate_response(
    session: Session, response: ReviewResponse, admin: User, action: str, reason: str | None = None, note: str = ""
) -> None:
    """A moderator publishes a held response, or declines it for one of RESPONSE_MODERATION_REASONS.
    Raises ReviewError when it is not held any more, or the reason is missing."""
    if action not in ("publish", "reject"):
        raise ReviewError("Unknown action.", field="action")
    if action == "reject" and reason not in RESPONSE_MODERATION_REASONS:
        raise ReviewError("Choose one of the reasons.", field="reason")
    table = ReviewResponse.__table__
    moved = session.execute(
        sa.update(table)
        .where(table.c.id == response.id, table.c.status == "held")
        .values(
            status="published" if action == "publish" else "rejected",
            moderation_reason=reason if action == "reject" else None,
            moderation_note=note,
            moderated_at=utcnow(),
            moderated_by_id=admin.id,
            updated_at=sa.func.now(),
        )
    ).rowcount
    session.expire(response)
    if moved != 1:
        raise ReviewError("This response is not waiting for a moderator any more.")
    review = session.get(Review, response.review_id)
    record(
        session,
        "review.response_published" if action == "publish" else "review.response_rejected",
        actor_id=admin.id,
        practitioner_id=review.practitioner_id,
        review_id=review.id,
        reason=reason or "",
        note=note,
    )
    session.flush()


def screen_published_responses(session: Session) -> int:
    """Screen the responses published before responses were screened (decision 0008), and hold for
    a moderator those that trip. Returns how many were held. Flushes; the caller commits."""
    held = 0
    for response in session.scalars(
        sa.select(ReviewResponse).where(ReviewResponse.status == "published", ReviewResponse.moderated_at.is_(None))
    ):
        signals = screening.response_signals(response.body)
        if not signals:
            continue
        response.status = "held"
        response.screening = [s.to_dict() for s in signals]
        response.hold_reason = screening.response_hold_reason(signals)
        review = session.get(Review, response.review_id)
        record(
            session,
            "review.response_held",
            actor_id=None,
            practitioner_id=review.practitioner_id,
            review_id=review.id,
            signals=[s.signal for s in signals],
            rescreened=True,
        )
        held += 1
    session.flush()
    return held


def _hash_invite(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invite(
    session: Session, practitioner: Practitioner, user: User, client_address: str | None = None
) -> tuple[ReviewInvite, str]:
    """A new single-use invite link for this listing. Returns (invite, token); only the hash is kept,
    with a keyed hash of the owner's client address (an invite used from there is flagged)."""
    _require_owner(practitioner, user)
    now = utcnow()
    open_count = (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(ReviewInvite)
            .where(
                ReviewInvite.practitioner_id == practitioner.id,
                ReviewInvite.used_at.is_(None),
                ReviewInvite.expires_at > now,
            )
        )
        or 0
    )
    if open_count >= OPEN_INVITES_CAP:
        raise ReviewError(f"You have {open_count} unused invitations; wait until some are used or expire.")
    token = secrets.token_urlsafe(24)
    invite = ReviewInvite(
        practitioner_id=practitioner.id,
        created_by_id=user.id,
        token_hash=_hash_invite(token),
        expires_at=now + INVITE_VALID_FOR,
        client_key=keys.client_key(client_address),
    )
    session.add(invite)
    session.flush()
    record(session, "review.invite_created", actor_id=user.id, practitioner_id=practitioner.id, invite_id=invite.id)
    return invite, token


def find_invite(session: Session, practitioner: Practitioner, token: str | None) -> ReviewInvite:
    """The usable invite of this listing with this token. Raises InvalidInvite."""
    invite = (
        session.scalar(sa.select(ReviewInvite).where(ReviewInvite.token_hash == _hash_invite(token or "")))
        if token and len(token) <= 100
        else None
    )
    if invite is None or invite.practitioner_id != practitioner.id:
        raise InvalidInvite("This invitation link is not valid for this listing.", field="invite")
    if invite.used_at is not None:
        raise InvalidInvite(
            "This invitation has already been used. You can still leave a review without it.", field="invite"
        )
    if utcnow() >= as_utc(invite.expires_at):
        raise InvalidInvite("This invitation has expired. You can still leave a review without it.", field="invite")
    return invite


def invite_counts(session: Session, practitioner: Practitioner) -> dict[str, int]:
    now = utcnow()
    rows = session.execute(
        sa.select(
            sa.func.count().filter(ReviewInvite.used_at.is_not(None)),
            sa.func.count().filter(ReviewInvite.used_at.is_(None), ReviewInvite.expires_at > now),
        ).where(ReviewInvite.practitioner_id == practitioner.id)
    ).one()
    return {"used": rows[0] or 0, "open": rows[1] or 0}
