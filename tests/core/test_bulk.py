"""``bulk.insert_rows``: rows stored exactly as INSERT stores them, on both databases (COPY on
PostgreSQL), with the triggers and constraints that INSERT meets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.audit.services import record_many
from directory.bulk import insert_rows, one_of
from directory.practitioners.models import Practice, Practitioner, practitioner_specialties
from directory.practitioners.text_search import match_query, matching_ids

PRACTICE = {
    "name": "Tab\tand \\ backslash Physio",
    "address": "1 Line St\r\nLevel 2",
    "suburb": "Fitzroy",
    "state": "VIC",
    "postcode": "3065",
    "lat": -37.7989,
    "lng": 144.9783,
    "phone": None,
}


def _practitioner(practice_id: int, slug: str) -> dict:
    return {
        "slug": slug,
        "name": "Zoë Kowalczyk",
        "profession_id": 1,
        "practice_id": practice_id,
        "hours": {"mon": ["08:00", "17:00"]},
        "languages": ["English", "Polish"],
        "telehealth": True,
        "home_visits": False,
        "registration_number": None,
        "stale_reminder_at": datetime(2026, 11, 30, 21, 30, 15, 123456, tzinfo=UTC),
    }


def _stored(db_session, table, slug_column, slug):
    row = db_session.execute(sa.select(table).where(slug_column == slug)).mappings().one()
    return {key: value for key, value in row.items() if key not in ("id", "slug", "practice_id")}


def test_rows_are_stored_as_insert_stores_them(db_session):
    practices = Practice.__table__
    insert_rows(db_session, practices, [PRACTICE])
    db_session.execute(sa.insert(practices), [{**PRACTICE, "name": "Zz inserted"}])
    by_copy, by_insert = (
        db_session.execute(sa.select(practices).where(practices.c.postcode == "3065").order_by(practices.c.name))
        .mappings()
        .all()
    )
    assert by_copy["name"] == PRACTICE["name"] and by_copy["address"] == PRACTICE["address"]
    assert {**by_copy, "id": 0, "name": ""} == {**by_insert, "id": 0, "name": ""}
    # Every column the rows leave out gets the default INSERT gives it (Python and server defaults).
    table = Practitioner.__table__
    insert_rows(db_session, table, [_practitioner(by_copy["id"], "by-copy")])
    db_session.execute(sa.insert(table), [_practitioner(by_copy["id"], "by-insert")])
    copied = _stored(db_session, table, table.c.slug, "by-copy")
    inserted = _stored(db_session, table, table.c.slug, "by-insert")
    assert copied == inserted
    assert copied["hours"] == {"mon": ["08:00", "17:00"]} and copied["languages"] == ["English", "Polish"]
    assert copied["bio"] == "" and copied["rating_count"] == 0 and copied["telehealth"] is True
    assert copied["home_visits"] is False
    reminded = copied["stale_reminder_at"]  # aware on PostgreSQL; SQLite stores UTC without its zone
    assert (reminded if reminded.tzinfo else reminded.replace(tzinfo=UTC)) == _practitioner(0, "")["stale_reminder_at"]
    assert copied["confirmed_at"] is not None


def test_the_triggers_see_copied_rows(db_session):
    dialect = db_session.get_bind().dialect.name
    practice_id = db_session.execute(
        sa.insert(Practice.__table__).returning(Practice.__table__.c.id), [PRACTICE]
    ).scalar_one()
    insert_rows(db_session, Practitioner.__table__, [_practitioner(practice_id, "zoe")])
    found = db_session.scalars(matching_ids(dialect), {"q_fts": match_query(dialect, "kowalczyk")}).all()
    assert found == [db_session.scalar(sa.select(Practitioner.id).where(Practitioner.slug == "zoe"))]


def test_a_broken_constraint_is_an_integrity_error_and_nothing_is_kept(app, db_session):
    practice_id = db_session.execute(
        sa.insert(Practice.__table__).returning(Practice.__table__.c.id), [PRACTICE]
    ).scalar_one()
    db_session.commit()
    insert_rows(db_session, Practitioner.__table__, [_practitioner(practice_id, "kept-not")])
    with pytest.raises(sa.exc.IntegrityError):
        insert_rows(db_session, practitioner_specialties, [{"practitioner_id": 10**9, "specialty_id": 1}])
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Practitioner)) == 0


def test_audit_events_in_bulk_keep_their_details(db_session, make_practitioner):
    first, second = make_practitioner(), make_practitioner()
    record_many(db_session, "listing.imported", [(first.id, {"created": True}), (second.id, {})], actor_id=None)
    events = db_session.execute(
        sa.select(AuditEvent.practitioner_id, AuditEvent.details, AuditEvent.created_at).order_by(AuditEvent.id)
    ).all()
    assert [(who, details) for who, details, _ in events] == [(first.id, {"created": True}), (second.id, {})]
    assert all(created is not None for _, _, created in events)


def _statements_of(db_session, insert) -> list[str]:
    statements = []
    engine = db_session.get_bind()

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(f"{'executemany ' if executemany else ''}{statement}")

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        insert()
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    return statements


def test_many_rows_are_not_one_statement_per_row(db_session):
    """An import's time was mostly one statement per row: on PostgreSQL psycopg's executemany, on
    SQLite the R*Tree triggers run a statement at a time. 500 rows go by one COPY, or one INSERT."""
    statements = _statements_of(
        db_session,
        lambda: insert_rows(db_session, Practice.__table__, [{**PRACTICE, "name": f"P{i}"} for i in range(500)]),
    )
    # COPY goes to psycopg's own cursor, which SQLAlchemy's events do not see.
    assert len(statements) == (0 if db_session.get_bind().dialect.name == "postgresql" else 1)
    assert not [s for s in statements if s.startswith("executemany")]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Practice)) == 500


def test_sqlite_splits_rows_into_statements_of_at_most_its_limit(db_session, monkeypatch):
    if db_session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL copies every row in one COPY")
    monkeypatch.setattr("directory.bulk.STATEMENT_ROWS", 7)
    names = [f"P{i:02}" for i in range(20)]
    statements = _statements_of(
        db_session, lambda: insert_rows(db_session, Practice.__table__, [{**PRACTICE, "name": n} for n in names])
    )
    assert [s.count("(?") for s in statements] == [7, 7, 6]
    assert db_session.scalars(sa.select(Practice.name).order_by(Practice.name)).all() == names
    # Every practice has its R*Tree entry, whichever statement wrote it.
    entries = db_session.execute(sa.text("SELECT count(*) FROM practice_rtree")).scalar()
    assert entries == 20


def test_rows_naming_no_column_get_the_defaults_insert_gives(db_session):
    """A row with no column (every value a default) has nothing to COPY or to list in VALUES: it
    goes by INSERT, as it did before SQLite's multi-row INSERTs (which divided by its width)."""
    # A temporary table: outside the schema the migration tests compare with the models.
    table = sa.Table("bulk_probe", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), prefixes=["TEMPORARY"])
    connection = db_session.connection()
    table.create(connection)
    try:
        insert_rows(db_session, table, [{}])
        assert db_session.execute(sa.select(table.c.id)).scalars().all() == [1]
    finally:
        table.drop(connection)


def test_one_of_finds_what_in_finds_with_one_parameter(db_session):
    """``one_of`` matches the rows ``IN`` matches, for no value, one, and more than a statement's
    usual parameters (quotes and backslashes included); PostgreSQL gets one array parameter."""
    practice = Practice(**PRACTICE)
    db_session.add(practice)
    db_session.flush()
    slugs = [f"o'brien-\\{n}" for n in range(600)]
    insert_rows(db_session, Practitioner.__table__, [_practitioner(practice.id, slug) for slug in slugs[::2]])
    P = Practitioner.__table__
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(parameters)

    engine = db_session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        for wanted in ([], slugs[:1], slugs[1:2], slugs):
            found = set(db_session.scalars(sa.select(P.c.slug).where(one_of(db_session, P.c.slug, wanted))))
            assert found == set(wanted) & set(slugs[::2])
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    if engine.dialect.name == "postgresql":
        assert [len(parameters) for parameters in statements] == [1, 1, 1, 1]
