"""The importer's columns for hours and for listings made from an open data set: a row naming an
object (data_source, data_source_id) updates that object's listing whatever its name, and two
objects never share a listing."""

from __future__ import annotations

import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Practitioner

HEADER = "name,profession,practice_name,address,suburb,state,postcode,hours,data_source,data_source_id,slug"


def _write(tmp_path, rows, name="rows.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _listings(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(Practitioner.slug, Practitioner.name, Practitioner.data_source_id, Practitioner.hours).order_by(
                Practitioner.id
            )
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def test_an_object_keeps_its_listing_when_renamed_and_same_names_get_their_own(app, runner, tmp_path):
    rows = [
        "Bay Physio,physiotherapist,Bay Physio,1 Bay St,Fitzroy,VIC,3065,mon 8:00-17:00; sat 09:00 - 12:00,"
        "openstreetmap,node/11,",
        # Another object with the same name in the same suburb: its own listing, its own slug.
        "Bay Physio,physiotherapist,Bay Physio,9 Other St,Fitzroy,VIC,3065,,openstreetmap,way/12,",
    ]
    first = runner.invoke(args=["import-practitioners", str(_write(tmp_path, rows))])
    assert "2 created" in first.output, first.output
    assert _listings(app) == [
        ("bay-physio-fitzroy", "Bay Physio", "node/11", {"mon": "08:00-17:00", "sat": "09:00-12:00"}),
        ("bay-physio-fitzroy-w12", "Bay Physio", "way/12", {}),
    ]
    renamed = [rows[0].replace("Bay Physio,physiotherapist", "Harbour Physio,physiotherapist"), rows[1]]
    again = runner.invoke(args=["import-practitioners", str(_write(tmp_path, renamed, "renamed.csv"))])
    assert "0 created, 1 updated, 1 unchanged" in again.output, again.output
    assert _listings(app)[0][:3] == ("bay-physio-fitzroy", "Harbour Physio", "node/11")


def test_an_empty_hours_cell_keeps_the_hours_and_bad_values_are_refused(app, runner, tmp_path):
    good = "Ana Ruiz,physiotherapist,P,1 St,Fitzroy,VIC,3065,tue 09:00-17:00,,,ana"
    runner.invoke(args=["import-practitioners", str(_write(tmp_path, [good]))])
    kept = good.replace("tue 09:00-17:00", "")
    assert "1 unchanged" in runner.invoke(args=["import-practitioners", str(_write(tmp_path, [kept], "k.csv"))]).output
    bad = [
        good.replace("tue 09:00-17:00", "tue 17:00-09:00"),
        good.replace("tue 09:00-17:00", "someday 09:00-17:00"),
        good.replace(",,,ana", ",openstreetmap,node/x,ana"),
        good.replace(",,,ana", ",wikidata,Q1,ana"),
    ]
    result = runner.invoke(args=["import-practitioners", str(_write(tmp_path, bad, "bad.csv"))])
    assert "4 rejected" in result.output
    report = (tmp_path / "bad.rejected.csv").read_text(encoding="utf-8")
    assert [line.split(",")[1] for line in report.splitlines()[1:]] == [
        "hours",
        "hours",
        "data_source_id",
        "data_source",
    ]
    assert _listings(app)[0][3] == {"tue": "09:00-17:00"}
