"""Listings written as the CSV file ``flask import-practitioners`` reads (its columns, its forms):
the open-data CSV export and the import benchmark's input. Importing the file into the directory it
came from changes nothing; importing it into an empty one and exporting again gives the same file."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import TextIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from directory.practitioners.csv_rows import COLUMNS
from directory.practitioners.hours import format_week
from directory.practitioners.models import Practitioner

READ_BATCH = 1000


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def listing_row(practitioner: Practitioner) -> dict[str, str]:
    """One listing as a row of the import file."""
    p, practice = practitioner, practitioner.practice
    return {
        "name": p.name,
        "profession": p.profession.slug,
        "practice_name": practice.name,
        "address": practice.address,
        "suburb": practice.suburb,
        "state": practice.state,
        "postcode": practice.postcode,
        "slug": p.slug,
        "phone": practice.phone or "",
        "email": practice.email or "",
        "website": practice.website or "",
        "registration_number": p.registration_number or "",
        "association": p.association or "",
        "specialties": ";".join(s.slug for s in p.specialties),
        "payers": ";".join(s.slug for s in p.payers),
        "languages": ";".join(p.languages or []),
        "bio": p.bio or "",
        "gender": p.gender or "",
        "telehealth": _yes(p.telehealth),
        "home_visits": _yes(p.home_visits),
        "after_hours": _yes(p.after_hours),
        "wheelchair_access": _yes(practice.wheelchair_access),
        # repr: the shortest text that reads back as the same float.
        "lat": repr(practice.lat),
        "lng": repr(practice.lng),
        "hours": format_week(p.hours),
        "data_source": p.data_source or "",
        "data_source_id": p.data_source_id or "",
    }


def listings(session: Session, limit: int | None = None, include_demo: bool = True) -> Iterator[Practitioner]:
    """Every listing in id order, READ_BATCH at a time (by id, not OFFSET), with what a row needs."""
    last, left = 0, limit
    while left is None or left > 0:
        size = READ_BATCH if left is None else min(READ_BATCH, left)
        query = (
            sa.select(Practitioner)
            .where(Practitioner.id > last)
            .order_by(Practitioner.id)
            .limit(size)
            .options(
                joinedload(Practitioner.practice),
                joinedload(Practitioner.profession),
                selectinload(Practitioner.specialties),
                selectinload(Practitioner.payers),
            )
        )
        if not include_demo:
            query = query.where(Practitioner.is_demo.is_(False))
        page = session.scalars(query).unique().all()
        if not page:
            return
        yield from page
        last = page[-1].id
        if left is not None:
            left -= len(page)
        session.expunge_all()  # keep memory flat over 100,000 listings


def write_csv(
    session: Session,
    handle: TextIO,
    columns: Sequence[str] = COLUMNS,
    limit: int | None = None,
    include_demo: bool = True,
) -> int:
    """Write the listings to ``handle`` (header first); return how many rows were written."""
    writer = csv.writer(handle)
    writer.writerow(columns)
    written = 0
    for practitioner in listings(session, limit, include_demo):
        row = listing_row(practitioner)
        writer.writerow([row[column] for column in columns])
        written += 1
    return written
