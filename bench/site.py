"""The bench-only app that ``make bench`` serves with gunicorn: the site, plus two pages to measure
the search page against, served the same way in the same run.

- ``/bench/bare``: one indexed query through SQLAlchemy Core (the 20 best-rated listings, read from
  the rating index) and a minimal Jinja template;
- ``/bench/layout``: the same rows in the site's real layout (``base.html``, its context processors).

    BENCH_DATABASE_URL=… gunicorn -w 2 'bench.site:create()'
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, render_template

from directory.extensions import db
from directory.practitioners.models import Practitioner

bp = Blueprint("bench", __name__, template_folder="templates")

P = Practitioner.__table__
TOP_20 = sa.select(P.c.slug, P.c.name, P.c.rating_mean).order_by(P.c.rating_score.desc(), P.c.name, P.c.id).limit(20)
BARE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Best rated</title><ul>"
    '{% for row in rows %}<li><a href="/practitioners/{{ row.slug }}">{{ row.name }}</a> '
    '{{ row.rating_mean or "" }}</li>{% endfor %}</ul></html>'
)


@bp.get("/bench/bare")
def bare():
    template = current_app.extensions.get("bench_bare")
    if template is None:
        template = current_app.extensions["bench_bare"] = current_app.jinja_env.from_string(BARE)
    return template.render(rows=db.session.execute(TOP_20).all())


@bp.get("/bench/layout")
def layout():
    return render_template("bench/layout.html", rows=db.session.execute(TOP_20).all())


def create() -> Flask:
    from bench.common import BENCH_SETTINGS
    from directory import create_app

    app = create_app({**BENCH_SETTINGS, "SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"]})
    app.register_blueprint(bp)
    return app
