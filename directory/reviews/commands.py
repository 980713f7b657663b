"""``flask --app wsgi reviews …``: check the stored rating aggregates, delete expired reviews."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from directory.extensions import db
from directory.reviews import status, submission

reviews_cli = AppGroup("reviews", help="Patient reviews: aggregates and housekeeping.")


@reviews_cli.command("verify-aggregates")
@click.option("--fix", is_flag=True, help="Write the recomputed figures where they differ.")
def verify_aggregates(fix: bool) -> None:
    """Recompute every practitioner's count, mean and distribution from the published reviews and
    compare them with the stored ones. Exits with status 1 when any differ (and --fix is not given)."""
    differences = status.aggregate_differences(db.session)
    for difference in differences[:20]:
        click.echo(
            f"practitioner {difference.practitioner_id}: stored {difference.stored}, recomputed {difference.recomputed}"
        )
    if len(differences) > 20:
        click.echo(f"… and {len(differences) - 20:,} more.")
    if not differences:
        click.echo("All rating aggregates match the published reviews.")
        return
    if fix:
        status.fix_aggregates(db.session, differences)
        db.session.commit()
        click.echo(f"Fixed {len(differences):,} practitioners.")
        return
    raise SystemExit(1)


@reviews_cli.command("purge-unconfirmed")
def purge_unconfirmed() -> None:
    """Delete reviews that were not confirmed in time (run daily, e.g. from cron)."""
    deleted = submission.purge_unconfirmed(db.session)
    db.session.commit()
    click.echo(f"Deleted {deleted:,} unconfirmed reviews older than {submission.CONFIRM_WITHIN.days} days.")


def register(app: Flask) -> None:
    app.cli.add_command(reviews_cli)
