"""``flask import-ratings FILE`` and ``flask sources add|list|refresh``."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from directory.extensions import db
from directory.sources.adapters import configured_adapters
from directory.sources.feed import import_feed
from directory.sources.feed_rows import COLUMNS, FeedUnreadable, read_feed
from directory.sources.models import RatingSource
from directory.sources.refresh import refresh
from directory.sources.services import InvalidSourceValue, register_feed_source

sources_cli = AppGroup("sources", help="Rating sources: the sites whose ratings listings show beside ours.")


@sources_cli.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The source's name as the site shows it.")
@click.option("--home-url", required=True, help="Its home page.")
@click.option("--terms-url", default=None, help="Where its terms are.")
@click.option(
    "--keep-days",
    required=True,
    type=click.IntRange(1, 3650),
    help="How many days its terms let us keep and show a figure; past that it is hidden, then deleted.",
)
@click.option("--excerpts/--no-excerpts", default=False, help="Whether its terms let us show review excerpts.")
@with_appcontext
def add_source(slug: str, name: str, home_url: str, terms_url: str | None, keep_days: int, excerpts: bool) -> None:
    """Register a feed source (or change its name and terms), before importing its ratings."""
    try:
        source, created = register_feed_source(db.session, slug, name, home_url, terms_url, keep_days, excerpts)
    except InvalidSourceValue as error:
        raise click.BadParameter(error.message, param_hint=f"--{(error.field or 'slug').replace('_', '-')}") from None
    db.session.commit()
    click.echo(
        f"{'Added' if created else 'Updated'} {source.name} ({source.slug}): figures kept {keep_days} days, "
        f"excerpts {'shown' if excerpts else 'not kept'}."
    )


@sources_cli.command("list")
@with_appcontext
def list_sources() -> None:
    """The registered sources and their terms; which API adapters are on."""
    adapters = configured_adapters(current_app)
    for source in db.session.scalars(db.select(RatingSource).order_by(RatingSource.slug)):
        state = "" if source.kind == "feed" else (" (on)" if source.slug in adapters else " (off: no key)")
        click.echo(
            f"{source.slug}: {source.name}, {source.kind}{state}, kept {source.max_age_hours} hours, "
            f"excerpts {'yes' if source.excerpts_allowed else 'no'}, {source.home_url}"
        )
    if not adapters:
        click.echo("No API adapter is on (set YELP_API_KEY to turn on Yelp).")


@sources_cli.command("refresh")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(0, 100_000), help="Requests per adapter.")
@with_appcontext
def refresh_sources(limit: int) -> None:
    """Delete figures past their source's caching limit, check owners' links and read due figures
    through each API adapter that is on. Run it hourly or daily, e.g. from cron."""
    report = refresh(db.session, configured_adapters(current_app), limit=limit)
    db.session.commit()
    click.echo(f"Deleted {report.purged:,} figures past their source's caching limit.")
    for slug, read in report.read.items():
        stopped = " (stopped: the source refused more requests; the rest wait for the next run)"
        click.echo(
            f"{slug}: {read:,} read, {report.failed[slug]:,} not found or failed"
            + (stopped if slug in report.stopped else "")
            + "."
        )
    if report.approved or report.left_for_admin:
        click.echo(
            f"Owners' links: {report.approved:,} checked and linked, "
            f"{report.left_for_admin:,} left for an administrator."
        )
    if not report.read:
        click.echo("No API adapter is on: nothing to read.")


@click.command("import-ratings")
@click.argument("feed_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to list the rows not applied (default: FILE.report.csv beside the file).",
)
@with_appcontext
def import_ratings_command(feed_file: Path, report_path: Path | None) -> None:
    """Import ratings from another source: a CSV or JSON feed (README). Idempotent; rows that match
    no listing or several are reported, never guessed."""
    try:
        rows = read_feed(feed_file)
    except FeedUnreadable as error:
        raise click.ClickException(str(error)) from None
    started = time.perf_counter()
    with click.progressbar(length=len(rows), label="Importing ratings", show_pos=True) as bar:
        report = import_feed(db.session, rows, progress=bar.update)
    db.session.commit()
    click.echo(
        f"Read {len(rows):,} rows in {time.perf_counter() - started:.1f} s. Listings' figures: {report.created:,} "
        f"created, {report.updated:,} updated, {report.unchanged:,} unchanged. Rows: {report.count('unmatched'):,} "
        f"unmatched, {report.count('ambiguous'):,} ambiguous, {report.count('rejected'):,} rejected."
    )
    if report.excerpts_left_out:
        click.echo(
            f"{report.excerpts_left_out:,} excerpts left out: the source's terms do not allow them, or they "
            "praise a registered practitioner's treatment (a testimonial)."
        )
    if report.problems:
        report_path = report_path or feed_file.with_name(feed_file.stem + ".report.csv")
        with report_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["line", "outcome", "column", "reason", *COLUMNS])
            for problem in report.problems:
                raw = {str(k).strip().lower(): v for k, v in problem.raw.items() if k is not None}
                writer.writerow(
                    [problem.line, problem.outcome, problem.column, problem.message, *(raw.get(c, "") for c in COLUMNS)]
                )
        click.echo(f"Rows not applied, with the reason for each: {report_path}")
        for problem in report.problems[:10]:
            click.echo(f"  line {problem.line}, {problem.outcome}: {problem.message}")


def register(app: Flask) -> None:
    app.cli.add_command(sources_cli)
    app.cli.add_command(import_ratings_command)
