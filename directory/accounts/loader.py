"""Flask-Login's user loader: the session names an account *and* its session version."""

from __future__ import annotations

from directory.accounts.models import User
from directory.extensions import db


def load_user(session_id: str) -> User | None:
    """Return the account for ``"<id>:<session_version>"``, or None when that session has ended."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user
