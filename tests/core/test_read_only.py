"""A request that wrote nothing ends with COMMIT on PostgreSQL, so its connection keeps its prepared
statements (read_only.py); anything that wrote, or failed, is rolled back as before."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Practitioner


def _name(app, person) -> str:
    with app.app_context():
        name = db.session.scalar(sa.select(Practitioner.name).where(Practitioner.id == person.id))
        db.session.remove()
    return name


def test_pages_that_only_read_keep_their_prepared_statements_and_searches_are_never_prepared(
    app, client, make_practitioner, count_queries
):
    """psycopg prepares a statement on its fifth use and forgets them all at a ROLLBACK: with every
    request rolled back, none was ever prepared. A search's statements ask not to be (a plan for
    any values went wrong for some places), the nearby count of the listing page included."""
    person = make_practitioner()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only: SQLite has no prepared statements to keep")
        db.engine.dispose()  # one connection, which every request below then uses
    search = "/api/v1/practitioners?lat=-33.87&lng=151.21&radius_km=25"
    with count_queries() as statements:
        assert client.get(search).status_code == 200
    searched = max(statements, key=len)  # the search (the first also counts what the estimates need)
    for _ in range(6):
        assert client.get(f"/practitioners/{person.slug}").status_code == 200
        assert client.get(search).status_code == 200
    with app.app_context():
        with db.engine.connect() as connection:
            prepared = [
                " ".join(text.split())
                for (text,) in connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements")
            ]
        db.session.remove()
    assert any(text.startswith("SELECT practitioners.id, practitioners.slug") for text in prepared)
    opening = " ".join(searched.split())[:60].split("%(")[0]
    assert not any(text.startswith(opening) or "first_circle" in text for text in prepared)


def test_a_write_left_uncommitted_is_still_rolled_back(app, make_practitioner):
    person = make_practitioner(name="Uma Unchanged")
    with app.app_context():  # a statement that writes: the database knows, whatever the ORM says
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == person.id).values(name="Core Write"))
    assert _name(app, person) == "Uma Unchanged"
    with app.app_context():  # a change the ORM holds, not yet flushed
        db.session.get(Practitioner, person.id).name = "Pending Change"
    assert _name(app, person) == "Uma Unchanged"
    with pytest.raises(RuntimeError), app.app_context():  # a read, then an error
        db.session.get(Practitioner, person.id)
        db.session.execute(sa.update(Practitioner).where(Practitioner.id == person.id).values(name="Then Failed"))
        raise RuntimeError("the view failed")
    assert _name(app, person) == "Uma Unchanged"


def test_objects_read_stay_readable_after_the_context_and_a_failed_statement_ends_quietly(app, make_practitioner):
    person = make_practitioner(name="Rita Readable")
    with app.app_context():
        practitioner = db.session.get(Practitioner, person.id)
    assert practitioner.name == "Rita Readable"  # not expired by the COMMIT
    with app.app_context():
        with pytest.raises(sa.exc.DBAPIError):
            db.session.execute(sa.text("SELECT no_such_column FROM practitioners"))
        # The transaction is left failed (PostgreSQL) and the context ends without another error.
    assert _name(app, person) == "Rita Readable"


def test_a_failed_flush_the_view_caught_ends_quietly_and_frees_its_connection(app, make_practitioner):
    """A view that catches a failed flush and answers anyway leaves an inactive transaction: the
    request still ends, and its connection goes back to the pool (an error in the teardown would
    have kept it from Flask-SQLAlchemy's)."""
    first, second = make_practitioner(), make_practitioner()
    with app.app_context():
        engine = db.engine
        db.session.get(Practitioner, second.id).slug = first.slug
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
    assert engine.pool.checkedout() == 0
    checkouts: list = []

    def checked_out(*args) -> None:
        checkouts.append(args)

    sa.event.listen(engine, "checkout", checked_out)
    try:
        with app.app_context():  # a transaction begun with nothing run: no connection is taken for it
            db.session.begin()
    finally:
        sa.event.remove(engine, "checkout", checked_out)
    assert checkouts == []
