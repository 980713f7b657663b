"""Security headers on every response, and the values every template needs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask, g, request
from markupsafe import Markup, escape

from directory.clock import as_utc
from directory.errors import InvalidInput, InvalidParameter
from directory.extensions import db
from directory.links import absolute_url
from directory.practitioners import queries
from directory.text import MESSAGE, control_character

TILE_SUBDOMAINS = "abc"  # what {s} in MAP_TILE_URL stands for (Leaflet's default)


def tile_origins(tile_url: str) -> list[str]:
    """The origins map tiles come from: none without a tile URL; ``{s}`` stands for a, b and c."""
    if not tile_url:
        return []
    hosts = [tile_url.replace("{s}", s) for s in TILE_SUBDOMAINS] if "{s}" in tile_url else [tile_url]
    origins = []
    for url in hosts:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def content_security_policy(tile_url: str = "") -> str:
    """Everything is ours; images may also come from the tile service when one is set."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["img-src 'self' data:", *tile_origins(tile_url)]),
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
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


def url_for_static(app: Flask, filename: str) -> str:
    """A static file's path, known before any request (static files are served at /static)."""
    return f"{app.static_url_path}/{filename}"


def options(records: Iterable, selected: str | None, label: str = "name") -> Markup:
    """The ``<option>`` elements of a list of reference records (professions, specialties, payers),
    each valued by its slug and showing its ``label``, the one whose slug is ``selected`` marked.
    The search form shows about 30 on every search page: written here, they cost a fraction of
    the same loop in Jinja (docs/profile.md, eighth round)."""
    return Markup(
        "".join(
            f'<option value="{escape(record.slug)}"{" selected" if record.slug == selected else ""}>'
            f"{escape(getattr(record, label))}</option>"
            for record in records
        )
    )


def register(app: Flask) -> None:
    app.jinja_env.globals["absolute_url"] = absolute_url
    policy = content_security_policy(app.config.get("MAP_TILE_URL", ""))
    # What the map script needs, on every page that draws a map (data attributes, escaped).
    app.jinja_env.globals["map_tiles"] = {
        "url": app.config.get("MAP_TILE_URL", ""),
        "attribution": app.config.get("MAP_TILE_ATTRIBUTION", ""),
        "max_zoom": app.config.get("MAP_TILE_MAX_ZOOM", 18),
    }

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
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        if app.config.get("PRODUCTION"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    static_icons = url_for_static(app, "vendor/bootstrap-icons/icons.svg")

    def icon(name: str) -> Markup:
        """An icon of the vendored Bootstrap Icons sprite, hidden from screen readers (the text
        beside it says what it means)."""
        return Markup(
            f'<svg class="icon" aria-hidden="true" focusable="false"><use href="{static_icons}#{name}"></use></svg>'
        )

    def canonical_url() -> str:
        """This page's address without its query string, from BASE_URL (search pages set their own)."""
        base = app.config.get("BASE_URL") or request.host_url.rstrip("/")
        return base + request.path

    def asset(filename: str) -> str:
        """A static file's path, without url_for (the layout names several on every page)."""
        return url_for_static(app, filename)

    def static_absolute(filename: str) -> str:
        base = app.config.get("BASE_URL") or request.host_url.rstrip("/")
        return base + url_for_static(app, filename)

    app.jinja_env.globals.update(
        icon=icon, canonical_url=canonical_url, static_absolute=static_absolute, asset=asset, options=options
    )

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
