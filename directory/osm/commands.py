"""``flask import-osm FILE``: unclaimed listings from an OpenStreetMap extract, through the importer."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from directory.extensions import db
from directory.osm.places import nearest_locality
from directory.osm.reader import ExtractError, read_features
from directory.osm.tags import Skipped, to_row
from directory.practitioners.import_command import counts, import_and_commit
from directory.practitioners.taxonomy import PHYSIO

REPORT_COLUMNS = ("data_source_id", "name", "suburb", "state", "postcode")


def rows_from(session, features) -> tuple[list[dict], Counter, int]:
    """Importer rows for the objects the selection lists, with the reasons others were skipped and
    how many were placed in the nearest locality for want of address parts."""
    rows, skipped, placed = [], Counter(), 0
    for feature in features:
        try:
            row = to_row(feature)
        except Skipped as reason:
            skipped[str(reason)] += 1
            continue
        if not (row["suburb"] and row["state"] and row["postcode"]):
            locality = nearest_locality(session, feature.lat, feature.lng)
            if locality is not None:
                row.update(suburb=locality.suburb, state=locality.state, postcode=locality.postcode)
                placed += 1
        rows.append(row)
    return rows, skipped, placed


@click.command("import-osm")
@click.argument("extract", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the rejected objects (default: FILE.rejected.csv beside the file).",
)
@with_appcontext
def import_osm_command(extract: Path, report_path: Path | None) -> None:
    """Add or update unclaimed listings from an OpenStreetMap extract (GeoJSON, .osm or .osm.pbf):
    physiotherapy practices and businesses that state remedial massage (README). Each listing keeps
    its object's id, so a rerun updates it and never duplicates it; listings are credited to
    OpenStreetMap under the ODbL."""
    started = time.perf_counter()
    try:
        features, relations = read_features(extract)
    except ExtractError as error:
        raise click.ClickException(str(error)) from None
    rows, skipped, placed = rows_from(db.session, features)
    physio = sum(1 for row in rows if row["profession"] == PHYSIO)
    click.echo(
        f"Read {len(features):,} objects"
        + (f" ({relations:,} relations left out)" if relations else "")
        + f": {len(rows):,} to list ({physio:,} physiotherapy, {len(rows) - physio:,} remedial massage), "
        + f"{sum(skipped.values()):,} skipped"
        + "".join(f"; {count:,} {reason}" for reason, count in skipped.most_common())
        + "."
    )
    if placed:
        click.echo(f"{placed:,} without suburb, state or postcode placed in the nearest locality.")
    result = import_and_commit(enumerate(rows, start=1), len(rows))
    click.echo(f"Listings in {time.perf_counter() - started:.1f} s: {counts(result)}")
    if result.rejected:
        report_path = report_path or extract.with_name(extract.name.split(".")[0] + ".rejected.csv")
        with report_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["column", "error", *REPORT_COLUMNS])
            for rejection in result.rejected:
                writer.writerow(
                    [rejection.column, rejection.message, *(rejection.row.get(c, "") for c in REPORT_COLUMNS)]
                )
        click.echo(f"Rejected objects, with the reason for each: {report_path}")
        for rejection in result.rejected[:10]:
            click.echo(f"  {rejection.row['data_source_id']}, {rejection.column}: {rejection.message}")


def register(app: Flask) -> None:
    app.cli.add_command(import_osm_command)
