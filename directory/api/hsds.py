"""The HSDS 3.0 part of the API (``/api/v1/hsds``): the meta information, pages of services and
organizations, and one fully nested service or organization by its id. Read-only; the objects are
``opendata.hsds``'s, as ``flask export-hsds`` writes them."""

from __future__ import annotations

import math

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from directory.errors import NotFound
from directory.links import absolute_url
from directory.opendata import hsds
from directory.opendata.licence import dataset
from directory.practitioners.models import Practice, Practitioner, Specialty

MAX_PER_PAGE = 50
DEFAULT_PER_PAGE = 20
MAX_PAGE = 100_000


def meta() -> dict:
    """What HSDS's ``GET /`` answers: the version, the profile, where the OpenAPI document is, and
    (our addition) the licence and credits of the data."""
    return {
        "version": hsds.HSDS_VERSION,
        "profile": absolute_url("opendata.about"),
        "openapi_url": absolute_url("api.openapi"),
        **{
            key: value
            for key, value in dataset().items()
            if key in ("description", "publisher", "licence", "attribution")
        },
    }


def _page(total: int, page: int, per_page: int, contents: list[dict]) -> dict:
    """HSDS's ``Page``."""
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _listing_options() -> tuple:
    # A specialty's professions are not written: leave them unloaded (one statement fewer).
    return (selectinload(Practitioner.specialties).lazyload(Specialty.professions), selectinload(Practitioner.payers))


def services_page(session: Session, page: int, per_page: int) -> dict:
    total = session.scalar(sa.select(sa.func.count(Practitioner.id)))
    rows = session.scalars(
        sa.select(Practitioner)
        .order_by(Practitioner.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(*_listing_options())
    ).all()
    return _page(total, page, per_page, [hsds.service(p) for p in rows])


def service(session: Session, service_id: str) -> dict:
    number = hsds.number_of("service", service_id)
    practitioner = (
        session.scalar(sa.select(Practitioner).where(Practitioner.id == number).options(*_listing_options()))
        if number is not None
        else None
    )
    if practitioner is None:
        raise NotFound(f"No service with id “{service_id}”.", field="id")
    return hsds.service(practitioner)


def _practice_options() -> tuple:
    return (selectinload(Practice.practitioners).options(joinedload(Practitioner.profession)),)


def organizations_page(session: Session, page: int, per_page: int) -> dict:
    total = session.scalar(sa.select(sa.func.count(Practice.id)))
    rows = session.scalars(
        sa.select(Practice)
        .order_by(Practice.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .options(*_practice_options())
    ).all()
    return _page(total, page, per_page, [hsds.organization(p, p.practitioners) for p in rows])


def organization(session: Session, organization_id: str) -> dict:
    number = hsds.number_of("organization", organization_id)
    practice = (
        session.scalar(sa.select(Practice).where(Practice.id == number).options(*_practice_options()))
        if number is not None
        else None
    )
    if practice is None:
        raise NotFound(f"No organization with id “{organization_id}”.", field="id")
    return hsds.organization(practice, practice.practitioners)
