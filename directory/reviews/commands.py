"""``flask --app wsgi reviews …``: check the stored rating aggregates, delete expired reviews."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from directory.extensions import db
from directory.mail import links_outside_a_request, send
from directory.reviews import moderation, notifications, owners, status, submission

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


@reviews_cli.command("rescreen")
def rescreen() -> None:
    """Apply the rules of decision 0008 to what came before them: read held reviews again with the
    clinical-testimonial rule and publish those it no longer holds, and screen owners' responses
    published before responses were screened, holding those that trip. Run once after upgrading;
    harmless to run again."""
    published, read = moderation.rescreen_held_for_clinical_wording(db.session)
    responses_held = owners.screen_published_responses(db.session)
    db.session.commit()
    with links_outside_a_request():
        for review in published:
            send(notifications.decision(review, review.practitioner, rescreened=True))
            notice = notifications.owner_notice(review, review.practitioner)
            if notice is not None:
                send(notice)
    click.echo(f"Read {read:,} held reviews with clinical wording again: {len(published):,} published.")
    click.echo(f"Held {responses_held:,} published owners' responses for a moderator.")


def register(app: Flask) -> None:
    app.cli.add_command(reviews_cli)
