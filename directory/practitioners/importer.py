"""Importing practitioners from a CSV file (``flask import-practitioners FILE.csv``).

The columns are documented in the README and in ``csv_rows.COLUMNS``. Every row is checked in full
before anything is written, so a rejected row writes nothing; the report lists each rejected line
with its reason. Rows are matched to listings by ``slug`` (made from name and suburb when the
column is empty), so importing the same file twice changes nothing the second time. A claimed
listing is left as its owner keeps it. Practices are shared by practitioners with the same
practice name, address and postcode. A row naming an object of an open data set (``data_source``,
``data_source_id``: ``flask import-osm`` writes such rows) is matched to the listing made from that
object whatever its slug, so a reimport updates it and never duplicates it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from directory.audit.services import record_many
from directory.bulk import insert_rows, one_of
from directory.geo.errors import AmbiguousPlace, PlaceNotFound
from directory.geo.gazetteer import locate_exactly
from directory.models_base import refresh_planner_statistics
from directory.practitioners import freshness
from directory.practitioners.credentials import number_changed
from directory.practitioners.csv_rows import COLUMNS, REQUIRED, Reference, RowRejected, missing_columns, parse_row
from directory.practitioners.hours import open_days
from directory.practitioners.import_books import NewPractice, Origins, Practices
from directory.practitioners.models import (
    Practice,
    Practitioner,
    practitioner_payers,
    practitioner_specialties,
)

__all__ = ["COLUMNS", "REQUIRED", "ImportReport", "Rejection", "import_rows", "missing_columns"]


@dataclass
class Rejection:
    line: int
    column: str
    message: str
    row: dict


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    claimed: int = 0  # claimed listings left as their owners keep them
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.claimed + len(self.rejected)


PRACTITIONER_COLUMNS = (
    "name",
    "registration_number",
    "association",
    "bio",
    "languages",
    "gender",
    "telehealth",
    "home_visits",
    "after_hours",
)


@dataclass
class _Batch:
    """What one batch writes: new listings as rows, changed listings through the session."""

    created: list[tuple[dict, NewPractice | Practice]] = field(default_factory=list)
    moved: list[tuple[Practitioner, NewPractice]] = field(default_factory=list)
    events: list[tuple[Practitioner | str, dict]] = field(default_factory=list)


BATCH = 500
# PostgreSQL: the tables an import writes are ANALYZEd in its transaction (which counts its own
# rows) each time the listings have doubled, from this many on. Into an empty database the
# planner otherwise kept planning for empty tables, and each batch took longer than the last:
# 100,000 rows took 76 s, against 50–67 s (docs/profile.md, sixth round). Until the import
# commits, a VACUUM or ANALYZE of those tables elsewhere waits for it (reads and writes do not);
# a table that another session is analyzing or vacuuming is skipped, not waited for (two imports
# waiting for each other's ANALYZE would deadlock).
GROWTH_FROM = 1000


class _Statistics:
    """The planner's statistics of the tables an import writes, kept up with their growth."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.on = session.get_bind().dialect.name == "postgresql"
        self.before: int | None = None  # listings before the import: counted once it is large
        self.analyzed_at = 0  # listings when the tables were last analyzed

    def grown(self, created: int) -> None:
        if not self.on or created < GROWTH_FROM:
            return
        if self.before is None:
            listings = self.session.scalar(sa.select(sa.func.count()).select_from(Practitioner))
            self.before = listings - created
            self.analyzed_at = max(self.before, GROWTH_FROM // 2)
        if self.before + created >= 2 * self.analyzed_at:
            self.session.flush()
            tables = (Practice.__table__, Practitioner.__table__, practitioner_specialties, practitioner_payers)
            refresh_planner_statistics(self.session, tables, skip_locked=True)
            self.analyzed_at = self.before + created


def import_rows(
    session: Session, rows: Iterable[tuple[int, dict]], resolver, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import ``(line number, row)`` pairs, BATCH rows at a time: a few statements per batch, not
    per row. Flushes; the caller commits."""
    reference = Reference(session)
    report = ImportReport()
    practices = Practices(session)
    origins = Origins(session)
    statistics = _Statistics(session)
    batch: list[tuple[int, dict]] = []
    for pair in rows:
        batch.append(pair)
        if len(batch) >= BATCH:
            _import_batch(session, batch, reference, resolver, practices, origins, report, progress)
            statistics.grown(report.created)
            batch = []
    if batch:
        _import_batch(session, batch, reference, resolver, practices, origins, report, progress)
    session.flush()
    report.rejected.sort(key=lambda rejection: rejection.line)
    return report


def _import_batch(session, batch, reference, resolver, practices, origins, report, progress) -> None:
    parsed = []
    for line, row in batch:
        try:
            parsed.append((line, row, parse_row(row, reference)))
        except RowRejected as rejected:
            _reject(report, progress, line, row, rejected)
    origins.resolve(parsed)
    # Suburbs found by name, state and postcode in one statement; the others one by one, which
    # also explains a suburb that is not found or is ambiguous.
    placed = locate_exactly(session, {(v["suburb"], v["state"], v["postcode"]) for _, _, v in parsed})
    checked = []
    for line, row, values in parsed:
        coordinates = values["coordinates"]
        if coordinates is None:
            place = placed.get((values["suburb"], values["state"], values["postcode"]))
            if place is None:
                try:
                    text = f"{values['suburb']} {values['state']} {values['postcode']}"
                    place = resolver.resolve(session, text, field="suburb")
                except (PlaceNotFound, AmbiguousPlace) as error:
                    _reject(report, progress, line, row, RowRejected("suburb", error.message))
                    continue
            coordinates = (place.lat, place.lng)
        checked.append((line, row, values, coordinates))
    # A slug seen twice updates what the first row wrote: a new run starts at the second.
    run: list = []
    slugs: set[str] = set()
    for item in checked:
        if item[2]["slug"] in slugs:
            _write_run(session, run, practices, report, progress)
            run, slugs = [], set()
        run.append(item)
        slugs.add(item[2]["slug"])
    if run:
        _write_run(session, run, practices, report, progress)


def _reject(report: ImportReport, progress, line: int, row: dict, rejected: RowRejected) -> None:
    report.rejected.append(Rejection(line, rejected.column, rejected.message, row))
    if progress:
        progress(1)


def _write_run(session: Session, run: list, practices: Practices, report: ImportReport, progress) -> None:
    existing = {
        practitioner.slug: practitioner
        for practitioner in session.scalars(
            sa.select(Practitioner)
            .where(one_of(session, Practitioner.slug, {values["slug"] for _, _, values, _ in run}))
            .options(selectinload(Practitioner.specialties), selectinload(Practitioner.payers))
        )
    }
    practices.load(values["postcode"] for _, _, values, _ in run)
    batch = _Batch()
    for line, row, values, coordinates in run:
        try:
            _store(values, coordinates, report, existing, practices, batch)
        except RowRejected as rejected:
            report.rejected.append(Rejection(line, rejected.column, rejected.message, row))
        if progress:
            progress(1)
    practices.write_new()
    for practitioner, practice in batch.moved:
        practitioner.practice = practices.stored(practice)
    ids = _insert_listings(session, batch.created)
    session.flush()  # the changed listings
    record_many(
        session,
        "listing.imported",
        ((ids[who] if isinstance(who, str) else who.id, details) for who, details in batch.events),
        actor_id=None,
    )


def _insert_listings(session: Session, created: list[tuple[dict, NewPractice | Practice]]) -> dict[str, int]:
    """Write new listings with their specialties and payers; return their ids by slug."""
    if not created:
        return {}
    table: sa.Table = Practitioner.__table__  # type: ignore[assignment]
    confirmed = freshness.confirmation("import")
    rows = [
        {
            "slug": values["slug"],
            "profession_id": values["profession"].id,
            "practice_id": practice.id,
            "hours": values["hours"] or {},
            "data_source": values["data_source"],
            "data_source_id": values["data_source_id"],
            **confirmed,
            **{column: values[column] for column in PRACTITIONER_COLUMNS},
        }
        for values, practice in created
    ]
    # Without RETURNING (COPY on PostgreSQL, bulk.py); the ids are then read back by the unique slug.
    insert_rows(session, table, rows)
    ids = dict(
        session.execute(
            sa.select(table.c.slug, table.c.id).where(one_of(session, table.c.slug, [r["slug"] for r in rows]))
        ).all()
    )
    for key, association, column in (
        ("specialties", practitioner_specialties, "specialty_id"),
        ("payers", practitioner_payers, "payer_id"),
    ):
        links = [
            {"practitioner_id": ids[values["slug"]], column: item.id} for values, _ in created for item in values[key]
        ]
        insert_rows(session, association, links)
    return ids


def _store(
    values: dict,
    coordinates: tuple[float, float],
    report: ImportReport,
    existing: dict,
    practices: Practices,
    batch: _Batch,
) -> None:
    """Add one listing to the batch, or change it. Raises RowRejected before any change."""
    practitioner = existing.get(values["slug"])
    if practitioner is not None and practitioner.owner_id is not None:
        report.claimed += 1
        return
    if practitioner is not None and practitioner.profession_id != values["profession"].id:
        raise RowRejected(
            "profession",
            f"The listing “{values['slug']}” is a {practitioner.profession.name.lower()}; give this row another slug.",
        )
    lat, lng = coordinates
    practice, practice_changes = practices.find_or_add(values, lat, lng)
    if practitioner is None:
        batch.created.append((values, practice))
        batch.events.append((values["slug"], {"created": True}))
        report.created += 1
        return
    changed = {}
    for column in PRACTITIONER_COLUMNS:
        if getattr(practitioner, column) != values[column]:
            changed[column] = [getattr(practitioner, column), values[column]]
            setattr(practitioner, column, values[column])
    if practitioner.practice_id != practice.id or practice.id is None:
        changed["practice"] = [practitioner.practice.name, practice.name]
        if isinstance(practice, Practice):
            practitioner.practice = practice
        else:
            batch.moved.append((practitioner, practice))
    if values["hours"] is not None and open_days(practitioner.hours) != values["hours"]:
        changed["hours"] = [open_days(practitioner.hours), values["hours"]]
        practitioner.hours = values["hours"]
    if values["data_source"] and (practitioner.data_source, practitioner.data_source_id) != (
        values["data_source"],
        values["data_source_id"],
    ):
        changed["data_source"] = [practitioner.data_source_id, values["data_source_id"]]
        practitioner.data_source, practitioner.data_source_id = values["data_source"], values["data_source_id"]
    for key in ("specialties", "payers"):
        old = sorted(item.slug for item in getattr(practitioner, key))
        new = sorted(item.slug for item in values[key])
        if old != new:
            changed[key] = [old, new]
            setattr(practitioner, key, values[key])
    changed.update({f"practice_{column}": change for column, change in practice_changes.items()})
    if "registration_number" in changed:
        number_changed(practitioner)  # a new number is self-declared until it is checked
    if changed:
        freshness.confirm(practices.session, practitioner, None, "import")
        report.updated += 1
        batch.events.append((practitioner, changed))
    else:
        report.unchanged += 1
