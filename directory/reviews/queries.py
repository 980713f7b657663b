"""What pages show of a listing's reviews: a page of published reviews, and the moderation summary."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from directory.pagination import Page, last_page_at_most
from directory.practitioners.models import Practitioner
from directory.reviews.models import MODERATION_REASONS, REVIEW_ORDERS, Review

REVIEWS_PER_PAGE = 10


def review_order(raw: str | None) -> str:
    """The order a visitor asked for (newest, highest, lowest), newest when it is not one of them."""
    return raw if raw in REVIEW_ORDERS else "newest"


def published_reviews(
    session: Session, practitioner: Practitioner, page: int = 1, per_page: int = REVIEWS_PER_PAGE, order: str = "newest"
) -> Page:
    """One page of published reviews in ``order`` with their responses; the last page when
    ``page`` lies past it.

    The total is the practitioner's stored count, kept in step with the reviews in the same
    transaction as every change of a review's status, so no count query is needed.
    """
    total = practitioner.rating_count
    page = last_page_at_most(page, total, per_page)
    reviews = session.scalars(
        sa.select(Review)
        .where(Review.practitioner_id == practitioner.id, Review.status == "published")
        .options(joinedload(Review.response))
        .order_by(*REVIEW_ORDERS[review_order(order)])
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(list(reviews), page, per_page, total)


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
