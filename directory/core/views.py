"""Home page, health check and sitemap."""

from __future__ import annotations

import itertools
import logging
import math

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, url_for

from directory.errors import RETRY_AFTER_SECONDS
from directory.extensions import db
from directory.links import absolute_url
from directory.practitioners.landing import PATH_OF, landing_args
from directory.practitioners.links import listing_urls
from directory.practitioners.models import Practitioner
from directory.practitioners.reference import reference
from directory.search.landing import city_landings, suburb_landings

bp = Blueprint("core", __name__)
log = logging.getLogger(__name__)

SITEMAP_LIMIT = 50_000  # the sitemap protocol's limit per file
# Linked from the home page (each has a landing page per profession).
CAPITAL_CITIES = (
    ("Sydney", "NSW"),
    ("Melbourne", "VIC"),
    ("Brisbane", "QLD"),
    ("Perth", "WA"),
    ("Adelaide", "SA"),
    ("Canberra", "ACT"),
    ("Hobart", "TAS"),
    ("Darwin", "NT"),
)


@bp.get("/")
def index():
    ref = reference(db.session)
    return render_template(
        "core/index.html",
        professions=ref.professions,
        specialties=ref.specialties,
        cities=CAPITAL_CITIES,
        landing_args=landing_args,
    )


@bp.get("/manifest.webmanifest")
def manifest():
    """The web-app manifest: name, colours and icons for a phone's home screen."""
    icons = [
        {"src": url_for("static", filename=f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons.append({"src": url_for("static", filename="img/logo.svg"), "sizes": "any", "type": "image/svg+xml"})
    body = {
        "name": "MoveWell Directory",
        "short_name": "MoveWell",
        "description": "Find physiotherapists and remedial massage therapists near you.",
        "start_url": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5c73",
        "lang": "en-AU",
        "icons": icons,
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="img/icon-32.png"), 301)


@bp.get("/robots.txt")
def robots():
    """Crawlers may read everything public; not the forms, accounts, owners' and administrators'
    pages. Search pages stay crawlable (their canonical address is /search). The sitemap says where to start."""
    lines = [
        "User-agent: *",
        "Disallow: /account/",
        "Disallow: /admin",
        "Disallow: /dashboard",
        "Disallow: /api/",
        "Disallow: /*/reviews/new",
        "Disallow: /*/claim",
        "Disallow: /*/edit",
        "Disallow: /*/corrections/new",
        "",
        f"Sitemap: {absolute_url('core.sitemap')}",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        log.exception("Health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return jsonify(status="ok", database="ok")


def _per_file() -> int:
    return current_app.config.get("SITEMAP_URLS_PER_FILE", SITEMAP_LIMIT)


def _xml(template: str, **context) -> Response:
    return Response(render_template(template, **context), mimetype="application/xml")


@bp.get("/sitemap.xml")
def sitemap():
    """The sitemap index: the site's pages, then listings and landing pages in files of at most
    50,000 addresses each (the protocol's limit), so it scales past 50,000 listings."""
    per_file = _per_file()
    listings = db.session.scalar(sa.select(sa.func.count()).select_from(Practitioner))
    places = sum(1 for _ in suburb_landings(db.session))
    files = [absolute_url("core.sitemap_pages")]
    files += [absolute_url("core.sitemap_listings", n=n) for n in range(1, math.ceil(listings / per_file) + 1)]
    files += [absolute_url("core.sitemap_places", n=n) for n in range(1, math.ceil(places / per_file) + 1)]
    return _xml("core/sitemap_index.xml", files=files)


@bp.get("/sitemaps/pages.xml")
def sitemap_pages():
    """The site's own pages and the landing page of each profession in each city."""
    urls = [
        absolute_url("core.index"),
        absolute_url("listings.guide"),
        absolute_url("reviews.policy"),
        absolute_url("reviews.disputes"),
        absolute_url("transparency.report"),
        absolute_url("opendata.about"),
        absolute_url("search.results"),
    ]
    urls += [
        absolute_url("search.landing", professions=PATH_OF[profession], place=place)
        for profession, place in city_landings(db.session)
    ]
    return _xml("core/sitemap.xml", urls=urls)


@bp.get("/sitemaps/listings-<int:n>.xml")
def sitemap_listings(n: int):
    per_file = _per_file()
    if n < 1:
        abort(404)
    slugs = list(
        db.session.scalars(
            sa.select(Practitioner.slug).order_by(Practitioner.id).offset((n - 1) * per_file).limit(per_file)
        )
    )
    if not slugs:
        abort(404)
    urls = listing_urls(slugs, external=True)
    return _xml("core/sitemap.xml", urls=[urls[slug] for slug in slugs])


@bp.get("/sitemaps/places-<int:n>.xml")
def sitemap_places(n: int):
    """Landing pages of a profession in each suburb that has one of its practitioners."""
    per_file = _per_file()
    chosen = list(itertools.islice(suburb_landings(db.session), (n - 1) * per_file, n * per_file)) if n >= 1 else []
    if not chosen:
        abort(404)
    urls = [
        absolute_url("search.landing", professions=PATH_OF[profession], place=place) for profession, place in chosen
    ]
    return _xml("core/sitemap.xml", urls=urls)
