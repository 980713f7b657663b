"""`flask import-practitioners` throughput: the bench data set written out as a CSV file (without
coordinates, so every row is placed by the gazetteer as most real files are) and imported into an
empty database, then imported again (every row unchanged)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bench.common import BENCH_DIR
from bench.data import Target, create_bench_app
from directory.extensions import db
from directory.practitioners.csv_export import write_csv
from directory.practitioners.csv_rows import COLUMNS

EXPORTED = [column for column in COLUMNS if column not in ("lat", "lng")]


@dataclass
class ImportRun:
    rows: int
    first_s: float  # every row created
    again_s: float  # the same file again: every row unchanged

    @property
    def first_rate(self) -> float:
        return self.rows / self.first_s

    @property
    def again_rate(self) -> float:
        return self.rows / self.again_s


def export_csv(app, path: Path, limit: int) -> int:
    """Write up to ``limit`` listings of the app's database as an import file (the open-data CSV
    export, less the coordinates); return the rows written."""
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            written = sum(1 for _ in handle) - 1
        if written == limit:
            return written
    with app.app_context():
        with path.open("w", encoding="utf-8", newline="") as handle:
            written = write_csv(db.session, handle, EXPORTED, limit=limit)
        db.session.remove()
    return written


def _import(app, path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["import-practitioners", str(path)])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"import-practitioners failed: {result.output}")
    return elapsed, result.output.strip().splitlines()[-1]


def time_import(app, path: Path, rows: int) -> ImportRun:
    """Import ``path`` into the app's (empty but for the gazetteer) database twice."""
    first, report = _import(app, path)
    if f"{rows:,} created" not in report:
        raise SystemExit(f"expected {rows:,} listings created: {report}")
    again, report = _import(app, path)
    if f"{rows:,} unchanged" not in report:
        raise SystemExit(f"expected {rows:,} listings unchanged: {report}")
    return ImportRun(rows, first, again)


def empty_database(target: Target) -> Target:
    """A database beside the target's, at the newest schema, holding only the gazetteer."""
    from flask_migrate import upgrade

    from directory.geo.extract import load_places

    if target.schema is None:
        path = BENCH_DIR / "import.sqlite3"
        for old in BENCH_DIR.glob("import.sqlite3*"):
            old.unlink()
        empty = Target(target.label, f"sqlite:///{path}")
    else:
        engine = sa.create_engine(target.url)
        with engine.begin() as conn:
            conn.execute(sa.text('DROP SCHEMA IF EXISTS "bench_import" CASCADE'))
            conn.execute(sa.text('CREATE SCHEMA "bench_import"'))
        engine.dispose()
        empty = Target(target.label, target.url, "bench_import")
    app = create_bench_app(empty)
    with app.app_context():
        upgrade()
        load_places(db.session)
        db.session.commit()
        db.session.remove()
    return empty


def measure_import(source, rows: int, runs: int) -> list[ImportRun]:
    """``rows`` listings of the prepared data set exported, then imported ``runs`` times, each into
    an empty database of the same kind."""
    path = BENCH_DIR / f"import-{rows}.csv"
    written = export_csv(source.app, path, rows)
    if written != rows:
        raise SystemExit(f"the data set has {written:,} listings, not {rows:,}")
    measured = []
    for _ in range(runs):
        app = create_bench_app(empty_database(source.target))
        measured.append(time_import(app, path, rows))
        with app.app_context():
            db.engine.dispose()
    return measured
