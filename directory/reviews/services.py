"""The life of a review: submit, confirm, publish or hold, replace, withdraw, report, moderate.

Every change of a review's status is one conditional UPDATE (``… WHERE status IN (…)``): its row
count says whether this request made the change, so two confirmations, or a confirmation racing
a withdrawal, cannot both act. When the change moves a review into or out of "published", the
practitioner's stored count, mean and distribution are changed by the same amount in the same
transaction (``_apply_to_aggregates``). Services flush; the view commits once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from directory.accounts.models import User
from directory.accounts.services import InvalidEmail, normalise_email
from directory.audit.services import record
from directory.clock import as_utc as _aware
from directory.clock import utcnow
from directory.errors import DomainError
from directory.listings.models import Practitioner
from directory.mail import link_for
from directory.reviews import screening
from directory.reviews.models import (
    ASPECTS,
    MODERATION_REASONS,
    REPORT_REASONS,
    Review,
    ReviewInvite,
    ReviewReport,
    ReviewResponse,
)
from directory.tokens import InvalidToken, make_token, read_token

CONFIRM_WITHIN = timedelta(days=7)  # unconfirmed reviews expire after this
LINK_PURPOSE = "review"
STATUS_LINK_MAX_AGE = 10 * 366 * 24 * 3600  # the e-mailed link shows the status, and withdraws, for years
INVITE_VALID_FOR = timedelta(days=60)
OPEN_INVITES_CAP = 200
OWNER_OPEN_REPORTS_CAP = 5  # an owner's reports waiting for a moderator at once
OWNER_REPORTS_PER_30_DAYS = 20
RESPONSE_MAX = 2000
BODY_MIN, BODY_MAX = 30, 5000


class ReviewError(DomainError):
    code = "review_refused"
    status = 409


class Forbidden(ReviewError):
    code = "forbidden"
    status = 403


class InvalidInvite(DomainError):
    code = "invalid_invite"
    status = 400


# --- aggregates -------------------------------------------------------------------------------


def _apply_to_aggregates(session: Session, practitioner_id: int, rating: int, delta: int) -> None:
    """Add (delta=+1) or take away (-1) one published review of ``rating`` stars, in SQL.

    Every SET expression reads the row as it was, and the UPDATE locks the row, so concurrent
    changes to one practitioner add up. The mean is computed from the distribution, the same
    way a recount computes it.
    """
    p = Practitioner.__table__.c
    new = {stars: p[f"rating_{stars}"] + (delta if stars == rating else 0) for stars in range(1, 6)}
    new_count = p.rating_count + delta
    weighted = sum(stars * column for stars, column in new.items())
    mean = sa.case((new_count == 0, sa.null()), else_=sa.cast(weighted, sa.Float) / new_count)
    session.execute(
        sa.update(Practitioner.__table__)
        .where(p.id == practitioner_id)
        .values(rating_count=new_count, rating_mean=mean, **{f"rating_{s}": e for s, e in new.items()})
    )
    practitioner = session.identity_map.get(identity_key(Practitioner, practitioner_id))
    if practitioner is not None:
        session.expire(practitioner, ["rating_count", "rating_mean", *[f"rating_{s}" for s in range(1, 6)]])


def _lock_listing(session: Session, practitioner_id: int) -> None:
    """Take the listing's row lock first, so that changes to one listing's reviews queue up in
    one order instead of deadlocking (PostgreSQL). SQLite has one writer at a time anyway, and
    SQLAlchemy leaves FOR UPDATE out there."""
    session.execute(sa.select(Practitioner.id).where(Practitioner.id == practitioner_id).with_for_update())


def _set_status(session: Session, review: Review, new_status: str, from_statuses: tuple[str, ...], **values) -> bool:
    """Move ``review`` to ``new_status`` if it is still in one of ``from_statuses``. True when moved.

    ``from_statuses`` is either ("published",) or statuses that are all unpublished, so the row
    count alone says whether the published set changed.
    """
    was_published = from_statuses == ("published",)
    if not was_published and "published" in from_statuses:
        raise ValueError("published cannot be mixed with other statuses")
    practitioner_id, rating = review.practitioner_id, review.rating
    result = session.execute(
        sa.update(Review.__table__)
        .where(Review.__table__.c.id == review.id, Review.__table__.c.status.in_(from_statuses))
        .values(status=new_status, updated_at=sa.func.now(), **values)
    )
    session.expire(review)
    if result.rowcount != 1:
        return False
    if was_published != (new_status == "published"):
        _apply_to_aggregates(session, practitioner_id, rating, +1 if new_status == "published" else -1)
    return True


@dataclass
class AggregateDifference:
    practitioner_id: int
    stored: dict
    recomputed: dict


def aggregate_differences(session: Session) -> list[AggregateDifference]:
    """Recompute every practitioner's count, mean and distribution from the published reviews and
    list where the stored figures differ (an empty list means they all agree)."""
    counts: dict[int, dict[int, int]] = {}
    rows = session.execute(
        sa.select(Review.practitioner_id, Review.rating, sa.func.count())
        .where(Review.status == "published")
        .group_by(Review.practitioner_id, Review.rating)
    )
    for practitioner_id, rating, n in rows:
        counts.setdefault(practitioner_id, {})[rating] = n
    p = Practitioner
    differences = []
    stored_rows = session.execute(
        sa.select(p.id, p.rating_count, p.rating_mean, p.rating_1, p.rating_2, p.rating_3, p.rating_4, p.rating_5)
    )
    for pid, count, mean, *dist in stored_rows:
        got = counts.get(pid, {})
        expected_dist = [got.get(stars, 0) for stars in range(1, 6)]
        expected_count = sum(expected_dist)
        expected_mean = (
            sum(s * n for s, n in zip(range(1, 6), expected_dist, strict=True)) / expected_count
            if expected_count
            else None
        )
        same_mean = (mean is None and expected_mean is None) or (
            mean is not None and expected_mean is not None and abs(mean - expected_mean) < 1e-9
        )
        if count != expected_count or list(dist) != expected_dist or not same_mean:
            differences.append(
                AggregateDifference(
                    pid,
                    {"count": count, "mean": mean, "distribution": list(dist)},
                    {"count": expected_count, "mean": expected_mean, "distribution": expected_dist},
                )
            )
    return differences


def fix_aggregates(session: Session, differences: list[AggregateDifference]) -> None:
    for difference in differences:
        r = difference.recomputed
        session.execute(
            sa.update(Practitioner.__table__)
            .where(Practitioner.__table__.c.id == difference.practitioner_id)
            .values(
                rating_count=r["count"],
                rating_mean=r["mean"],
                **{f"rating_{s}": n for s, n in zip(range(1, 6), r["distribution"], strict=True)},
            )
        )


# --- links ------------------------------------------------------------------------------------


def _email_digest(email: str) -> str:
    # Tokens are signed, not encrypted: the payload carries a digest, never the address itself.
    return hashlib.sha256(f"review-link:{email}".encode()).hexdigest()[:16]


def review_token(review: Review) -> str:
    """The token of the link e-mailed to the reviewer: confirm (once), then see the status, withdraw."""
    return make_token(LINK_PURPOSE, {"review": review.id, "e": _email_digest(review.email)})


def review_from_token(session: Session, token: str) -> Review:
    """The review a link is for. Raises InvalidToken (bad, expired, deleted, or for another review)."""
    payload = read_token(LINK_PURPOSE, token, STATUS_LINK_MAX_AGE)
    review_id = payload.get("review")
    review = session.get(Review, review_id) if isinstance(review_id, int) else None
    if review is None or _email_digest(review.email) != payload.get("e"):
        raise InvalidToken(
            "This link is not valid any more. If you did not confirm your review within "
            f"{CONFIRM_WITHIN.days} days it was deleted; you are welcome to write it again."
        )
    return review


def confirmation_expired(review: Review, now: datetime | None = None) -> bool:
    return review.status == "unconfirmed" and (now or utcnow()) >= _aware(review.created_at) + CONFIRM_WITHIN


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


def _hash_invite(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    if utcnow() >= _aware(invite.expires_at):
        raise InvalidInvite("This invitation has expired. You can still leave a review without it.", field="invite")
    return invite


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
    key = screening.client_key(client_address)
    text = f"{data.title}\n{data.body}"
    signals = screening.screen(
        session,
        practitioner,
        text=text,
        body=data.body,
        email=email,
        key=key,
        now=now,
        submitted_by_owner=user is not None and user.is_authenticated and practitioner.owner_id == user.id,
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
        email_key=screening.reviewer_key(email),
        visit_month=data.visit_month,
        status="unconfirmed",
        client_key=key,
        fingerprint=screening.fingerprint(data.body),
        screening=[s.to_dict() for s in signals],
        screening_score=screening.total(signals),
        hold_reason=screening.hold_reason(signals),
        invite_id=invite.id if invite else None,
        **{f"aspect_{name}": data.aspects.get(name) for name in ASPECTS},
    )
    session.add(review)
    session.flush()
    return review


def confirmation_email(review: Review, practitioner: Practitioner) -> tuple[str, str, str]:
    link = link_for("reviews.manage", token=review_token(review))
    body = render_template(
        "reviews/email/confirm.txt", review=review, practitioner=practitioner, link=link, days=CONFIRM_WITHIN.days
    )
    return review.email, f"Confirm your review of {practitioner.name}", body


# --- confirming, replacing, withdrawing ------------------------------------------------------


def _older_versions(session: Session, review: Review, statuses: tuple[str, ...]) -> list[Review]:
    return list(
        session.scalars(
            sa.select(Review).where(
                Review.practitioner_id == review.practitioner_id,
                Review.email_key == review.email_key,
                Review.id != review.id,
                Review.status.in_(statuses),
            )
        )
    )


def _publish(session: Session, review: Review, from_statuses: tuple[str, ...], **values) -> bool:
    """Publish ``review``, replacing the reviewer's earlier published review of this practitioner."""
    _replace_published(session, review)
    return _set_status(session, review, "published", from_statuses, published_at=utcnow(), **values)


