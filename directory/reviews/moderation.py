"""Moderation: reports from visitors and owners, and the moderators' decisions.

Anyone may report a published review; a report never hides it by itself. A moderator publishes
or rejects a held review, and removes or keeps a reported one, for one of the published reasons.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.accounts.services import InvalidEmail, normalise_email
from directory.audit.services import record
from directory.clock import as_utc, utcnow
from directory.reviews import keys, screening
from directory.reviews.errors import ReviewError
from directory.reviews.models import MODERATION_REASONS, REPORT_REASONS, Review, ReviewReport
from directory.reviews.status import close_reports, lock_listing, publish, set_status

CLINICAL_SIGNALS = ("clinical_outcome", "clinical_testimonial")  # the rule before decision 0008, and after

OWNER_OPEN_REPORTS_CAP = 5  # an owner's reports waiting for a moderator at once
OWNER_REPORTS_PER_30_DAYS = 20


def _check_reason(reason: str | None) -> str:
    if reason not in MODERATION_REASONS:
        raise ReviewError("Choose one of the published reasons.", field="reason")
    return reason


def open_reports(session: Session, review: Review) -> list[ReviewReport]:
    return list(
        session.scalars(
            sa.select(ReviewReport)
            .where(ReviewReport.review_id == review.id, ReviewReport.status == "open")
            .order_by(ReviewReport.id)
        )
    )


AUDIT_ACTIONS = {
    "publish": "review.published",
    "reject": "review.rejected",
    "remove": "review.removed",
    "keep": "review.kept",
}


def moderate(
    session: Session, review: Review, admin: User, action: str, reason: str | None = None, note: str = ""
) -> list[ReviewReport]:
    """One moderator decision. ``action`` is "publish" (a held review), "reject" (a held review),
    "remove" (a published review) or "keep" (a reported, published review: the reports are
    dismissed). Returns the reports it closed, so that their authors can be told.
    Raises ReviewError when the review is no longer in a state the action applies to."""
    lock_listing(session, review.practitioner_id)
    reports = open_reports(session, review)
    now = utcnow()
    # How long it waited for a moderator: since it was held, or since its oldest open report.
    queued_at = review.confirmed_at if review.status == "held" else (reports[0].created_at if reports else None)
    waited = int((now - as_utc(queued_at)).total_seconds()) if queued_at is not None else None
    decided = {"moderated_at": now, "moderated_by_id": admin.id, "moderation_note": note}
    if action == "publish":
        if not publish(session, review, ("held",), **decided):
            raise ReviewError("This review is not held any more.")
        closed = "dismissed"
    elif action == "reject":
        reason = _check_reason(reason)
        if not set_status(session, review, "rejected", ("held",), moderation_reason=reason, **decided):
            raise ReviewError("This review is not held any more.")
        closed = "upheld"
    elif action == "remove":
        reason = _check_reason(reason)
        if not set_status(session, review, "removed", ("published",), moderation_reason=reason, **decided):
            raise ReviewError("Only a published review can be removed.")
        closed = "upheld"
    elif action == "keep":
        if review.status != "published" or not reports:
            raise ReviewError("This review has no open reports.")
        closed = "dismissed"
    else:
        raise ReviewError("Unknown action.", field="action")
    close_reports(session, review, closed, admin, ids=[report.id for report in reports])
    record(
        session,
        AUDIT_ACTIONS[action],
        actor_id=admin.id,
        practitioner_id=review.practitioner_id,
        review_id=review.id,
        reason=reason or "",
        note=note,
        reports=len(reports),
        waited_seconds=waited,
    )
    for report in reports:
        session.expire(report)
    return reports


def report_review(
    session: Session,
    review: Review,
    *,
    reason: str,
    note: str,
    reporter_email: str | None,
    user: User | None,
    client_address: str | None,
) -> ReviewReport:
    """Anyone may report a published review; owners too, within a cap. The review stays visible."""
    if review.status != "published":
        raise ReviewError("Only published reviews can be reported.")
    if reason not in REPORT_REASONS:
        raise ReviewError("Choose a reason from the list.", field="reason")
    if reason == "other" and not note:
        raise ReviewError("Tell us what is wrong with this review.", field="note")
    signed_in = user is not None and user.is_authenticated
    if signed_in and not reporter_email:
        reporter_email = user.email
    if reporter_email:
        try:
            reporter_email = normalise_email(reporter_email)
        except InvalidEmail as error:
            raise ReviewError(error.message, field="email") from None
    key = keys.client_key(client_address)
    # The same person: their account or e-mail when they give one; only an anonymous report is
    # matched by client address (which a household or a carrier's NAT may share).
    same = []
    if signed_in:
        same.append(ReviewReport.reporter_id == user.id)
    if reporter_email:
        same.append(ReviewReport.reporter_email == reporter_email)
    if not same and key:
        same.append(
            sa.and_(
                ReviewReport.client_key == key,
                ReviewReport.reporter_email.is_(None),
                ReviewReport.reporter_id.is_(None),
            )
        )
    if same and session.scalar(
        sa.select(sa.exists().where(ReviewReport.review_id == review.id, ReviewReport.status == "open", sa.or_(*same)))
    ):
        raise ReviewError("You have already reported this review; a moderator will look at it.")
    by_owner = signed_in and review.practitioner.owner_id == user.id
    if by_owner:
        waiting = (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(ReviewReport)
                .join(Review, Review.id == ReviewReport.review_id)
                .where(
                    ReviewReport.reporter_id == user.id,
                    ReviewReport.by_owner.is_(True),
                    ReviewReport.status == "open",
                    Review.status == "published",
                )
            )
            or 0
        )
        if waiting >= OWNER_OPEN_REPORTS_CAP:
            raise ReviewError(
                f"You have {waiting} reports waiting for a moderator; you can report more once they are decided."
            )
        recent = (
            session.scalar(
                sa.select(sa.func.count())
                .select_from(ReviewReport)
                .where(
                    ReviewReport.reporter_id == user.id,
                    ReviewReport.by_owner.is_(True),
                    ReviewReport.created_at >= utcnow() - timedelta(days=30),
                )
            )
            or 0
        )
        if recent >= OWNER_REPORTS_PER_30_DAYS:
            raise ReviewError(f"Owners can report at most {OWNER_REPORTS_PER_30_DAYS} reviews in 30 days.")
    report = ReviewReport(
        review_id=review.id,
        reason=reason,
        note=note,
        reporter_email=reporter_email,
        reporter_id=user.id if signed_in else None,
        by_owner=by_owner,
        client_key=key,
    )
    session.add(report)
    session.flush()
    record(
        session,
        "review.reported",
        actor_id=user.id if signed_in else None,
        practitioner_id=review.practitioner_id,
        review_id=review.id,
        reason=reason,
        by_owner=by_owner,
    )
    return report


def rescreen_held_for_clinical_wording(session: Session) -> tuple[list[Review], int]:
    """Read every held review that clinical wording helped to hold again, with the rule of decision
    0008. A review the rule no longer holds, and nothing else holds, is published (recorded as
    "review.published", rescreened); the others keep waiting, with the new signal and message.
    Returns (the reviews published, how many were read). Flushes; the caller commits and mails."""
    held = session.scalars(sa.select(Review).where(Review.status == "held").order_by(Review.id)).all()
    published: list[Review] = []
    read = 0
    for review in held:
        stored = [screening.Signal(**item) for item in review.screening or []]
        if not any(signal.signal in CLINICAL_SIGNALS for signal in stored):
            continue
        read += 1
        others = [signal for signal in stored if signal.signal not in CLINICAL_SIGNALS]
        clinical = [
            signal
            for signal in screening.text_signals(
                f"{review.title}\n{review.body}", review.practitioner.profession.regulated, review.rating
            )
            if signal.signal == "clinical_testimonial"
        ]
        signals = others + clinical
        values = {
            "screening": [signal.to_dict() for signal in signals],
            "screening_score": screening.total(signals),
            "hold_reason": screening.hold_reason(signals),
        }
        practitioner_id, review_id = review.practitioner_id, review.id
        if screening.total(signals) >= screening.HOLD_THRESHOLD:
            session.execute(sa.update(Review.__table__).where(Review.__table__.c.id == review_id).values(**values))
            session.expire(review)
            continue
        lock_listing(session, practitioner_id)
        if publish(session, review, ("held",), **values):
            record(
                session,
                "review.published",
                actor_id=None,
                practitioner_id=practitioner_id,
                review_id=review_id,
                rescreened=True,
            )
            published.append(review)
    session.flush()
    return published, read
