"""``flask --app wsgi listings …``: keeping listings' details fresh."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from directory.extensions import db
from directory.listings import notifications
from directory.mail import links_outside_a_request, send
from directory.practitioners import freshness

listings_cli = AppGroup("listings", help="Listings: keeping their details fresh.")


@listings_cli.command("remind-stale")
def remind_stale() -> None:
    """E-mail the owners of claimed listings whose details were not confirmed for six months
    (again each month until they are). Run daily, e.g. from cron. Only the reminders actually sent
    are recorded, so an owner whose e-mail failed is reminded on the next run."""
    due = freshness.owners_to_remind(db.session)
    sent: list[int] = []
    with links_outside_a_request():
        for practitioner in due:
            if send(notifications.confirm_reminder(practitioner)):
                sent.append(practitioner.id)
    freshness.mark_reminded(db.session, sent)
    db.session.commit()
    failed = len(due) - len(sent)
    click.echo(
        f"Reminded {len(sent):,} owners of listings not confirmed for six months"
        + (f"; {failed:,} e-mails could not be sent." if failed else ".")
    )
    if failed:
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(listings_cli)
