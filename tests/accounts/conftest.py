"""Fixtures for the account tests: read an account's row, and a make-token-in-the-past helper."""

from __future__ import annotations

from types import SimpleNamespace

import itsdangerous
import pytest
import sqlalchemy as sa

from directory.accounts.models import User
from directory.extensions import db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "violet harbour kettle drum"


@pytest.fixture
def account(app):
    """``account(email)`` → the row as a namespace (or None); ``account.count()`` → number of accounts."""

    def read(email: str) -> SimpleNamespace | None:
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == email))
            result = None
            if user is not None:
                result = SimpleNamespace(
                    id=user.id,
                    email=user.email,
                    pending_email=user.pending_email,
                    password_hash=user.password_hash,
                    email_confirmed=user.email_confirmed,
                    session_version=user.session_version,
                    last_login_at=user.last_login_at,
                )
            db.session.remove()
            return result

    def count() -> int:
        with app.app_context():
            n = db.session.scalar(sa.select(sa.func.count()).select_from(User))
            db.session.remove()
            return n

    read.count = count
    return read


@pytest.fixture
def token_made(app, monkeypatch):
    """``token_made(seconds_ago, fn, email)``: run ``fn(user)`` (a token maker from services) as if
    ``seconds_ago`` seconds had passed since, by moving itsdangerous's clock back while signing."""

    def make(seconds_ago: int, fn, email: str) -> str:
        original = itsdangerous.TimestampSigner.get_timestamp
        with monkeypatch.context() as patch:
            patch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: original(self) - seconds_ago)
            with app.app_context():
                user = db.session.scalar(sa.select(User).where(User.email == email))
                token = fn(user)
                db.session.remove()
        return token

    return make
