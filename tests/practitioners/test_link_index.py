"""Each specialty's and payer's own spatial index (practitioners/spatial.py, migration
``b8e4c2f6a9d1``): kept in step by the database's triggers however links, listings and practices
are written (the ORM, plain SQL, an import's bulk insert, two transactions at once), on both
databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.bulk import insert_rows
from directory.extensions import db
from directory.practitioners.models import (
    Practice,
    Practitioner,
    Specialty,
    practitioner_payers,
    practitioner_specialties,
)
from directory.practitioners.spatial import KEY_BITS, KIND_LIMIT, SHIFT
from tests.helpers import two_transactions_at_once

SYDNEY, MELBOURNE, DARWIN = (-33.8688, 151.2093), (-37.8136, 144.9631), (-12.4634, 130.8456)


def _indexed() -> list[tuple[int, int, float, float]]:
    """Every entry of the index: (practitioner id, kind, latitude, longitude), sorted."""
    if db.session.get_bind().dialect.name == "sqlite":
        rows = db.session.execute(
            sa.text(
                f"SELECT id >> {KEY_BITS}, min_kind, max_kind, min_lat, max_lat, min_lng, max_lng,"
                f" id & {(1 << KEY_BITS) - 1} FROM link_rtree"
            )
        ).all()
        for _, min_kind, max_kind, min_lat, max_lat, min_lng, max_lng, key_kind in rows:
            assert min_kind == key_kind - 0.25 and max_kind == key_kind + 0.25  # a width along the kind axis
            assert max_lat - min_lat < 1e-4 and max_lng - min_lng < 1e-4  # a point (32-bit floats)
        entries = [(row[0], row[7], row[3], row[5]) for row in rows]
    else:
        entries = [
            (who, kind, spot_y, spot_x - SHIFT * kind)
            for who, kind, spot_x, spot_y in db.session.execute(
                sa.text("SELECT practitioner_id, kind, spot[0], spot[1] FROM link_points")
            )
        ]
    return sorted(entries)


def _expected() -> list[tuple[int, int, float, float]]:
    """What the index should hold, from the links, the listings and their practices."""
    entries = []
    for link, column, offset in (
        (practitioner_specialties, "specialty_id", 0),
        (practitioner_payers, "payer_id", KIND_LIMIT),
    ):
        entries += db.session.execute(
            sa.select(link.c.practitioner_id, link.c[column] + offset, Practice.lat, Practice.lng)
            .join(Practitioner, Practitioner.id == link.c.practitioner_id)
            .join(Practice, Practice.id == Practitioner.practice_id)
        ).all()
    return sorted(tuple(row) for row in entries)


def _assert_in_step() -> None:
    indexed, expected = _indexed(), _expected()
    assert [row[:2] for row in indexed] == [row[:2] for row in expected]
    for got, want in zip(indexed, expected, strict=True):
        assert got[2] == pytest.approx(want[2], abs=1e-4) and got[3] == pytest.approx(want[3], abs=1e-4), (got, want)


def test_links_written_by_the_orm_are_indexed_where_the_practice_is(app, make_practitioner):
    make_practitioner(lat=SYDNEY[0], lng=SYDNEY[1], specialties=("dry-needling", "cupping"), payers=("dva",))
    make_practitioner(lat=DARWIN[0], lng=DARWIN[1], specialties=("dry-needling",), payers=("dva", "hicaps"))
    make_practitioner(lat=MELBOURNE[0], lng=MELBOURNE[1])  # no links: no entries
    with app.app_context():
        assert len(_indexed()) == 6
        _assert_in_step()


def test_moving_a_practice_or_a_listing_moves_its_entries(app, make_practitioner):
    first = make_practitioner(lat=SYDNEY[0], lng=SYDNEY[1], specialties=("cupping",), payers=("dva",))
    elsewhere = make_practitioner(lat=DARWIN[0], lng=DARWIN[1], specialties=("dry-needling",))
    with app.app_context():
        colleague = Practitioner(
            slug="colleague",
            name="A Colleague",
            profession_id=db.session.get(Practitioner, first.id).profession_id,
            practice_id=first.practice_id,
            languages=[],
            hours={},
        )
        colleague.specialties = list(db.session.scalars(sa.select(Specialty).where(Specialty.slug == "cupping")))
        db.session.add(colleague)
        db.session.commit()
        practice = db.session.get(Practice, first.practice_id)
        practice.lat, practice.lng = MELBOURNE
        db.session.commit()
        _assert_in_step()
        assert [round(row[2], 3) for row in _indexed() if row[0] == first.id] == [round(MELBOURNE[0], 3)] * 2
        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == first.id).values(practice_id=elsewhere.practice_id)
        )
        db.session.commit()
        _assert_in_step()
        assert [round(row[2], 3) for row in _indexed() if row[0] == first.id] == [round(DARWIN[0], 3)] * 2


def test_removing_links_and_listings_removes_their_entries(app, make_practitioner):
    kept = make_practitioner(specialties=("cupping", "dry-needling"), payers=("dva", "hicaps"))
    gone = make_practitioner(lat=DARWIN[0], lng=DARWIN[1], specialties=("cupping",), payers=("dva",))
    with app.app_context():
        row = db.session.get(Practitioner, kept.id)
        row.specialties = [s for s in row.specialties if s.slug != "cupping"]
        row.payers = []
        db.session.commit()
        db.session.delete(db.session.get(Practitioner, gone.id))
        db.session.commit()
        _assert_in_step()
        assert [entry[:2] for entry in _indexed()] == [
            (kept.id, db.session.scalar(sa.select(Specialty.id).where(Specialty.slug == "dry-needling")))
        ]
        # A link changed in place (no code does it, but SQL may): its entry follows.
        cupping = db.session.scalar(sa.select(Specialty.id).where(Specialty.slug == "cupping"))
        db.session.execute(sa.update(practitioner_specialties).values(specialty_id=cupping))
        db.session.commit()
        _assert_in_step()


def test_links_written_in_bulk_are_indexed(app, make_practitioner):
    """An import writes links with ``bulk.insert_rows`` (COPY on PostgreSQL): the triggers apply."""
    people = [make_practitioner(lat=-42.8821 + n / 100, lng=147.3272) for n in range(3)]
    with app.app_context():
        specialty_ids = db.session.scalars(sa.select(Specialty.id).order_by(Specialty.id).limit(4)).all()
        insert_rows(
            db.session,
            practitioner_specialties,
            [{"practitioner_id": p.id, "specialty_id": s} for p in people for s in specialty_ids],
        )
        insert_rows(db.session, practitioner_payers, [{"practitioner_id": people[0].id, "payer_id": 1}])
        db.session.commit()
        assert len(_indexed()) == 13
        _assert_in_step()


def test_an_id_beyond_what_the_index_can_hold_is_refused(app, make_practitioner):
    person = make_practitioner()
    with app.app_context():
        # Specialties are reference rows, kept between tests: this one is removed again below (the
        # migration refuses to run where such an id exists, and later tests migrate).
        db.session.add(Specialty(id=KIND_LIMIT, slug="too-far", name="Too far"))
        db.session.commit()
        try:
            with pytest.raises(sa.exc.DatabaseError, match="out of the range"):
                db.session.execute(
                    sa.insert(practitioner_specialties).values(practitioner_id=person.id, specialty_id=KIND_LIMIT)
                )
                db.session.flush()
            db.session.rollback()
            # Changed in place to such an id: its key would be the key of a payer's entry.
            cupping = db.session.scalar(sa.select(Specialty.id).where(Specialty.slug == "cupping"))
            db.session.execute(
                sa.insert(practitioner_specialties).values(practitioner_id=person.id, specialty_id=cupping)
            )
            db.session.commit()
            with pytest.raises(sa.exc.DatabaseError, match="out of the range"):
                db.session.execute(sa.update(practitioner_specialties).values(specialty_id=KIND_LIMIT))
                db.session.flush()
            db.session.rollback()
            _assert_in_step()
        finally:
            db.session.rollback()
            db.session.execute(sa.delete(Specialty).where(Specialty.id == KIND_LIMIT))
            db.session.commit()


def test_a_link_added_while_its_practice_moves_is_indexed_where_it_moved_to(app, make_practitioner):
    """Two transactions at once: one moves a practice and has not committed yet; the other adds a
    specialty to a listing there. The entry must be where the practice moved to."""
    first = make_practitioner(lat=SYDNEY[0], lng=SYDNEY[1])

    def move() -> None:
        practice = db.session.get(Practice, first.practice_id)
        practice.lat, practice.lng = MELBOURNE

    def add() -> None:
        specialty_id = db.session.scalar(sa.select(Specialty.id).where(Specialty.slug == "cupping"))
        db.session.execute(
            sa.insert(practitioner_specialties).values(practitioner_id=first.id, specialty_id=specialty_id)
        )

    two_transactions_at_once(app, move, add)
    with app.app_context():
        _assert_in_step()
        assert [row[2] for row in _indexed()] == [pytest.approx(MELBOURNE[0], abs=1e-4)]


@pytest.mark.parametrize("moved_first", [True, False], ids=["moved-first", "linked-first"])
def test_a_link_added_while_its_listing_moves_is_indexed_where_it_moved_to(app, make_practitioner, moved_first):
    """Two transactions at once: one moves a listing to another practice, the other adds a
    specialty to it; whichever writes first, the entry ends up at the practice moved to."""
    person = make_practitioner(lat=SYDNEY[0], lng=SYDNEY[1])
    darwin = make_practitioner(lat=DARWIN[0], lng=DARWIN[1])

    def move() -> None:
        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == person.id).values(practice_id=darwin.practice_id)
        )

    def link() -> None:
        specialty_id = db.session.scalar(sa.select(Specialty.id).where(Specialty.slug == "cupping"))
        db.session.execute(
            sa.insert(practitioner_specialties).values(practitioner_id=person.id, specialty_id=specialty_id)
        )

    if moved_first:
        two_transactions_at_once(app, move, link)
    else:
        two_transactions_at_once(app, link, move)
    with app.app_context():
        _assert_in_step()
        assert [round(row[2], 3) for row in _indexed()] == [round(DARWIN[0], 3)]
