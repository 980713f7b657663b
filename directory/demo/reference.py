"""The reference rows the demo generator reads once: professions, specialties, payers, and the
gazetteer's cities and suburbs."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.demo.geography import NOT_A_SUBURB, Locality
from directory.geo.models import Place
from directory.practitioners import taxonomy
from directory.practitioners.models import Payer, Profession, Specialty, specialty_professions


@dataclass
class Reference:
    profession_ids: dict[str, int]
    specialties: dict[str, list[tuple[int, str, str]]]  # profession slug -> [(id, name, slug)] by id
    payers: dict[str, list[tuple[int, str]]]  # profession slug -> [(id, slug)] by id
    cities: list[tuple[int, str, str, float, float, int]]  # id, name, state, lat, lng, population
    localities: list[Locality]


def load_reference(session: Session) -> Reference:
    professions = session.execute(sa.select(Profession.id, Profession.slug).order_by(Profession.id)).all()
    if not professions:
        raise RuntimeError(
            "The professions table is empty: run the database migrations (flask db upgrade) before seeding demo data."
        )
    profession_ids = {slug: pid for pid, slug in professions}
    for slug in (taxonomy.PHYSIO, taxonomy.RMT):
        if slug not in profession_ids:
            raise RuntimeError(f"Profession {slug!r} is missing: the reference data is incomplete.")

    rows = session.execute(
        sa.select(Specialty.id, Specialty.name, Specialty.slug, Profession.slug)
        .join(specialty_professions, specialty_professions.c.specialty_id == Specialty.id)
        .join(Profession, Profession.id == specialty_professions.c.profession_id)
        .order_by(Specialty.id, Profession.id)
    ).all()
    specialties: dict[str, list[tuple[int, str, str]]] = {taxonomy.PHYSIO: [], taxonomy.RMT: []}
    for sid, name, slug, prof in rows:
        if prof in specialties:
            specialties[prof].append((sid, name, slug))
    for prof, allowed in specialties.items():
        if len(allowed) < 2:
            raise RuntimeError(f"Too few specialties for {prof!r}: the reference data is incomplete.")

    payer_rows = session.execute(sa.select(Payer.id, Payer.slug).order_by(Payer.id)).all()
    payers = {
        prof: [(pid, slug) for pid, slug in payer_rows if slug in taxonomy.PAYERS_FOR[prof]]
        for prof in (taxonomy.PHYSIO, taxonomy.RMT)
    }

    cities = [
        tuple(row)
        for row in session.execute(
            sa.select(Place.id, Place.name, Place.state, Place.lat, Place.lng, Place.population)
            .where(Place.kind == "city")
            .order_by(Place.id)
        )
    ]
    localities = [
        Locality(name, state, postcode, lat, lng)
        for name, state, postcode, lat, lng in session.execute(
            sa.select(Place.name, Place.state, Place.postcode, Place.lat, Place.lng)
            .where(Place.kind == "locality", Place.po_box.is_(False), Place.postcode.is_not(None))
            .order_by(Place.id)
        )
        if not NOT_A_SUBURB.search(name)
    ]
    if not cities or not localities:
        raise RuntimeError(
            "The places table has no cities or localities: load the gazetteer first (flask places load)."
        )
    return Reference(profession_ids, specialties, payers, cities, localities)  # type: ignore[arg-type]
