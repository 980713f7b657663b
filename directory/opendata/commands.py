"""``flask export-listings FILE.csv`` and ``flask export-hsds DIR``: the directory's facts as open data."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from directory.extensions import db
from directory.opendata.licence import LICENCE_LINE
from directory.practitioners.csv_export import write_csv


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


def register(app: Flask) -> None:
    app.cli.add_command(export_listings_command)
