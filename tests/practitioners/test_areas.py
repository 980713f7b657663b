"""The area of the map a practitioner is in (practitioners/spatial.py): stored by the database's
triggers however a listing or its practice is written, and the same as Python computes it, on
both databases, on an area's very edge too."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from directory.bulk import insert_rows
from directory.extensions import db
from directory.geo.distance import bounding_box
from directory.practitioners.models import Practice, Practitioner
from directory.practitioners.spatial import NO_AREA, area_of, areas_of_box
from tests.helpers import two_transactions_at_once


def _stored_area(practitioner_id: int) -> int | None:
    return db.session.scalar(sa.select(Practitioner.area).where(Practitioner.id == practitioner_id))


# On an edge: latitude + 90 a whole number, (longitude + 180) / 1.25 a whole number.
EDGES = [(-34.0, 145.0), (-34.0, 146.25), (-10.0, 130.0), (-43.0, 147.5), (-33.999999999, 144.99999999)]


def test_the_database_stores_the_area_python_computes(app, make_practitioner):
    rng = random.Random(7)
    points = EDGES + [(rng.uniform(-44, -10), rng.uniform(112, 154)) for _ in range(40)]
    made = [make_practitioner(lat=lat, lng=lng) for lat, lng in points]
    with app.app_context():
        for person, (lat, lng) in zip(made, points, strict=True):
            assert _stored_area(person.id) == area_of(lat, lng), (lat, lng)
    # The edges are where an area begins: the next one up and to the right.
    assert area_of(-34.0, 145.0) == area_of(-34.0 + 1e-9, 145.0 + 1e-9)
    assert area_of(-34.0, 145.0) != area_of(-34.0 - 1e-9, 145.0)
    assert area_of(-34.0, 145.0) != area_of(-34.0, 145.0 - 1e-9)


def test_moving_a_practice_moves_its_practitioners(app, make_practitioner):
    first = make_practitioner(lat=-33.8688, lng=151.2093)  # Sydney
    with app.app_context():
        colleague = Practitioner(
            slug="colleague",
            name="A Colleague",
            profession_id=db.session.get(Practitioner, first.id).profession_id,
            practice_id=first.practice_id,
            languages=[],
            hours={},
        )
        db.session.add(colleague)
        db.session.commit()
        colleague_id = colleague.id
        practice = db.session.get(Practice, first.practice_id)
        practice.lat, practice.lng = -37.8136, 144.9631  # to Melbourne
        db.session.commit()
        melbourne = area_of(-37.8136, 144.9631)
        assert _stored_area(first.id) == melbourne
        assert _stored_area(colleague_id) == melbourne


def test_moving_a_practitioner_to_another_practice_moves_their_area(app, make_practitioner):
    person = make_practitioner(lat=-33.8688, lng=151.2093)
    elsewhere = make_practitioner(lat=-12.4634, lng=130.8456)  # Darwin
    with app.app_context():
        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == person.id).values(practice_id=elsewhere.practice_id)
        )
        db.session.commit()
        assert _stored_area(person.id) == area_of(-12.4634, 130.8456)


def test_a_listing_added_while_its_practice_moves_gets_the_new_area(app, make_practitioner):
    """Two transactions at once: one moves a practice and has not committed yet; the other adds a
    listing there. The listing must end up in the area the practice moved to, not the one it left
    (PostgreSQL read past the uncommitted move before the trigger locked the practice's row)."""
    first = make_practitioner(lat=-33.8688, lng=151.2093)  # Sydney
    added = {}

    def move() -> None:
        practice = db.session.get(Practice, first.practice_id)
        practice.lat, practice.lng = -37.8136, 144.9631  # to Melbourne

    def add() -> None:
        profession_id = db.session.scalar(sa.select(Practitioner.profession_id).where(Practitioner.id == first.id))
        db.session.rollback()
        listing = Practitioner(
            slug="added-meanwhile",
            name="Added Meanwhile",
            profession_id=profession_id,
            practice_id=first.practice_id,
            languages=[],
            hours={},
        )
        db.session.add(listing)
        db.session.flush()
        added["id"] = listing.id

    two_transactions_at_once(app, move, add)
    with app.app_context():
        assert _stored_area(added["id"]) == area_of(-37.8136, 144.9631)
        assert _stored_area(first.id) == area_of(-37.8136, 144.9631)


def test_rows_written_in_bulk_get_their_area(app, make_practitioner):
    """An import writes listings with ``bulk.insert_rows`` (COPY on PostgreSQL): triggers apply."""
    practice = make_practitioner(lat=-42.8821, lng=147.3272)  # Hobart
    with app.app_context():
        insert_rows(
            db.session,
            Practitioner.__table__,
            [
                {"slug": f"bulk-{n}", "name": "Bulk", "profession_id": 1, "practice_id": practice.practice_id}
                | {"languages": [], "hours": {}}
                for n in range(3)
            ],
        )
        db.session.commit()
        areas = db.session.scalars(sa.select(Practitioner.area).where(Practitioner.slug.like("bulk-%"))).all()
        assert areas == [area_of(-42.8821, 147.3272)] * 3


@pytest.mark.parametrize("centre", [(-33.8688, 151.2093), (-43.5, 146.9), (-10.6, 142.5), (-34.0, 145.0)])
def test_a_circle_of_50_km_names_at_most_four_areas_and_every_area_it_reaches(centre):
    rng = random.Random(11)
    box = bounding_box(*centre, 50)
    areas = areas_of_box(box)
    assert areas is not None
    for _ in range(500):  # any point of the box is in one of them
        lat, lng = rng.uniform(box.min_lat, box.max_lat), rng.uniform(box.min_lng, box.max_lng)
        assert area_of(lat, lng) in areas
    for corner in ((box.min_lat, box.min_lng), (box.max_lat, box.max_lng)):
        assert area_of(*corner) in areas


def test_a_small_circle_names_one_area_and_a_wide_one_none():
    assert areas_of_box(bounding_box(-33.5, 151.5, 5)) == (area_of(-33.5, 151.5), NO_AREA, NO_AREA, NO_AREA)
    assert areas_of_box(bounding_box(-33.8688, 151.2093, 100)) is None
    assert areas_of_box(bounding_box(-16.5, 179.9, 50)) is None  # across the antimeridian
    assert area_of(-37.8136, 144.9631) in areas_of_box(bounding_box(-37.8136, 144.9631, 25))
