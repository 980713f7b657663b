"""Domain errors raised by services, and the handlers that turn them into responses."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, SecurityError

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the directory refused the request. ``code`` is stable; ``message`` is for people."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidParameter(DomainError):
    code = "invalid_parameter"


@dataclass(frozen=True)
class PlaceCandidate:
    label: str
    name: str
    state: str
    postcode: str | None
    lat: float
    lng: float

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "name": self.name,
            "state": self.state,
            "postcode": self.postcode,
            "lat": self.lat,
            "lng": self.lng,
        }


class PlaceNotFound(DomainError):
    code = "place_not_found"
    status = 404

    def __init__(self, query: str, suggestions: list[PlaceCandidate], field: str = "near") -> None:
        message = f"We could not find a place called “{query}”."
        if suggestions:
            message += " Did you mean " + " or ".join(s.label for s in suggestions[:3]) + "?"
        super().__init__(message, field=field)
        self.suggestions = suggestions

    def to_dict(self) -> dict:
        return super().to_dict() | {"suggestions": [s.to_dict() for s in self.suggestions]}


class AmbiguousPlace(DomainError):
    code = "ambiguous_place"
    status = 400

    def __init__(self, query: str, candidates: list[PlaceCandidate], field: str = "near") -> None:
        super().__init__(
            f"There are {len(candidates)} places called “{query}”. Add a state or postcode, or pick one.",
            field=field,
        )
        self.candidates = candidates

    def to_dict(self) -> dict:
        return super().to_dict() | {"candidates": [c.to_dict() for c in self.candidates]}


@dataclass
class _ErrorPage:
    title: str
    message: str


_PAGES = {
    400: _ErrorPage("Bad request", "Something in that request did not make sense to us."),
    403: _ErrorPage("Not allowed", "You do not have permission to see this page."),
    404: _ErrorPage("Page not found", "There is nothing at this address."),
    405: _ErrorPage("Method not allowed", "That action is not available here."),
    429: _ErrorPage("Too many requests", "You have done this too many times for now. Please try again later."),
    500: _ErrorPage("Something went wrong", "We have logged the problem. Please try again."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _error_response(status: int, code: str, message: str, field: str | None = None):
    if _wants_json():
        return jsonify(error={"code": code, "message": message, "field": field}), status
    page = _PAGES.get(status, _PAGES[500 if status >= 500 else 400])
    return render_template("errors/error.html", status=status, page=page, detail=message), status


def register_error_handlers(app: Flask) -> None:
    from directory.extensions import db

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

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return _error_response(500, "internal_error", "An unexpected error occurred.")