def _replace_published(session: Session, review: Review) -> None:
    """The reviewer's earlier published review of this practitioner gives way to ``review``; reports
    about the old text are moot (closed as dismissed)."""
    for older in _older_versions(session, review, ("published",)):
        if _set_status(session, older, "replaced", ("published",), replaced_by_id=review.id):
            _close_reports(session, older, "dismissed", None)


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
    _lock_listing(session, review.practitioner_id)
    now = utcnow()
    if review.invite_id is not None:
        used = session.execute(
            sa.update(ReviewInvite.__table__)
            .where(ReviewInvite.__table__.c.id == review.invite_id, ReviewInvite.__table__.c.used_at.is_(None))
            .values(used_at=now)
        )
        if used.rowcount != 1:
            # Another review through the same invitation was confirmed first: this one stands,
            # without the "verified visit" label.
            session.execute(
                sa.update(Review.__table__).where(Review.__table__.c.id == review.id).values(invite_id=None)
            )
    rescreened = _rescreen_for_duplicates(session, review)
    hold = (rescreened or {}).get("screening_score", review.screening_score) >= screening.HOLD_THRESHOLD
    # Every earlier version gives way to this one now, the published one too: the reviewer's
    # current opinion is this one, even while a moderator reads it.
    for older in _older_versions(session, review, ("unconfirmed", "held")):
        _set_status(session, older, "replaced", ("unconfirmed", "held"), replaced_by_id=review.id)
    _replace_published(session, review)
    if hold:
        moved = _set_status(session, review, "held", ("unconfirmed",), confirmed_at=now, **(rescreened or {}))
    else:
        # The earlier published version is already replaced (above).
        moved = _set_status(session, review, "published", ("unconfirmed",), confirmed_at=now, published_at=now)
    if not moved:
        raise ReviewError(NOT_WAITING["published"])
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
    _lock_listing(session, review.practitioner_id)
    if not (
        _set_status(session, review, "withdrawn", ("published",))
        or _set_status(session, review, "withdrawn", ("unconfirmed", "held"))
    ):
        raise ReviewError("This review can no longer be withdrawn.")
    _close_reports(session, review, "dismissed", None)
    record(session, "review.withdrawn", actor_id=None, practitioner_id=review.practitioner_id, review_id=review.id)


