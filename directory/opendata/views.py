"""The open-data page (what is published, under which licence, with which credits) and the CSV file."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, render_template, stream_with_context

from directory.clock import utcnow
from directory.extensions import db, limiter
from directory.opendata import licence
from directory.practitioners.csv_export import listing_row, listings
from directory.practitioners.csv_rows import COLUMNS
from directory.practitioners.origins import ORIGINS

bp = Blueprint("opendata", __name__)

# The whole directory in one response: a few a client an hour is plenty (the HSDS API pages it).
DOWNLOAD_LIMIT = "6/hour"


@bp.get("/open-data")
def about():
    return render_template(
        "opendata/about.html", licence=licence, origins=ORIGINS.values(), columns=COLUMNS, today=utcnow().date()
    )


def _csv_lines():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for practitioner in listings(db.session, include_demo=True):
        row = listing_row(practitioner)
        writer.writerow([row[column] for column in COLUMNS])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@bp.get("/open-data/listings.csv")
@limiter.limit(DOWNLOAD_LIMIT)
def listings_csv():
    """Every listing in the columns `flask import-practitioners` reads, written as it is read."""
    return Response(
        stream_with_context(_csv_lines()),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="movewell-listings-{utcnow().date().isoformat()}.csv"',
            "Link": f'<{licence.LICENCE_URL}>; rel="license"',
        },
    )
