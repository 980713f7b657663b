"""The status rule of decision 0005: how a review moves between states, and the aggregates.

Every change of a review's status is one conditional UPDATE (``… WHERE status IN (…)``): its row
count says whether this request made the change, so two confirmations, or a confirmation racing
a withdrawal, cannot both act. When the change moves a review into or out of "published", the
practitioner's stored count, mean and distribution are changed by the same amount in the same
transaction (``apply_to_aggregates``). Changes to one listing's reviews take the listing's row
lock first (``lock_listing``). Functions flush; the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from directory.accounts.models import User
from directory.audit.services import record
from directory.clock import utcnow
from directory.practitioners.models import Practitioner
from directory.practitioners.rating import bayesian_score, bayesian_score_sql
from directory.reviews.models import Review, ReviewReport


def apply_to_aggregates(session: Session, practitioner_id: int, rating: int, delta: int) -> None:
    """Add (delta=+1) or take away (-1) one published review of ``rating`` stars, in SQL.

    Every SET expression reads the row as it was, and the UPDATE locks the row, so concurrent
    changes to one practitioner add up. The mean is computed from the distribution, the same
    way a recount computes it, and the stored rating score (the sort key) from the new count and
    mean.
    """
    p = Practitioner.__table__.c
    new = {stars: p[f"rating_{stars}"] + (delta if stars == rating else 0) for stars in range(1, 6)}
    new_count = p.rating_count + delta
    weighted = sum(stars * column for stars, column in new.items())
    mean = sa.case((new_count == 0, sa.null()), else_=sa.cast(weighted, sa.Float) / new_count)
    score = bayesian_score_sql(new_count, mean)
    session.execute(
        sa.update(Practitioner.__table__)
        .where(p.id == practitioner_id)
        .values(
            rating_count=new_count,
            rating_mean=mean,
            rating_score=score,
            **{f"rating_{s}": e for s, e in new.items()},
        )
    )
    practitioner = session.identity_map.get(identity_key(Practitioner, practitioner_id))
    if practitioner is not None:
        session.expire(practitioner, [*AGGREGATE_COLUMNS])


AGGREGATE_COLUMNS = ("rating_count", "rating_mean", "rating_score", *[f"rating_{s}" for s in range(1, 6)])


def lock_listing(session: Session, practitioner_id: int) -> None:
    """Take the listing's row lock first, so that changes to one listing's reviews queue up in
    one order instead of deadlocking (PostgreSQL). SQLite has one writer at a time anyway, and
    SQLAlchemy leaves FOR UPDATE out there."""
    session.execute(sa.select(Practitioner.id).where(Practitioner.id == practitioner_id).with_for_update())


def set_status(session: Session, review: Review, new_status: str, from_statuses: tuple[str, ...], **values) -> bool:
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
        apply_to_aggregates(session, practitioner_id, rating, +1 if new_status == "published" else -1)
    return True


def older_versions(session: Session, review: Review, statuses: tuple[str, ...]) -> list[Review]:
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


def publish(session: Session, review: Review, from_statuses: tuple[str, ...], **values) -> bool:
    """Publish ``review``, replacing the reviewer's earlier published review of this practitioner."""
    replace_published(session, review)
    return set_status(session, review, "published", from_statuses, published_at=utcnow(), **values)


def replace_published(session: Session, review: Review) -> None:
    """The reviewer's earlier published review of this practitioner gives way to ``review``; reports
    about the old text are moot (closed as dismissed)."""
    for older in older_versions(session, review, ("published",)):
        if set_status(session, older, "replaced", ("published",), replaced_by_id=review.id):
            closed = close_reports(session, older, "dismissed", None)
            record(
                session,
                "review.replaced",
                actor_id=None,
                practitioner_id=older.practitioner_id,
                review_id=older.id,
                replaced_by=review.id,
                reports=closed,
            )


def close_reports(
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


# --- checking the aggregates against a recount ------------------------------------------------


@dataclass
class AggregateDifference:
    practitioner_id: int
    stored: dict
    recomputed: dict


def aggregate_differences(session: Session) -> list[AggregateDifference]:
    """Recompute every practitioner's count, mean, distribution and rating score from the published
    reviews and list where the stored figures differ (an empty list means they all agree)."""
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
        sa.select(
            p.id,
            p.rating_count,
            p.rating_mean,
            p.rating_score,
            p.rating_1,
            p.rating_2,
            p.rating_3,
            p.rating_4,
            p.rating_5,
        )
    )
    for pid, count, mean, score, *dist in stored_rows:
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
        expected_score = bayesian_score(expected_count, expected_mean)
        same_score = score is not None and abs(score - expected_score) < 1e-9
        if count != expected_count or list(dist) != expected_dist or not same_mean or not same_score:
            differences.append(
                AggregateDifference(
                    pid,
                    {"count": count, "mean": mean, "score": score, "distribution": list(dist)},
                    {
                        "count": expected_count,
                        "mean": expected_mean,
                        "score": expected_score,
                        "distribution": expected_dist,
                    },
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
                rating_score=r["score"],
                **{f"rating_{s}": n for s, n in zip(range(1, 6), r["distribution"], strict=True)},
            )
        )
