"""A search result as it is shown: the practitioner's card, read in the same statement as the
search (no ORM objects, no query per result)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from directory.practitioners.models import Practitioner, practitioner_specialties
from directory.practitioners.reference import ProfessionRef, Reference, SpecialtyRef


@dataclass(frozen=True)
class Card:
    id: int
    slug: str
    name: str
    profession: ProfessionRef
    specialties: tuple[SpecialtyRef, ...]  # by name
    practice_name: str
    suburb: str
    state: str
    postcode: str
    lat: float
    lng: float
    rating_count: int
    rating_mean: float | None
    claimed: bool

    @property
    def specialty_names(self) -> str:
        return " · ".join(specialty.name for specialty in self.specialties)

    @classmethod
    def from_practitioner(cls, practitioner: Practitioner, ref: Reference) -> Card:
        """The card of a loaded practitioner (specialties loaded), for pages that have one."""
        practice = practitioner.practice
        return cls(
            practitioner.id,
            practitioner.slug,
            practitioner.name,
            ref.profession_by_id(practitioner.profession_id),
            tuple(ref.specialty_by_id(s.id) for s in practitioner.specialties),
            practice.name,
            practice.suburb,
            practice.state,
            practice.postcode,
            practice.lat,
            practice.lng,
            practitioner.rating_count,
            practitioner.rating_mean,
            practitioner.owner_id is not None,
        )


def card_columns(practitioners: sa.Table, practices: sa.Table, id_column) -> list:
    """The columns a card needs, for a statement that joins practitioners and practices; the
    specialties come as one comma-separated list of ids (a correlated subquery on ``id_column``)."""
    link = practitioner_specialties
    specialty_ids = (
        sa.select(sa.func.aggregate_strings(sa.cast(link.c.specialty_id, sa.String), ","))
        .where(link.c.practitioner_id == id_column)
        .scalar_subquery()
    )
    return [
        practitioners.c.id.label("id"),
        practitioners.c.slug,
        practitioners.c.name.label("name"),
        practitioners.c.profession_id,
        practitioners.c.owner_id,
        practitioners.c.rating_count,
        practitioners.c.rating_mean,
        practices.c.name.label("practice_name"),
        practices.c.suburb,
        practices.c.state,
        practices.c.postcode,
        practices.c.lat,
        practices.c.lng,
        specialty_ids.label("specialty_ids"),
    ]


def cards_from_rows(rows: Iterable, ref: Reference) -> list[Card]:
    cards = []
    for row in rows:
        specialties = sorted(
            (ref.specialty_by_id(int(sid)) for sid in (row.specialty_ids or "").split(",") if sid),
            key=lambda specialty: specialty.name,
        )
        cards.append(
            Card(
                row.id,
                row.slug,
                row.name,
                ref.profession_by_id(row.profession_id),
                tuple(specialties),
                row.practice_name,
                row.suburb,
                row.state,
                row.postcode,
                row.lat,
                row.lng,
                row.rating_count,
                row.rating_mean,
                row.owner_id is not None,
            )
        )
    return cards
