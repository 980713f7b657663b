"""Command-line tools (``flask --app wsgi …``). Each command owns its transaction."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from directory import backups
from directory.extensions import db
from directory.geo import extract
from directory.models_base import refresh_planner_statistics
from directory.practitioners import importer, unmodelled
from directory.practitioners.import_command import counts, import_and_commit
from directory.practitioners.models import Practitioner

places_cli = AppGroup("places", help="The offline gazetteer (GeoNames, CC BY 4.0).")


@places_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when places are already loaded.")
def places_load(if_empty: bool) -> None:
    """Load the bundled gazetteer extract into the places table (replacing its contents)."""
    if if_empty and extract.places_loaded(db.session):
        click.echo("Places already loaded; nothing to do.")
        return
    started = time.perf_counter()
    count = extract.load_places(db.session)
    db.session.commit()
    click.echo(f"Loaded {count:,} places in {time.perf_counter() - started:.1f} s.")


@click.command("seed-demo")
@click.option("--practitioners", default=2000, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option(
    "--reviews",
    default=None,
    type=click.IntRange(0, 10_000_000),
    help="Number of demo reviews [default: 3 per practitioner].",
)
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has practitioners.")
@with_appcontext
def seed_demo_command(practitioners: int, reviews: int | None, seed: int, if_empty: bool) -> None:
    """Add fictional demo practitioners and reviews, all labelled as demo data."""
    from directory.demo.seed import seed_demo

    if if_empty and db.session.scalar(sa.select(sa.exists().where(Practitioner.id.is_not(None)))):
        click.echo("The database already has practitioners; not seeding.")
        return
    if not extract.places_loaded(db.session):
        click.echo("Loading places first…")
        extract.load_places(db.session)
    reviews = practitioners * 3 if reviews is None else reviews
    if reviews and not practitioners:
        raise click.BadParameter("reviews need practitioners to review", param_hint="--reviews")
    started = time.perf_counter()
    with click.progressbar(length=practitioners + reviews, label="Seeding demo data") as bar:
        report = seed_demo(db.session, practitioners=practitioners, reviews=reviews, seed=seed, progress=bar.update)
    db.session.commit()
    refresh_planner_statistics(db.session, also=unmodelled.POSTGRESQL_TABLES)
    db.session.commit()
    click.echo(
        f"Seeded {report.practitioners:,} practitioners at {report.practices:,} practices "
        f"and {report.reviews:,} reviews in {time.perf_counter() - started:.1f} s (seed {seed})."
    )


@click.command("import-practitioners")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the rejected rows (default: FILE.rejected.csv beside the file).",
)
@with_appcontext
def import_practitioners_command(csv_file: Path, report_path: Path | None) -> None:
    """Add or update practitioners from a UTF-8 CSV file with a header row (columns in the README).

    Idempotent: rows are matched to listings by slug. Rejected rows are listed, with the line and
    the reason, in a CSV report; nothing of a rejected row is written.
    """
    try:
        with csv_file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            rows = list(reader)
    except UnicodeDecodeError:
        raise click.ClickException(f"{csv_file} is not UTF-8 text; save it as “CSV UTF-8”.") from None
    except csv.Error as error:
        raise click.ClickException(f"{csv_file} is not a readable CSV file: {error}") from None
    missing = importer.missing_columns(header)
    if missing:
        raise click.ClickException(
            f"Missing columns: {', '.join(missing)}. The header row needs at least {', '.join(importer.REQUIRED)}."
        )
    unknown = [name for name in header if (name or "").strip().lower() not in importer.COLUMNS]
    if unknown:
        click.echo(f"Ignoring unknown columns: {', '.join(unknown)}.")
    started = time.perf_counter()
    # Line numbers as a spreadsheet shows them: the header is line 1.
    result = import_and_commit(enumerate(rows, start=2), len(rows))
    click.echo(f"Read {result.read:,} rows in {time.perf_counter() - started:.1f} s: {counts(result)}")
    if result.rejected:
        report_path = report_path or csv_file.with_name(csv_file.stem + ".rejected.csv")
        with report_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["line", "column", "error", *header])
            for rejection in result.rejected:
                writer.writerow(
                    [
                        rejection.line,
                        rejection.column,
                        rejection.message,
                        *(rejection.row.get(name, "") for name in header),
                    ]
                )
        click.echo(f"Rejected rows, with the reason for each: {report_path}")
        for rejection in result.rejected[:10]:
            click.echo(f"  line {rejection.line}, {rejection.column}: {rejection.message}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database to PATH while the site serves (SQLite: its online
    backup API; PostgreSQL: pg_dump --format=custom). Prints each table's rows and checksum."""
    try:
        backups.backup(current_app, path)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    _print_fingerprint()
    click.echo(f"Backup written to {path} ({path.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that already holds practitioners.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's contents with the backup at PATH (made by `flask backup`). Prints each
    table's rows and checksum, to compare with what `flask backup` printed."""
    inspector = sa.inspect(db.engine)
    if inspector.has_table("practitioners") and not yes:
        if db.session.scalar(sa.select(sa.exists().where(Practitioner.id.is_not(None)))):
            raise click.ClickException("This database holds practitioners. Add --yes to replace it with the backup.")
    db.session.remove()
    try:
        backups.restore(current_app, path)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    _print_fingerprint()
    click.echo(f"Restored {path}.")


def _print_fingerprint() -> None:
    with db.engine.connect() as connection:
        for table, print_ in backups.fingerprint(connection, db.metadata).items():
            click.echo(f"  {table}: {print_.rows:,} rows, sha256 {print_.checksum[:16]}")


def register(app: Flask) -> None:
    from directory.admin.commands import register as register_admin_commands
    from directory.listings.commands import register as register_listing_commands
    from directory.opendata.commands import register as register_opendata_commands
    from directory.osm.commands import register as register_osm_commands
    from directory.reviews.commands import register as register_review_commands
    from directory.sources.commands import register as register_source_commands

    app.cli.add_command(places_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(import_practitioners_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    register_admin_commands(app)
    register_review_commands(app)
    register_listing_commands(app)
    register_opendata_commands(app)
    register_osm_commands(app)
    register_source_commands(app)
