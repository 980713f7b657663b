"""The reference data every page reads (professions, specialties, payers), read once per process.

These rows change only with a migration (a deploy, which restarts the workers) or through
``forget_reference()``, which anything that edits them must call. The cache holds plain frozen
records, never ORM objects, so it is safe to share between requests and threads. One cache per
database (the key is the engine URL), so the SQLite and PostgreSQL test runs never mix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.lru import Memo
from directory.practitioners.models import Payer, Profession, Specialty, specialty_professions


@dataclass(frozen=True)
class ProfessionRef:
    id: int
    slug: str
    name: str
    plural: str
    regulated: bool


@dataclass(frozen=True)
class SpecialtyRef:
    id: int
    slug: str
    name: str
    professions: tuple[str, ...]  # profession slugs, sorted


@dataclass(frozen=True)
class PayerRef:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class Reference:
    professions: tuple[ProfessionRef, ...]  # by id
    specialties: tuple[SpecialtyRef, ...]  # by name
    payers: tuple[PayerRef, ...]  # by name
    _by_slug: dict = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for kind, rows in (("profession", self.professions), ("specialty", self.specialties), ("payer", self.payers)):
            self._by_slug.update({(kind, row.slug): row for row in rows})
            self._by_id.update({(kind, row.id): row for row in rows})

    def profession(self, slug: str) -> ProfessionRef | None:
        return self._by_slug.get(("profession", slug))

    def specialty(self, slug: str) -> SpecialtyRef | None:
        return self._by_slug.get(("specialty", slug))

    def payer(self, slug: str) -> PayerRef | None:
        return self._by_slug.get(("payer", slug))

    def profession_by_id(self, profession_id: int) -> ProfessionRef:
        return self._by_id[("profession", profession_id)]

    def specialty_by_id(self, specialty_id: int) -> SpecialtyRef:
        return self._by_id[("specialty", specialty_id)]

    def payer_by_id(self, payer_id: int) -> PayerRef:
        return self._by_id[("payer", payer_id)]


_REFERENCE = Memo()  # per database URL


def reference(session: Session) -> Reference:
    """The reference data of the session's database: three queries the first time, none after."""
    return _REFERENCE.get(str(session.get_bind().url), lambda: _load(session))


def forget_reference() -> None:
    """Drop the cached reference data (after professions, specialties or payers were edited)."""
    _REFERENCE.clear()


def _load(session: Session) -> Reference:
    professions = tuple(
        ProfessionRef(p.id, p.slug, p.name, p.plural, p.regulated)
        for p in session.execute(
            sa.select(
                Profession.id, Profession.slug, Profession.name, Profession.plural, Profession.regulated
            ).order_by(Profession.id)
        )
    )
    slug_of = {p.id: p.slug for p in professions}
    links: dict[int, list[str]] = {}
    for specialty_id, profession_id in session.execute(
        sa.select(specialty_professions.c.specialty_id, specialty_professions.c.profession_id)
    ):
        links.setdefault(specialty_id, []).append(slug_of[profession_id])
    specialties = tuple(
        SpecialtyRef(s.id, s.slug, s.name, tuple(sorted(links.get(s.id, ()))))
        for s in session.execute(sa.select(Specialty.id, Specialty.slug, Specialty.name).order_by(Specialty.name))
    )
    payers = tuple(
        PayerRef(p.id, p.slug, p.name)
        for p in session.execute(sa.select(Payer.id, Payer.slug, Payer.name).order_by(Payer.name))
    )
    return Reference(professions, specialties, payers)
