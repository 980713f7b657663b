"""Command-line tools (``flask --app wsgi …``). Each command owns its transaction."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from directory.extensions import db
from directory.geo import gazetteer
from directory.listings.models import Practitioner

places_cli = AppGroup("places", help="The offline gazetteer (GeoNames, CC BY 4.0).")


@places_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when places are already loaded.")
def places_load(if_empty: bool) -> None:
    """Load the bundled gazetteer extract into the places table (replacing its contents)."""
    if if_empty and gazetteer.places_loaded(db.session):
        click.echo("Places already loaded; nothing to do.")
        return
    started = time.perf_counter()
    count = gazetteer.load_places(db.session)
    db.session.commit()
    click.echo(f"Loaded {count:,} places in {time.perf_counter() - started:.1f} s.")


@click.command("seed-demo")
@click.option("--practitioners", default=2000, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--reviews", default=None, type=click.IntRange(0, 10_000_000),
              help="Number of demo reviews [default: 3 per practitioner].")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has practitioners.")
@with_appcontext
def seed_demo_command(practitioners: int, reviews: int | None, seed: int, if_empty: bool) -> None:
    """Add fictional demo practitioners and reviews, all labelled as demo data."""
    from directory.demo.seed import seed_demo

    if if_empty and db.session.scalar(sa.select(sa.exists().where(Practitioner.id.is_not(None)))):
        click.echo("The database already has practitioners; not seeding.")
        return
    if not gazetteer.places_loaded(db.session):
        click.echo("Loading places first…")
        gazetteer.load_places(db.session)
    reviews = practitioners * 3 if reviews is None else reviews
    if reviews and not practitioners:
        raise click.BadParameter("reviews need practitioners to review", param_hint="--reviews")
    started = time.perf_counter()
    with click.progressbar(length=practitioners + reviews, label="Seeding demo data") as bar:
        report = seed_demo(db.session, practitioners=practitioners, reviews=reviews, seed=seed,
                           progress=bar.update)
    db.session.commit()
    click.echo(
        f"Seeded {report.practitioners:,} practitioners at {report.practices:,} practices "
        f"and {report.reviews:,} reviews in {time.perf_counter() - started:.1f} s (seed {seed})."
    )


def register(app: Flask) -> None:
    from directory.admin.commands import register as register_admin_commands
    from directory.reviews.commands import register as register_review_commands

    app.cli.add_command(places_cli)
    app.cli.add_command(seed_demo_command)
    register_admin_commands(app)
    register_review_commands(app)
