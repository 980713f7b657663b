"""PostgreSQL: a request that wrote nothing ends its transaction with COMMIT, not ROLLBACK.

psycopg forgets every prepared statement of a connection at each ROLLBACK (a rolled-back
transaction may have dropped what they refer to), and the session ends every request with one. So
no statement was ever prepared: each request parsed and planned each of its statements again
(about 1.7 ms of the listing page's SQL; docs/profile.md, seventh round). For a transaction that
has written nothing, COMMIT and ROLLBACK are the same to the database, and after a COMMIT the
session's own ROLLBACK finds no transaction and sends nothing, so the connection keeps its prepared
statements. Whether the transaction wrote is the server's answer (a transaction is given an id
when it first writes or locks a row), not a guess: anything else ends as before.
"""

from __future__ import annotations

from flask import Flask
from psycopg.pq import TransactionStatus

from directory.extensions import db


def end_read_only_transaction(error: BaseException | None = None) -> None:
    """Commit the app context's transaction when it is open on PostgreSQL, has no pending ORM
    changes and wrote nothing; otherwise leave it to be rolled back as before. Its objects are not
    expired (as closing the session leaves them). The check goes through the driver: like the
    COMMIT it decides on, it ends the transaction rather than serving the page, and the pages'
    statement budgets (tests/search/test_budgets.py) count neither."""
    if error is not None:
        return
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
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


def register(app: Flask) -> None:
    # Teardown functions run last-registered first: this one before Flask-SQLAlchemy's, which
    # closes the session (and rolls back what is still open).
    app.teardown_appcontext(end_read_only_transaction)
