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


def test_pages_that_only_read_keep_their_prepared_statements(app, client, make_practitioner):
    """psycopg prepares a statement on its fifth use and forgets them all at a ROLLBACK: with every
    request rolled back, none was ever prepared."""
    person = make_practitioner()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only: SQLite has no prepared statements to keep")
        db.engine.dispose()  # one connection, which every request below then uses
    for _ in range(6):
        assert client.get(f"/practitioners/{person.slug}").status_code == 200
    with app.app_context():
        with db.engine.connect() as connection:
            prepared = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_prepared_statements WHERE strpos(statement, 'FROM practitioners') > 0"
            ).scalar()
        db.session.remove()
    assert prepared >= 1


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
