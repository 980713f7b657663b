"""What every page of the administrators' area shares: the blueprint, its guard and rate limit,
and the small helpers of its views.

Every route of the blueprint is for administrators only: ``require_admin`` runs before each of
them, so a new route cannot forget the check. Decisions go through the services, the view commits
once, and only then are e-mails sent (a failed e-mail keeps the decision and says so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, request
from flask_login import current_user

from directory.accounts.models import User
from directory.errors import DomainError
from directory.extensions import db, limiter, login_manager
from directory.mail import Email, send
from directory.pagination import Page, page_number, paginate

bp = Blueprint("admin", __name__)

PER_PAGE = 25

# Every POST of the area shares one budget per client address (generous for a person working
# a queue, small for a script). RATELIMIT_ADMIN can change it, e.g. in tests.
limiter.limit(
    lambda: current_app.config.get("RATELIMIT_ADMIN", "120/hour"),
    methods=["POST"],
    error_message="Too many decisions from this address; wait a few minutes.",
)(bp)


@bp.before_request
def require_admin():
    """Anonymous visitors go to the login page (as with login_required); other accounts get 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


def current_admin() -> User:
    return current_user._get_current_object()


def requested_page() -> int:
    """The page of a queue the request asks for (``?page=``)."""
    return page_number(request.args.get("page"))


def queue_page(statement: sa.Select, *, order_by: Sequence, options: Sequence = ()) -> Page:
    """The page of a queue the request asks for, PER_PAGE rows at a time."""
    return paginate(db.session, statement, page=requested_page(), per_page=PER_PAGE, order_by=order_by, options=options)


def send_or_warn(email: Email) -> None:
    """Send after the commit; a failure is reported to the administrator, the decision stays."""
    if not send(email):
        flash(
            f"The decision is saved, but the e-mail to {email.to} could not be sent. Tell them another way.", "warning"
        )


def commit_decision(form, decide: Callable[[], object], default_field: str | None = None) -> bool:
    """Run a decision service and commit what it did. When it refuses, roll back, show its message
    on ``form`` (next to its field, or ``default_field``) and return False."""
    try:
        decide()
    except DomainError as error:
        db.session.rollback()
        form.show_error(error, default_field)
        return False
    db.session.commit()
    return True