def purge_unconfirmed(session: Session, now: datetime | None = None) -> int:
    """Delete reviews never confirmed within the time allowed (they were never public)."""
    cutoff = (now or utcnow()) - CONFIRM_WITHIN
    result = session.execute(
        sa.delete(Review.__table__).where(
            Review.__table__.c.status == "unconfirmed", Review.__table__.c.created_at < cutoff
        )
    )
    return result.rowcount or 0


# --- moderation -------------------------------------------------------------------------------


def _check_reason(reason: str | None) -> str:
    if reason not in MODERATION_REASONS:
        raise ReviewError("Choose one of the published reasons.", field="reason")
    return reason


def _close_reports(
    session: Session, review: Review, status: str, admin: User | None, ids: list[int] | None = None
) -> int:
    """Close the review's open reports (only those in ``ids`` when given: the ones whose authors
    the caller is about to tell)."""
    table = ReviewReport.__table__
    statement = sa.update(table).where(table.c.review_id == review.id, table.c.status == "open")
    if ids is not None:
        statement = statement.where(table.c.id.in_(ids))
    result = session.execute(
        statement.values(status=status, decided_at=utcnow(), decided_by_id=admin.id if admin else None)
    )
    return result.rowcount or 0


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
    _lock_listing(session, review.practitioner_id)
    reports = open_reports(session, review)
    now = utcnow()
    decided = {"moderated_at": now, "moderated_by_id": admin.id, "moderation_note": note}
    if action == "publish":
        if not _publish(session, review, ("held",), **decided):
            raise ReviewError("This review is not held any more.")
        closed = "dismissed"
    elif action == "reject":
        reason = _check_reason(reason)
        if not _set_status(session, review, "rejected", ("held",), moderation_reason=reason, **decided):
            raise ReviewError("This review is not held any more.")
        closed = "upheld"
    elif action == "remove":
        reason = _check_reason(reason)
        if not _set_status(session, review, "removed", ("published",), moderation_reason=reason, **decided):
            raise ReviewError("Only a published review can be removed.")
        closed = "upheld"
    elif action == "keep":
        if review.status != "published" or not reports:
            raise ReviewError("This review has no open reports.")
        closed = "dismissed"
    else:
        raise ReviewError("Unknown action.", field="action")
    _close_reports(session, review, closed, admin, ids=[report.id for report in reports])
    record(
        session,
        AUDIT_ACTIONS[action],
        actor_id=admin.id,
        practitioner_id=review.practitioner_id,
        review_id=review.id,
        reason=reason or "",
        note=note,
        reports=len(reports),
    )
    for report in reports:
        session.expire(report)
    return reports


