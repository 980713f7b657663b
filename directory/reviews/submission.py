"""Writing a review: submit it, confirm it from the e-mailed link (publish or hold), withdraw it.

The link e-mailed to the reviewer confirms the review once, then shows its status and lets the
reviewer withdraw it. Functions flush; the view commits once and sends the e-mail after.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.accounts.services import normalise_email
from directory.audit.services import record, recorder
from directory.clock import as_utc, utcnow
from directory.practitioners.models import Practitioner
from directory.reviews import keys, screening
from directory.reviews.errors import ReviewError
from directory.reviews.models import ASPECTS, Review, ReviewInvite
from directory.reviews.owners import find_invite
from directory.reviews.status import close_reports, lock_listing, older_versions, replace_published, set_status
from directory.tokens import InvalidToken, keyed_hash, make_token, read_token

CONFIRM_WITHIN = timedelta(days=7)  # unconfirmed reviews expire after this
LINK_PURPOSE = "review"
STATUS_LINK_MAX_AGE = 10 * 366 * 24 * 3600  # the e-mailed link shows the status, and withdraws, for years
BODY_MIN, BODY_MAX = 30, 5000


# --- the link e-mailed to the reviewer --------------------------------------------------------


def _email_digest(email: str) -> str:
    # Tokens are signed, not encrypted: the payload carries a keyed hash, never the address
    # itself, and nobody without the secret key can test a guessed address against it.
    return keyed_hash("review-link", email)[:16]


def _legacy_email_digest(email: str) -> str:
    # Links e-mailed before the keyed hash carry this unkeyed one; they keep working (review
    # links show a review's status for years), and new links never use it.
    return hashlib.sha256(f"review-link:{email}".encode()).hexdigest()[:16]


def review_token(review: Review) -> str:
    """The token of the link e-mailed to the reviewer: confirm (once), then see the status, withdraw."""
    return make_token(LINK_PURPOSE, {"review": review.id, "e": _email_digest(review.email)})


def review_from_token(session: Session, token: str) -> Review:
    """The review a link is for. Raises InvalidToken (bad, expired, deleted, or for another review)."""
    payload = read_token(LINK_PURPOSE, token, STATUS_LINK_MAX_AGE)
    review_id = payload.get("review")
    review = session.get(Review, review_id) if isinstance(review_id, int) else None
    if review is None or payload.get("e") not in (_email_digest(review.email), _legacy_email_digest(review.email)):
        raise InvalidToken(
            "This link is not valid any more. If you did not confirm your review within "
            f"{CONFIRM_WITHIN.days} days it was deleted; you are welcome to write it again."
        )
    return review


def confirmation_expired(review: Review, now: datetime | None = None) -> bool:
    return review.status == "unconfirmed" and (now or utcnow()) >= as_utc(review.created_at) + CONFIRM_WITHIN


# --- submitting -------------------------------------------------------------------------------


@dataclass
class ReviewInput:
    rating: int
    body: str
    display_name: str
    email: str
    visit_month: str
    title: str = ""
    aspects: dict[str, int | None] = field(default_factory=dict)


def submit_review(
    session: Session,
    practitioner: Practitioner,
    data: ReviewInput,
    *,
    client_address: str | None,
    invite_token: str | None = None,
    user: User | None = None,
) -> Review:
    """Store a new, unconfirmed review and its screening. Raises InvalidInvite, InvalidEmail."""
    email = normalise_email(data.email)
    now = utcnow()
    invite = None
    if invite_token:
        # Checked now, used up only when a review written through it is confirmed: a patient who
        # mistypes their address can submit again with the same link.
        invite = find_invite(session, practitioner, invite_token)
    key = keys.client_key(client_address)
    # The display name is read with the words: a name is published beside the review.
    text = f"{data.display_name}\n{data.title}\n{data.body}"
    signals = screening.screen(
        session,
        practitioner,
        text=text,
        body=data.body,
        email=email,
        key=key,
        now=now,
        submitted_by_owner=user is not None and user.is_authenticated and practitioner.owner_id == user.id,
        rating=data.rating,
    )
    if invite is not None and key is not None and invite.client_key == key:
        signals.append(
            screening.Signal(
                "invite_from_owner_address", 4, "Written through an invitation from the address that created it."
            )
        )
    review = Review(
        practitioner_id=practitioner.id,
        rating=data.rating,
        title=data.title,
        body=data.body,
        display_name=data.display_name,
        email=email,
        email_key=keys.reviewer_key(email),
        visit_month=data.visit_month,
        status="unconfirmed",
        client_key=key,
        fingerprint=keys.fingerprint(data.body),
        screening=[s.to_dict() for s in signals],
        screening_score=screening.total(signals),
        hold_reason=screening.hold_reason(signals),
        invite_id=invite.id if invite else None,
        **{f"aspect_{name}": data.aspects.get(name) for name in ASPECTS},
    )
    session.add(review)
    session.flush()
    return review


# --- confirming and withdrawing ----------------------------------------------------------------


NOT_WAITING = {
    "held": "This review is already confirmed; it waits for a moderator.",
    "published": "This review has already been confirmed and is published.",
    "rejected": "This review was already confirmed, and a moderator did not publish it.",
    "removed": "This review was already confirmed, and a moderator has removed it.",
    "withdrawn": "This review was withdrawn, so it cannot be confirmed.",
    "replaced": "You wrote a newer version of this review, which replaced this one.",
}


def confirm_review(session: Session, review: Review) -> str:
    """Confirm an unconfirmed review: publish it, or hold it when screening says so. Returns the
    new status. Raises ReviewError when it is not waiting for confirmation or has expired."""
    if review.status != "unconfirmed":
        raise ReviewError(NOT_WAITING.get(review.status, "This review is not waiting for confirmation."))
    if confirmation_expired(review):
        raise ReviewError(
            "This link has expired: reviews must be confirmed within "
            f"{CONFIRM_WITHIN.days} days. Please write your review again."
        )
    lock_listing(session, review.practitioner_id)
    now = utcnow()
    if review.invite_id is not None:
        used = session.execute(
            sa.update(ReviewInvite.__table__)
            .where(ReviewInvite.__table__.c.id == review.invite_id, ReviewInvite.__table__.c.used_at.is_(None))
            .values(used_at=now)
        )
        if used.rowcount != 1:
            # Another review through the same invitation was confirmed first: this one stands,
            # without the "invited by the practice" label.
            session.execute(
                sa.update(Review.__table__).where(Review.__table__.c.id == review.id).values(invite_id=None)
            )
    rescreened = _rescreen_for_duplicates(session, review)
    hold = (rescreened or {}).get("screening_score", review.screening_score) >= screening.HOLD_THRESHOLD
    # Every earlier version gives way to this one now, the published one too: the reviewer's
    # current opinion is this one, even while a moderator reads it.
    for older in older_versions(session, review, ("unconfirmed", "held")):
        set_status(session, older, "replaced", ("unconfirmed", "held"), replaced_by_id=review.id)
    replace_published(session, review)
    if hold:
        moved = set_status(session, review, "held", ("unconfirmed",), confirmed_at=now, **(rescreened or {}))
    else:
        # The earlier published version is already replaced (above).
        moved = set_status(session, review, "published", ("unconfirmed",), confirmed_at=now, published_at=now)
    if not moved:
        raise ReviewError(NOT_WAITING["published"])
    # The life of every review is in the audit log: /transparency counts it from there.
    log = recorder(session, actor_id=None, practitioner_id=review.practitioner_id)
    log("review.confirmed", review_id=review.id, rating=review.rating)
    if hold:
        signals = sorted({item.get("signal") for item in review.screening or [] if item.get("signal")})
        log("review.held", review_id=review.id, signals=signals)
    else:
        log("review.published", review_id=review.id, automatic=True)
    return review.status


def _rescreen_for_duplicates(session: Session, review: Review) -> dict | None:
    """Look for duplicates again at confirmation: copies submitted together and confirmed one
    after another were not duplicates of anything published when they were submitted. Returns the
    new screening values when a duplicate turned up, else None."""
    if any(item.get("signal") == "duplicate_text" for item in review.screening or []):
        return None
    found = screening.duplicate_of(session, review.practitioner_id, review.body, review.client_key, review.email_key)
    if found is None:
        return None
    signals = [screening.Signal(**item) for item in review.screening or []] + [found]
    return {
        "screening": [item.to_dict() for item in signals],
        "screening_score": screening.total(signals),
        "hold_reason": screening.hold_reason(signals),
    }


def withdraw_review(session: Session, review: Review) -> None:
    """The reviewer takes their review down (whatever its state but a final one)."""
    lock_listing(session, review.practitioner_id)
    if not (
        set_status(session, review, "withdrawn", ("published",))
        or set_status(session, review, "withdrawn", ("unconfirmed", "held"))
    ):
        raise ReviewError("This review can no longer be withdrawn.")
    closed = close_reports(session, review, "dismissed", None)
    record(
        session,
        "review.withdrawn",
        actor_id=None,
        practitioner_id=review.practitioner_id,
        review_id=review.id,
        reports=closed,
    )


def purge_unconfirmed(session: Session, now: datetime | None = None) -> int:
    """Delete reviews never confirmed within the time allowed (they were never public)."""
    cutoff = (now or utcnow()) - CONFIRM_WITHIN
    result = session.execute(
        sa.delete(Review.__table__).where(
            Review.__table__.c.status == "unconfirmed", Review.__table__.c.created_at < cutoff
        )
    )
    return result.rowcount or 0
