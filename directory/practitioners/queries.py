"""Loading listings: the practitioner behind a slug, with what a page needs loaded with it."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.practitioners.models import Practitioner, Profession, practitioner_payers, practitioner_specialties
from directory.practitioners.reference import PayerRef, SpecialtyRef, reference


def details() -> tuple:
    """Eager loads for a page that shows a listing's specialties and ways to pay."""
    return (selectinload(Practitioner.specialties), selectinload(Practitioner.payers))


@dataclass(frozen=True)
class Listing:
    """A listing page's practitioner (practice and profession joined), with its specialties and
    ways to pay as reference records, by name."""

    practitioner: Practitioner
    specialties: tuple[SpecialtyRef, ...]
    payers: tuple[PayerRef, ...]
    other_profession_here: int = 0  # practitioners of the other profession at the same practice


def get_listing(session: Session, slug: str) -> Listing | None:
    """The listing with this slug in one statement (the link tables come as lists of ids, and the
    number of colleagues of the other profession at the same practice as a count), or None."""
    row = session.execute(_listing_statement(), {"slug": slug}).first()
    if row is None:
        return None
    practitioner, specialty_ids, payer_ids, other_here = row
    ref = reference(session)
    specialties = sorted((ref.specialty_by_id(int(i)) for i in _ids(specialty_ids)), key=lambda s: s.name)
    payers = sorted((ref.payer_by_id(int(i)) for i in _ids(payer_ids)), key=lambda p: p.name)
    return Listing(practitioner, tuple(specialties), tuple(payers), other_here or 0)


@functools.cache
def _listing_statement() -> sa.Select:
    """Built once per process with the slug as a bound value: building it (not running it) cost
    about 2 ms of a listing page's 6–12 ms (the bench's profile)."""
    ids = []
    for table, column in ((practitioner_specialties, "specialty_id"), (practitioner_payers, "payer_id")):
        ids.append(
            sa.select(sa.func.aggregate_strings(sa.cast(table.c[column], sa.String), ","))
            .where(table.c.practitioner_id == Practitioner.id)
            .scalar_subquery()
        )
    colleague = sa.orm.aliased(Practitioner)
    others_here = (
        sa.select(sa.func.count())
        .where(colleague.practice_id == Practitioner.practice_id, colleague.profession_id != Practitioner.profession_id)
        .scalar_subquery()
    )
    return sa.select(Practitioner, *ids, others_here).where(Practitioner.slug == sa.bindparam("slug", type_=sa.String))


def _ids(joined: str | None) -> list[str]:
    return [part for part in (joined or "").split(",") if part]


def get_practitioner(session: Session, slug: str, *options) -> Practitioner | None:
    """The practitioner with this slug (practice and profession always joined), or None.
    ``options`` add eager loads, such as ``details()``."""
    return session.scalar(sa.select(Practitioner).where(Practitioner.slug == slug).options(*options))


DEMO_FLAG_SECONDS = 60
_DEMO_FLAG: dict[str, tuple[bool, float]] = {}


def demo_data_loaded(session: Session) -> bool:
    """True while any demo practitioner is in the database. Read at most once a minute per
    process (every page shows it in its header); ``seed_demo`` and tests forget it."""
    key = str(session.get_bind().url)
    cached = _DEMO_FLAG.get(key)
    if cached is not None and time.monotonic() - cached[1] < DEMO_FLAG_SECONDS:
        return cached[0]
    loaded = bool(session.scalar(sa.select(sa.exists().where(Practitioner.is_demo.is_(True)))))
    _DEMO_FLAG[key] = (loaded, time.monotonic())
    return loaded


def forget_demo_flag() -> None:
    _DEMO_FLAG.clear()


def get_profession(session: Session, slug: str) -> Profession:
    return session.scalars(sa.select(Profession).where(Profession.slug == slug)).one()
