"""PostgreSQL: a request that wrote nothing ends its transaction with COMMIT, not ROLLBACK.

psycopg forgets every prepared statement of a connection at each ROLLBACK (a rolled-back
transaction may have dropped what they refer to), and the session ends every request with one. So
no statement was ever prepared: each request parsed and planned each of its statements again (the
listing page's five: about 5 ms of SQL, 2 ms prepared; docs/profile.md, seventh round). For a
transaction that has written nothing, COMMIT and ROLLBACK are the same to the database, and after
a COMMIT the session's own ROLLBACK finds no transaction and sends nothing, so the connection
keeps its prepared statements. Whether the transaction wrote is the server's answer (a
transaction is given an id when it first writes or locks a row), not a guess: anything else ends
as before.

A prepared statement is planned once for any values after its fifth run, when PostgreSQL judges
that plan no worse than the plans it made for each run's own values. For the search's statements
that judgement was wrong for some places (380–770 ms instead of about 10): they ask not to be
prepared (``PREPARE_OPTION``, set by ``search.statements``), and are planned each time as before.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask
from psycopg.pq import TransactionStatus

from directory.extensions import db

# The execution option that keeps a statement from being prepared, so that its plan always fits
# its own values (search.statements sets it).
PREPARE_OPTION = "psycopg_prepare"
_CONNECTION = "read_only.connection"  # in Session.info: the connection its transaction began on

logger = logging.getLogger(__name__)


def _remember_connection(session, _transaction, connection) -> None:
    session.info[_CONNECTION] = connection


def end_read_only_transaction(error: BaseException | None = None) -> None:
    """Commit the app context's transaction when it is open and sound on PostgreSQL, has no pending
    ORM changes and wrote nothing; otherwise leave it to be rolled back as before. Its objects are
    not expired (as closing the session leaves them). Only the connection the transaction already
    has is used, never a new one. The check goes through the driver: like the COMMIT it decides on,
    it ends the transaction rather than serving the page, and the pages' statement budgets
    (tests/search/test_budgets.py) count neither. Effects the server does not count as writes (a
    NOTIFY, a session-level SET; the application makes none in a request) are committed too."""
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    connection = session.info.pop(_CONNECTION, None)
    transaction = session.get_transaction()
    if connection is None or connection.closed or not connection.in_transaction():
        return
    if transaction is None or not transaction.is_active or session.new or session.dirty or session.deleted:
        return
    try:
        driver = connection.connection.driver_connection
        if driver.info.transaction_status != TransactionStatus.INTRANS:
            return  # a failed statement left it aborted
        with driver.cursor() as cursor:
            wrote = cursor.execute("SELECT pg_current_xact_id_if_assigned() IS NOT NULL").fetchone()[0]
        if wrote:
            return
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expire
    except Exception:
        # A lost connection, say: the session's own ROLLBACK then ends it as before. Raising here
        # would skip Flask-SQLAlchemy's teardown and keep the connection from its pool.
        logger.warning("could not end a read-only transaction with COMMIT", exc_info=True)


def execute_unprepared_when_asked(cursor, statement, parameters, context) -> bool:
    """SQLAlchemy's ``do_execute`` event on PostgreSQL: a statement whose execution options set
    ``PREPARE_OPTION`` to False is sent unprepared (True: done here); any other goes on as usual."""
    if context is not None and context.execution_options.get(PREPARE_OPTION) is False:
        cursor.execute(statement, parameters, prepare=False)
        return True
    return False


def register(app: Flask) -> None:
    """PostgreSQL with one database (no SQLALCHEMY_BINDS: a COMMIT would end every bind's)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") or app.config.get("SQLALCHEMY_BINDS"):
        return
    # Teardown functions run last-registered first: this one before Flask-SQLAlchemy's, which
    # closes the session (and rolls back what is still open).
    app.teardown_appcontext(end_read_only_transaction)
    if not sa.event.contains(db.session, "after_begin", _remember_connection):
        sa.event.listen(db.session, "after_begin", _remember_connection)
    with app.app_context():
        sa.event.listen(db.engine, "do_execute", execute_unprepared_when_asked)
