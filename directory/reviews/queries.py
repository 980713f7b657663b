"""What pages show of a listing's reviews: a page of published reviews, and the moderation summary."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased, joinedload

from directory.pagination import Page, last_page_at_most
from directory.practitioners.models import Practitioner
from directory.reviews.models import MODERATION_REASONS, REVIEW_ORDERS, Review

REVIEWS_PER_PAGE = 10


def review_order(raw: str | None) -> str:
    """The order a visitor asked for (newest, highest, lowest), newest when it is not one of them."""
    return raw if raw in REVIEW_ORDERS else "newest"


@dataclass
class ReviewPage(Page):
    """A page of reviews, and the id to pass as ``after`` to read the next one by keyset."""

    next_after: int | None = None


def _after(order: str):
    """Reviews that come after the review bound as ``anchor_id`` in ``order``. The anchor's own
    values are read by the same statement, so a cursor is just an id and carries no timestamp to
    round-trip."""
    anchor = aliased(Review)
    anchor_id = sa.bindparam("anchor_id", type_=sa.Integer)
    rating = sa.select(anchor.rating).where(anchor.id == anchor_id).scalar_subquery()
    published = sa.select(anchor.published_at).where(anchor.id == anchor_id).scalar_subquery()
    newer_first = sa.or_(
        Review.published_at < published, sa.and_(Review.published_at == published, Review.id < anchor_id)
    )
    if order == "newest":
        return newer_first
    worse = Review.rating < rating if order == "highest" else Review.rating > rating
    return sa.or_(worse, sa.and_(Review.rating == rating, newer_first))


@functools.cache
def _page_statement(order: str, keyset: bool) -> sa.Select:
    """A page of a listing's published reviews in ``order``, after a review (``keyset``) or from an
    offset; built once per process with every value bound (building it cost about 2 ms a page)."""
    statement = (
        sa.select(Review)
        .where(
            Review.practitioner_id == sa.bindparam("practitioner_id", type_=sa.Integer),
            Review.status == "published",
        )
        .options(joinedload(Review.response))
        .order_by(*REVIEW_ORDERS[order])
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )
    if keyset:
        return statement.where(_after(order))
    return statement.offset(sa.bindparam("offset", type_=sa.Integer))


def published_reviews(
    session: Session,
    practitioner: Practitioner,
    page: int = 1,
    per_page: int = REVIEWS_PER_PAGE,
    order: str = "newest",
    after: int | None = None,
) -> ReviewPage:
    """One page of published reviews in ``order`` with their responses; the last page when
    ``page`` lies past it. With ``after`` (the last review of the previous page), the page starts
    right after it by keyset, however deep it is; ``page`` then only numbers it.

    The total is the practitioner's stored count, kept in step with the reviews in the same
    transaction as every change of a review's status, so no count query is needed.
    """
    order = review_order(order)
    total = practitioner.rating_count
    page = last_page_at_most(page, total, per_page)
    values = {"practitioner_id": practitioner.id, "limit": per_page + 1}
    if after is not None:
        values["anchor_id"] = after
    else:
        values["offset"] = (page - 1) * per_page
    reviews = list(session.scalars(_page_statement(order, after is not None), values).all())
    more = len(reviews) > per_page
    reviews = reviews[:per_page]
    next_after = reviews[-1].id if more and reviews else None
    return ReviewPage(reviews, page, per_page, total, has_more=more, next_after=next_after)


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
