"""Security headers on every response, and the values every template needs."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, g, request

from directory.clock import as_utc
from directory.errors import InvalidInput, InvalidParameter
from directory.extensions import db
from directory.links import absolute_url
from directory.practitioners import queries
from directory.text import MESSAGE, control_character

# Map tiles come from OpenStreetMap in the visitor's browser; everything else is ours.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: https://tile.openstreetmap.org",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


def demo_data_loaded() -> bool:
    """True while any demo practitioner is in the database (read at most once a minute; not at
    all while the database is unavailable)."""
    if g.get("database_unavailable"):
        return False
    return queries.demo_data_loaded(db.session)


def register(app: Flask) -> None:
    app.jinja_env.globals["absolute_url"] = absolute_url

    @app.before_request
    def refuse_control_characters():
        """No control character in the address or a query parameter (``directory.text``): none has a
        use there, and a NUL byte would reach the database."""
        if control_character(request.path, allow_newlines=False):
            raise InvalidInput(MESSAGE)
        for key, value in request.args.items(multi=True):
            if control_character(key, allow_newlines=False):
                raise InvalidParameter(MESSAGE)
            if control_character(value):
                raise InvalidParameter(MESSAGE, field=key)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        if app.config.get("PRODUCTION"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    @app.context_processor
    def template_globals():
        return {"demo_data_loaded": demo_data_loaded}

    @app.template_filter("star_glyphs")
    def star_glyphs(value: float, leeway: float = 0.0) -> str:
        """Five stars, filled up to ``value``: ``4.6`` → ``★★★★★`` with a leeway of 0.25."""
        return "".join("★" if value >= stars - leeway else "☆" for stars in range(1, 6))

    @app.template_filter("long_date")
    def long_date(value: datetime | None) -> str:
        """A moment as the day it fell on in UTC: ``"3 June 2026"`` (empty for None)."""
        if value is None:
            return ""
        value = as_utc(value)
        return f"{value.day} {value:%B %Y}"

    @app.template_filter("month_name")
    def month_name(value: str) -> str:
        """``"2026-04"`` → ``"April 2026"``; anything else is shown as it is."""
        try:
            return datetime.strptime(value, "%Y-%m").strftime("%B %Y")
        except (TypeError, ValueError):
            return value