def decision_email(review: Review, practitioner: Practitioner) -> tuple[str, str, str]:
    """The message telling a reviewer what a moderator decided."""
    link = link_for("reviews.manage", token=review_token(review))
    subject = {
        "published": f"Your review of {practitioner.name} is published",
        "rejected": f"Your review of {practitioner.name} was not published",
        "removed": f"Your review of {practitioner.name} was removed",
    }.get(review.status, f"Your review of {practitioner.name}")
    body = render_template(
        "reviews/email/decision.txt",
        review=review,
        practitioner=practitioner,
        link=link,
        reason=MODERATION_REASONS.get(review.moderation_reason or "", ""),
        policy=link_for("reviews.policy"),
    )
    return review.email, subject, body


def owner_notice_email(review: Review, practitioner: Practitioner) -> tuple[str, str, str] | None:
    """The message telling a listing's owner that a review of it was published (None when the
    listing has no owner). It names no reviewer e-mail: owners never see it."""
    owner = practitioner.owner
    if owner is None:
        return None
    body = render_template(
        "reviews/email/owner_notice.txt",
        review=review,
        practitioner=practitioner,
        respond=link_for("reviews.respond", slug=practitioner.slug, review_id=review.id),
        policy=link_for("reviews.policy"),
    )
    return owner.email, f"A new review of {practitioner.name} is published", body


