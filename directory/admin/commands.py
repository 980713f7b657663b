"""``flask --app wsgi create-admin EMAIL``: make an administrator from the command line."""

from __future__ import annotations

from datetime import UTC, datetime

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from directory.accounts import services as accounts
from directory.accounts.models import User
from directory.accounts.passwords import hash_password, password_problem
from directory.audit.services import record
from directory.extensions import db


def normalise_email(value: str) -> str:
    """The address exactly as accounts store it, or click.BadParameter."""
    try:
        return accounts.normalise_email(value)
    except accounts.InvalidEmail as error:
        raise click.BadParameter(error.message, param_hint="EMAIL") from None


@click.command("create-admin")
@click.argument("email")
@click.option(
    "--password",
    default=None,
    help="Password for the account. When omitted it is asked for (twice, hidden) for a new "
    "account, and left unchanged for an existing one. Prefer the prompt: options stay in shell history.",
)
@with_appcontext
def create_admin_command(email: str, password: str | None) -> None:
    """Create an administrator account, or make the existing account with EMAIL one."""
    email = normalise_email(email)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if password is None and user is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None:
        problem = password_problem(password, email)
        if problem:
            raise click.BadParameter(problem, param_hint="--password")

    if user is None:
        user = User(
            email=email,
            password_hash=hash_password(password),
            is_admin=True,
            # The operator vouches for the address; there is no link to follow for a CLI account.
            email_confirmed_at=datetime.now(UTC),
        )
        db.session.add(user)
        db.session.flush()
        record(db.session, "admin.created", actor_id=None, user_id=user.id, email=email)
        message = f"Created administrator {email}."
    else:
        if user.is_admin and password is None:
            click.echo(f"{email} is already an administrator; nothing changed.")
            return
        if password is not None:
            user.password_hash = hash_password(password)
            user.session_version += 1  # a new password ends the account's other sessions
        if user.is_admin:
            record(db.session, "admin.password_set", actor_id=None, user_id=user.id, email=email)
            message = f"{email} was already an administrator; password changed."
        else:
            user.is_admin = True
            record(
                db.session,
                "admin.promoted",
                actor_id=None,
                user_id=user.id,
                email=email,
                password_changed=password is not None,
            )
            message = f"{email} is now an administrator" + (" (password changed)." if password else ".")
        if not user.email_confirmed:
            message += " Note: this account has not confirmed its e-mail address yet."
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # Another process created the same address between our lookup and the insert.
        db.session.rollback()
        raise click.ClickException(
            f"An account for {email} was created at the same time; run the command again."
        ) from None
    click.echo(message)


def register(app: Flask) -> None:
    app.cli.add_command(create_admin_command)
