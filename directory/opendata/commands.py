"""``flask export-listings FILE.csv`` and ``flask export-hsds DIR``: the directory's facts as open data."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from directory.extensions import db
from directory.mail import links_outside_a_request
from directory.opendata import hsds
from directory.opendata.licence import LICENCE_LINE, dataset
from directory.practitioners.csv_export import listings, write_csv


@click.command("export-listings")
@click.argument("csv_file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--no-demo", is_flag=True, help="Leave out demo listings.")
@with_appcontext
def export_listings_command(csv_file: Path, no_demo: bool) -> None:
    """Write every listing to CSV_FILE in the columns `import-practitioners` reads (README). Importing
    the file again changes nothing. No reviews are exported."""
    started = time.perf_counter()
    with csv_file.open("w", encoding="utf-8", newline="") as handle:
        written = write_csv(db.session, handle, include_demo=not no_demo)
    db.session.remove()
    noun = "listing" if written == 1 else "listings"
    click.echo(f"Wrote {written:,} {noun} to {csv_file} in {time.perf_counter() - started:.1f} s.")
    click.echo(LICENCE_LINE)


def _write_array(path: Path, records) -> int:
    """A JSON array written one record at a time (the whole directory never sits in memory)."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for record in records:
            handle.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
    return count


@click.command("export-hsds")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-demo", is_flag=True, help="Leave out demo listings.")
@with_appcontext
def export_hsds_command(directory: Path, no_demo: bool) -> None:
    """Write the listings to DIRECTORY as Open Referral HSDS 3.0 JSON: services.json (fully nested),
    organizations.json, locations.json, service_at_locations.json, and dataset.json (the version,
    the licence and the credits). Links are built from BASE_URL. No reviews are exported."""
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with links_outside_a_request():
        services = _write_array(
            directory / "services.json",
            (hsds.service(p) for p in listings(db.session, include_demo=not no_demo)),
        )
        sal = _write_array(
            directory / "service_at_locations.json",
            (hsds.service_at_location(p) for p in listings(db.session, include_demo=not no_demo)),
        )
        kept = [p for p in hsds.practices(db.session) if not no_demo or not p.is_demo]
        organizations = _write_array(
            directory / "organizations.json", (hsds.organization(p, p.practitioners) for p in kept)
        )
        locations = _write_array(
            directory / "locations.json",
            (hsds.location(p, next((x for x in p.practitioners if x.origin), None)) for p in kept),
        )
        meta = dataset(
            {
                "services.json": services,
                "organizations.json": organizations,
                "locations.json": locations,
                "service_at_locations.json": sal,
            }
        )
        (directory / "dataset.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    db.session.remove()
    click.echo(
        f"Wrote {services:,} services, {organizations:,} organizations, {locations:,} locations and {sal:,} "
        f"services at locations (HSDS {hsds.HSDS_VERSION}) to {directory} in {time.perf_counter() - started:.1f} s."
    )
    click.echo(LICENCE_LINE)


def register(app: Flask) -> None:
    app.cli.add_command(export_listings_command)
    app.cli.add_command(export_hsds_command)
