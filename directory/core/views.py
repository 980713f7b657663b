"""Home page, health check and sitemap."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify, render_template

from directory.errors import RETRY_AFTER_SECONDS
from directory.extensions import db
from directory.links import absolute_url
from directory.practitioners.models import Practitioner
from directory.practitioners.reference import reference

bp = Blueprint("core", __name__)
log = logging.getLogger(__name__)

SITEMAP_LIMIT = 50_000  # the sitemap protocol's limit per file


@bp.get("/")
def index():
    ref = reference(db.session)
    return render_template("core/index.html", professions=ref.professions, specialties=ref.specialties)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        log.exception("Health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return jsonify(status="ok", database="ok")


@bp.get("/sitemap.xml")
def sitemap():
    slugs = db.session.scalars(sa.select(Practitioner.slug).order_by(Practitioner.id).limit(SITEMAP_LIMIT))
    urls = [
        absolute_url("core.index"),
        absolute_url("listings.guide"),
        absolute_url("reviews.policy"),
        absolute_url("reviews.disputes"),
        absolute_url("transparency.report"),
        absolute_url("opendata.about"),
        absolute_url("search.results"),
    ] + [absolute_url("listings.detail", slug=slug) for slug in slugs]
    body = render_template("core/sitemap.xml", urls=urls)
    return Response(body, mimetype="application/xml")
