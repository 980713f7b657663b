"""``flask import-osm``: the test extract (data/extract.osm, and the same objects as GeoJSON and
.osm.pbf) makes the expected unclaimed listings, a second run changes nothing, a changed object
updates its listing and never duplicates it, and listings credit OpenStreetMap under the ODbL."""

from __future__ import annotations

from pathlib import Path

import osmium
import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.extensions import db
from directory.practitioners.models import Practice, Practitioner

DATA = Path(__file__).parent / "data"
EXPECTED = {
    # data_source_id: (slug, name, profession, address, suburb, state, postcode)
    "node/1001": (
        "harbour-physiotherapy-fitzroy",
        "Harbour Physiotherapy",
        "physiotherapist",
        "12 Bay Street",
        "Fitzroy",
        "VIC",
        "3065",
    ),
    "node/1002": (
        "knead-remedial-massage-sydney",
        "Knead Remedial Massage",
        "remedial-massage-therapist",
        "4/200 George Street",
        "Sydney",
        "NSW",
        "2000",
    ),
    "node/1006": (
        "city-remedial-massage-clinic-sydney",
        "City Remedial Massage Clinic",
        "remedial-massage-therapist",
        "9 Pitt Street",
        "Sydney",
        "NSW",
        "2000",
    ),
    # No address parts but the street: placed in the nearest locality of the gazetteer.
    "way/2001": (
        "northside-physio-northcote",
        "Northside Physio",
        "physiotherapist",
        "88 High Street",
        "Northcote",
        "VIC",
        "3070",
    ),
}


def _listings(app) -> dict[str, tuple]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Practitioner).order_by(Practitioner.id)).all()
        found = {
            p.data_source_id: (
                p.slug,
                p.name,
                p.profession.slug,
                p.practice.address,
                p.practice.suburb,
                p.practice.state,
                p.practice.postcode,
            )
            for p in rows
        }
        assert all(p.data_source == "openstreetmap" for p in rows)
        db.session.remove()
    return found


def _events(app) -> int:
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        db.session.remove()
    return count


@pytest.fixture
def pbf(tmp_path) -> Path:
    """The test extract written as .osm.pbf by libosmium."""
    path = tmp_path / "extract.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for obj in osmium.FileProcessor(str(DATA / "extract.osm")):
            writer.add(obj)
    return path


@pytest.mark.parametrize("name", ["extract.osm", "extract.geojson", "pbf"])
def test_the_extract_makes_the_expected_listings_and_a_second_run_changes_nothing(app, runner, tmp_path, name, pbf):
    path = pbf if name == "pbf" else DATA / name
    first = runner.invoke(args=["import-osm", str(path), "--report", str(tmp_path / "rejected.csv")])
    assert first.exit_code == 0, first.output
    assert "5 to list (3 physiotherapy, 2 remedial massage)" in first.output, first.output
    assert "1 no street address" in first.output and "1 no name" in first.output or name == "extract.geojson"
    assert "4 created, 0 updated, 0 unchanged, 0 left to their owners (claimed), 1 rejected" in first.output
    assert "node/1007, state" in first.output  # Westminster: no Australian state
    assert _listings(app) == EXPECTED
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Practitioner.owner_id.is_not(None))) == 0
        db.session.remove()
    events = _events(app)

    again = runner.invoke(args=["import-osm", str(path), "--report", str(tmp_path / "rejected.csv")])
    assert "0 created, 0 updated, 4 unchanged" in again.output, again.output
    assert _listings(app) == EXPECTED and _events(app) == events


def _import(runner, path, tmp_path):
    """Run import-osm, its report of rejected objects written under tmp_path (never beside the extract)."""
    return runner.invoke(args=["import-osm", str(path), "--report", str(tmp_path / "rejected.csv")])


def test_contact_details_hours_and_position_are_mapped(app, runner, tmp_path):
    _import(runner, DATA / "extract.osm", tmp_path)
    with app.app_context():
        by_id = {p.data_source_id: p for p in db.session.scalars(sa.select(Practitioner))}
        harbour, knead, city, north = (by_id[k] for k in ("node/1001", "node/1002", "node/1006", "way/2001"))
        assert harbour.hours == {day: "08:00-18:00" for day in ("mon", "tue", "wed", "thu", "fri")} | {
            "sat": "09:00-12:00"
        }
        practice = harbour.practice
        assert (practice.phone, practice.website, practice.email, practice.wheelchair_access) == (
            "+61 3 5550 1111",
            "https://harbour-physio.example.com",
            "front@harbour-physio.example.com",
            True,
        )
        assert (practice.lat, practice.lng) == (-37.799, 144.979)
        assert knead.practice.phone == "(02) 5550 2222" and knead.hours == {}  # two ranges a day: no hours
        assert city.practice.email is None and city.hours["sat"] == "10:00-16:00"  # the later rule wins
        assert (round(north.practice.lat, 4), round(north.practice.lng, 4)) == (-37.784, 145.009)
        assert len(north.hours) == 7
        db.session.remove()


def test_a_changed_object_updates_its_listing_and_a_claimed_one_is_left_alone(
    app, runner, tmp_path, make_user, set_owner
):
    _import(runner, DATA / "extract.osm", tmp_path)
    changed = (DATA / "extract.osm").read_text(encoding="utf-8")
    changed = changed.replace("Harbour Physiotherapy", "Harbour Physio &amp; Pilates")
    changed = changed.replace("+61 3 5550 1111", "+61 3 5550 1999").replace('v="88"', 'v="90"')
    path = tmp_path / "changed.osm"
    path.write_text(changed, encoding="utf-8")
    with app.app_context():
        north = db.session.scalars(sa.select(Practitioner).where(Practitioner.data_source_id == "way/2001")).one()
        db.session.remove()
    set_owner(north, make_user())
    result = _import(runner, path, tmp_path)
    assert "0 created, 1 updated, 2 unchanged, 1 left to their owners (claimed)" in result.output, result.output
    listings = _listings(app)
    assert listings["node/1001"][:2] == ("harbour-physiotherapy-fitzroy", "Harbour Physio & Pilates")
    assert listings["way/2001"][3] == "88 High Street"  # the owner's listing is theirs
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Practitioner)) == 4
        phones = set(db.session.scalars(sa.select(Practice.phone)))
        assert "+61 3 5550 1999" in phones
        db.session.remove()


def test_a_listing_from_openstreetmap_credits_it_under_the_odbl(app, runner, client, tmp_path):
    _import(runner, DATA / "extract.osm", tmp_path)
    html = client.get("/practitioners/harbour-physiotherapy-fitzroy").get_data(as_text=True)
    assert 'data-testid="data-origin"' in html
    assert "https://www.openstreetmap.org/node/1001" in html
    assert "OpenStreetMap contributors" in html and "ODbL" in html


def test_files_that_are_no_extract_are_refused(app, runner, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert "Give a .geojson, .osm or .osm.pbf file." in runner.invoke(args=["import-osm", str(text)]).output
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["import-osm", str(broken)])
    assert result.exit_code != 0 and "is not GeoJSON" in result.output
    bad_osm = tmp_path / "broken.osm"
    bad_osm.write_text("<osm><node id=", encoding="utf-8")
    result = runner.invoke(args=["import-osm", str(bad_osm)])
    assert result.exit_code != 0 and "cannot be read" in result.output, result.output
