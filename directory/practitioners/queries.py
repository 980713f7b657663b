"""Loading listings: the practitioner behind a slug, with what a page needs loaded with it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.practitioners.models import Practitioner, Profession

# Eager loads for a page that shows a listing's specialties and ways to pay.
DETAILS = (selectinload(Practitioner.specialties), selectinload(Practitioner.payers))


def get_practitioner(session: Session, slug: str, *options) -> Practitioner | None:
    """The practitioner with this slug (practice and profession always joined), or None.
    ``options`` add eager loads, such as ``DETAILS``."""
    return session.scalar(sa.select(Practitioner).where(Practitioner.slug == slug).options(*options))


def get_profession(session: Session, slug: str) -> Profession:
    return session.scalars(sa.select(Profession).where(Profession.slug == slug)).one()
