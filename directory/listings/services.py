"""Loading a listing and what its page shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.listings.models import Practitioner, Profession
from directory.listings.taxonomy import PHYSIO, RMT
from directory.reviews.models import Review

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


def published_reviews(session: Session, practitioner: Practitioner, page: int = 1,
                      per_page: int = REVIEWS_PER_PAGE) -> ReviewPage:
    """Published reviews, newest first, one page of them, and the star distribution."""
    counts = dict(
        session.execute(
            sa.select(Review.rating, sa.func.count())
            .where(Review.practitioner_id == practitioner.id, Review.status == "published")
            .group_by(Review.rating)
        ).all()
    )
    distribution = {stars: counts.get(stars, 0) for stars in range(5, 0, -1)}
    total = sum(distribution.values())
    page_count = max(1, math.ceil(total / per_page))
    page = min(max(1, page), page_count)
    reviews = session.scalars(
        sa.select(Review)
        .where(Review.practitioner_id == practitioner.id, Review.status == "published")
        .order_by(Review.published_at.desc(), Review.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return ReviewPage(list(reviews), page, page_count, total, distribution)
