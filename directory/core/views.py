"""Home page, health check and sitemap."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify, render_template, url_for

from directory.extensions import db
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
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/sitemap.xml")
def sitemap():
    slugs = db.session.scalars(sa.select(Practitioner.slug).order_by(Practitioner.id).limit(SITEMAP_LIMIT))
    urls = [
        url_for("core.index", _external=True),
        url_for("listings.guide", _external=True),
        url_for("reviews.policy", _external=True),
        url_for("reviews.disputes", _external=True),
        url_for("transparency.report", _external=True),
        url_for("search.results", _external=True),
    ] + [url_for("listings.detail", slug=slug, _external=True) for slug in slugs]
    body = render_template("core/sitemap.xml", urls=urls)
    return Response(body, mimetype="application/xml")