def report_outcome_email(report: ReviewReport, review: Review, practitioner: Practitioner) -> tuple[str, str, str]:
    body = render_template(
        "reviews/email/report_outcome.txt",
        report=report,
        review=review,
        practitioner=practitioner,
        reason=MODERATION_REASONS.get(review.moderation_reason or "", ""),
        policy=link_for("reviews.policy"),
    )
    return report.reporter_email, f"Your report about a review of {practitioner.name}", body


# --- reports ----------------------------------------------------------------------------------


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
    key = screening.client_key(client_address)
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


# --- owners: responses and invites --------------------------------------------------------------


def _require_owner(practitioner: Practitioner, user: User) -> None:
    if not user.is_authenticated or practitioner.owner_id != user.id:
        raise Forbidden("Only the owner of this listing can do this.")


def respond(session: Session, review: Review, user: User, body: str) -> tuple[ReviewResponse, bool]:
    """Add or edit the owner's public response to a published review. Returns (response, created)."""
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
    if created:
        response = ReviewResponse(review_id=review.id, author_id=user.id, body=body)
        session.add(response)
        record(session, "review.response_added", actor_id=user.id, practitioner_id=practitioner.id, review_id=review.id)
    elif response.body != body:
        record(
            session,
            "review.response_edited",
            actor_id=user.id,
            practitioner_id=practitioner.id,
            review_id=review.id,
            response=[response.body, body],
        )
        response.body = body
        response.author_id = user.id
    session.flush()
    return response, created


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
        client_key=screening.client_key(client_address),
    )
    session.add(invite)
    session.flush()
    record(session, "review.invite_created", actor_id=user.id, practitioner_id=practitioner.id, invite_id=invite.id)
    return invite, token


def invite_counts(session: Session, practitioner: Practitioner) -> dict[str, int]:
    now = utcnow()
    rows = session.execute(
        sa.select(
            sa.func.count().filter(ReviewInvite.used_at.is_not(None)),
            sa.func.count().filter(ReviewInvite.used_at.is_(None), ReviewInvite.expires_at > now),
        ).where(ReviewInvite.practitioner_id == practitioner.id)
    ).one()
    return {"used": rows[0] or 0, "open": rows[1] or 0}


# --- what pages show --------------------------------------------------------------------------


def moderation_summary(session: Session, practitioner_id: int) -> list[tuple[str, str, int]]:
    """[(verb, reason, number)] of this listing's reviews taken down by moderators: "removed"
    (published, then removed) and "not published" (held, then rejected), by reason."""
    rows = session.execute(
        sa.select(Review.status, Review.moderation_reason, sa.func.count())
        .where(Review.practitioner_id == practitioner_id, Review.status.in_(("removed", "rejected")))
        .group_by(Review.status, Review.moderation_reason)
    ).all()
    order = list(MODERATION_REASONS)
    rows = sorted(rows, key=lambda r: (r[0] != "removed", order.index(r[1]) if r[1] in order else 99))
    return [
        ("removed" if status == "removed" else "not published", MODERATION_REASONS.get(reason, "Other"), n)
        for status, reason, n in rows
    ]
