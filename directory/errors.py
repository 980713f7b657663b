"""The directory's error vocabulary, and the handlers that turn errors into responses.

Services raise a ``DomainError``: one of the kinds below (invalid input, not allowed, not found,
conflict, rate-limited), or a feature's own subclass of one of them. Each error class knows its
HTTP status once (from its kind) and its stable ``code`` once (its class name in snake case, unless
the class sets ``code``); ``message`` is for people and ``field`` names the form or query field.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, g, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, SecurityError

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class DomainError(Exception):
    """A rule of the directory refused the request. ``code`` is stable; ``message`` is for people."""

    status = 400
    code = "domain_error"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = _snake_case(cls.__name__)

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(DomainError):
    """What was sent is malformed or breaks a rule about its own value."""

    status = 400


class NotAllowed(DomainError):
    """This account (or nobody signed in) may not do this."""

    status = 403


class NotFound(DomainError):
    """What was asked for does not exist."""

    status = 404


class Conflict(DomainError):
    """The request is well formed, but the current state of things refuses it."""

    status = 409


class RateLimited(DomainError):
    """Too many attempts: try again later."""

    status = 429


class InvalidParameter(InvalidInput):
    """A query parameter of a search or an API call is not acceptable."""


@dataclass
class _ErrorPage:
    title: str
    message: str


_PAGES = {
    400: _ErrorPage("Bad request", "Something in that request did not make sense to us."),
    403: _ErrorPage("Not allowed", "You do not have permission to see this page."),
    404: _ErrorPage("Page not found", "There is nothing at this address."),
    405: _ErrorPage("Method not allowed", "That action is not available here."),
    413: _ErrorPage("Too much data", "What you sent is too large for us to accept. Please send less."),
    429: _ErrorPage("Too many requests", "You have done this too many times for now. Please try again later."),
    500: _ErrorPage("Something went wrong", "We have logged the problem. Please try again."),
    503: _ErrorPage(
        "Back soon",
        "The site cannot reach its database just now. Nothing you sent was lost. Please try again in a minute.",
    ),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _error_response(status: int, code: str, message: str, field: str | None = None):
    if _wants_json():
        return jsonify(error={"code": code, "message": message, "field": field}), status
    page = _PAGES.get(status, _PAGES[500 if status >= 500 else 400])
    return render_template("errors/error.html", status=status, page=page, detail=message), status


def settle_retry_after(response):
    """Keep Retry-After where it means something: a 429 (the rate limiter's) or a 503 (the database
    is unavailable: come back in RETRY_AFTER_SECONDS). Flask-Limiter writes the time left in the
    current window on every response of a limited route, which would tell a client whose request
    failed for another reason to wait up to an hour."""
    if response.status_code == 503 and g.get("database_unavailable"):
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    elif response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def register_error_handlers(app: Flask) -> None:
    from directory.extensions import db, login_manager

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        if _wants_json():
            return jsonify(error=error.to_dict()), error.status
        return _error_response(error.status, error.code, error.message, error.field)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if isinstance(error, SecurityError):
            # An untrusted Host header: no URL can be built for it, so answer in plain text.
            return "Bad request: this host name is not served here.", 400, {"Content-Type": "text/plain"}
        code = (error.name or "error").lower().replace(" ", "_")
        status = error.code or 500
        message = error.description if _wants_json() else _PAGES.get(status, _PAGES[400]).message
        body, status = _error_response(status, code, message)
        response = make_response(body, status)
        if status == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(sa.exc.OperationalError)
    @app.errorhandler(sa.exc.TimeoutError)
    def handle_database_unavailable(error: Exception):
        # The database is down, unreachable or locked past the busy timeout: nothing was written
        # (the transaction is rolled back), so say so and ask the client to come back.
        try:
            db.session.rollback()
        except sa.exc.SQLAlchemyError:
            log.warning("Rollback failed while the database is unavailable")
        log.error("Database unavailable on %s %s: %s", request.method, request.path, error)
        # The error page must not ask the database anything (who is signed in, demo data).
        g.database_unavailable = True
        if "_login_user" not in g:
            g._login_user = login_manager.anonymous_user()
        body, status = _error_response(503, "database_unavailable", _PAGES[503].message)
        response = make_response(body, status)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return _error_response(500, "internal_error", "An unexpected error occurred.")
