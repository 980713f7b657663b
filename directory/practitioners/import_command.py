"""What the commands that import listings share (`import-practitioners`, `import-osm`): the rows
imported with a progress bar, committed, the planner's statistics refreshed, and the counts said
the same way."""

from __future__ import annotations

from collections.abc import Iterable

import click
from flask import current_app

from directory.extensions import db
from directory.models_base import refresh_planner_statistics
from directory.practitioners import unmodelled
from directory.practitioners.importer import ImportReport, import_rows


def import_and_commit(rows: Iterable[tuple[int, dict]], count: int) -> ImportReport:
    """Import ``(line, row)`` pairs (``count`` of them, for the progress bar) and commit; then
    refresh the planner's statistics, since a bulk load changes them (decision 0010)."""
    with click.progressbar(length=count, label="Importing", show_pos=True) as bar:
        result = import_rows(db.session, rows, current_app.extensions["place_resolver"], progress=bar.update)
    db.session.commit()
    refresh_planner_statistics(db.session, also=unmodelled.POSTGRESQL_TABLES)
    db.session.commit()
    return result


def counts(result: ImportReport) -> str:
    return (
        f"{result.created:,} created, {result.updated:,} updated, {result.unchanged:,} unchanged, "
        f"{result.claimed:,} left to their owners (claimed), {len(result.rejected):,} rejected."
    )
