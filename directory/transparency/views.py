"""The transparency report page."""

from __future__ import annotations

from flask import Blueprint, render_template

from directory.extensions import db
from directory.transparency import report

bp = Blueprint("transparency", __name__)


@bp.get("/transparency", endpoint="report")
def report_page():
    return render_template("transparency/report.html", report=report.build(db.session), months=report.MONTHS)
