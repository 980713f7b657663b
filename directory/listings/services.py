"""Loading a listing and what its page shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.listings.models import Practitioner, Profession
from directory.listings.taxonomy import PHYSIO, RMT
from directory.reviews.models import REVIEW_ORDERS, Review

REVIEWS_PER_PAGE = 10
NEARBY_RADIUS_KM = 10
WIDEST_RADIUS_KM = 100


def get_practitioner(session: Session, slug: str) -> Practitioner | None:
    """The practitioner with this slug, with practice, profession, specialties and payers loaded."""
    return session.scalar(
        sa.select(Practitioner)
        .where(Practitioner.slug == slug)
        .options(selectinload(Practitioner.specialties), selectinload(Practitioner.payers))
    )


def other_profession_slug(slug: str) -> str:
    return RMT if slug == PHYSIO else PHYSIO


def get_profession(session: Session, slug: str) -> Profession:
    return session.scalars(sa.select(Profession).where(Profession.slug == slug)).one()


@dataclass
class ReviewPage:
    reviews: list[Review]
    page: int
    page_count: int
    total: int
    distribution: dict[int, int]
    order: str = "newest"


def published_reviews(
    session: Session, practitioner: Practitioner, page: int = 1, per_page: int = REVIEWS_PER_PAGE, order: str = "newest"
) -> ReviewPage:
    """One page of published reviews (newest, highest or lowest first) with their responses.

    The total and the distribution are the practitioner's stored aggregates, kept in step with
    the reviews in the same transaction as every change of a review's status.
    """
    distribution = practitioner.rating_distribution
    total = practitioner.rating_count
    page_count = max(1, math.ceil(total / per_page))
    page = min(max(1, page), page_count)
    order = order if order in REVIEW_ORDERS else "newest"
    reviews = session.scalars(
        sa.select(Review)
        .where(Review.practitioner_id == practitioner.id, Review.status == "published")
        .options(selectinload(Review.response))
        .order_by(*REVIEW_ORDERS[order])
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return ReviewPage(list(reviews), page, page_count, total, distribution, order)
