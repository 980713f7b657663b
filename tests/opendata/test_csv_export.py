"""The CSV export: the columns `import-practitioners` reads; importing it changes nothing, and it
round-trips through an empty directory byte for byte."""

from __future__ import annotations

import csv

import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.demo.seed import seed_demo
from directory.extensions import db
from directory.practitioners.csv_rows import COLUMNS
from directory.practitioners.models import Practitioner
from tests.conftest import empty_tables


def _seed(app, practitioners: int = 60) -> None:
    with app.app_context():
        seed_demo(db.session, practitioners=practitioners, reviews=0, seed=7)
        db.session.commit()
        db.session.remove()


def _audit_events(app) -> int:
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        db.session.remove()
        return count


def test_the_export_has_the_import_columns_and_every_listing(app, runner, tmp_path, make_practitioner):
    _seed(app, 25)
    make_practitioner(
        name="Bay Physio",
        hours={"mon": "08:00-17:00", "tue": None, "sat": "09:00-12:00"},
        data_source="openstreetmap",
        data_source_id="node/4242",
    )
    path = tmp_path / "listings.csv"
    result = runner.invoke(args=["export-listings", str(path)])
    assert result.exit_code == 0, result.output
    assert "Wrote 26 listings" in result.output and "Open Database License" in result.output
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS
    bay = next(row for row in rows if row["name"] == "Bay Physio")
    assert bay["hours"] == "mon 08:00-17:00; sat 09:00-12:00"
    assert (bay["data_source"], bay["data_source_id"]) == ("openstreetmap", "node/4242")
    assert "rating" not in reader.fieldnames  # no reviews nor their figures


def test_importing_the_export_changes_nothing(app, runner, tmp_path):
    _seed(app)
    path = tmp_path / "listings.csv"
    runner.invoke(args=["export-listings", str(path)])
    events = _audit_events(app)
    result = runner.invoke(args=["import-practitioners", str(path)])
    assert "0 created, 0 updated, 60 unchanged, 0 left to their owners (claimed), 0 rejected" in result.output
    assert _audit_events(app) == events


def test_the_export_round_trips_through_an_empty_directory(app, runner, tmp_path, make_practitioner):
    _seed(app)
    make_practitioner(hours={"mon": "07:30-19:00"}, data_source="openstreetmap", data_source_id="way/77")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    runner.invoke(args=["export-listings", str(first)])
    empty_tables(app)
    result = runner.invoke(args=["import-practitioners", str(first)])
    assert "61 created" in result.output and "0 rejected" in result.output, result.output
    runner.invoke(args=["export-listings", str(second)])
    assert second.read_bytes() == first.read_bytes()
    with app.app_context():
        origin = db.session.scalars(sa.select(Practitioner).where(Practitioner.data_source_id == "way/77")).one()
        assert origin.data_source == "openstreetmap" and origin.hours == {"mon": "07:30-19:00"}
        db.session.remove()


def test_demo_listings_can_be_left_out(app, runner, tmp_path, make_practitioner):
    _seed(app, 5)
    make_practitioner(name="Real Practitioner")
    path = tmp_path / "real.csv"
    assert "Wrote 1 listing to" in runner.invoke(args=["export-listings", str(path), "--no-demo"]).output
    assert "Real Practitioner" in path.read_text(encoding="utf-8")


def test_the_open_data_page_states_the_licence_and_serves_the_csv(app, client, make_practitioner):
    make_practitioner(name="Ana Ruiz", data_source="openstreetmap", data_source_id="node/9")
    page = client.get("/open-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Open Database License (ODbL) 1.0" in html and "Reviews are not in it" in html
    assert "GeoNames" in html and "OpenStreetMap contributors" in html
    response = client.get("/open-data/listings.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"] and "license" in response.headers["Link"]
    rows = list(csv.DictReader(response.get_data(as_text=True).splitlines()))
    assert [(r["name"], r["data_source_id"]) for r in rows] == [("Ana Ruiz", "node/9")]
    assert 'href="/open-data"' in client.get("/").get_data(as_text=True)  # linked from every page's footer
