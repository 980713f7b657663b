"""Many new rows into one table in one go: an import's listings, practices, links and audit events.

PostgreSQL gets them by ``COPY … FROM STDIN`` on the session's own connection (same transaction):
psycopg otherwise sends an executemany as one statement per row (about 50 µs each in the driver,
each then run on its own by the server), which was most of an import's time waiting for
PostgreSQL (docs/profile.md). SQLite gets ``INSERT … VALUES (…), (…), …``, thousands of rows a
statement: an executemany is one statement per row there too, and a trigger that writes to an
R*Tree (a practice's entry, a specialty's or a payer's) cost more than twice as much when each row
was a statement of its own (docs/profile.md, sixth round). Other databases get an ordinary
executemany.

``one_of`` looks many values up the same way on both: an import asks which of a batch's 500 slugs
exist as one array parameter on PostgreSQL, not 500 parameters.

Either way the rows are what ``INSERT`` would store: values go through the columns' types (JSON is
serialised the same way), a column left out gets its Python default as INSERT would give it, or
its server default. Triggers and foreign keys apply to copied rows as to inserted ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

STATEMENT_ROWS = 5000  # SQLite: rows a statement at most (fewer when its variable limit is lower)


def one_of(session: Session, column: sa.ColumnElement, values: Iterable) -> sa.ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL ``column = ANY(array)``, one parameter whatever the
    number of values. psycopg converts a statement of more than 50 parameters to the server's
    placeholders again at each run, and the server plans it again: for a batch's 500 slugs that
    took half the time of the look-up (docs/profile.md, eighth round)."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


def insert_rows(session: Session, table: sa.Table, rows: Sequence[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys, the columns' keys) into ``table``. Like any Core
    statement it does not flush the session: flush first what the rows refer to."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    defaults = _python_defaults(table, names)
    if dialect.name not in ("postgresql", "sqlite") or defaults is None or not (names or defaults):
        # Another database, a default only SQL can compute, or no column given: let INSERT do it.
        session.execute(sa.insert(table), rows)
        return
    columns = [*names, *defaults]
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    values = (
        [
            value if process is None else process(value)
            for value, process in zip(
                [row[name] for name in names] + [make() for make in defaults.values()], processors, strict=True
            )
        ]
        for row in rows
    )
    quoted = ", ".join(dialect.identifier_preparer.quote(table.c[key].name) for key in columns)
    target = dialect.identifier_preparer.format_table(table)
    if dialect.name == "postgresql":
        _copy(connection, f"COPY {target} ({quoted}) FROM STDIN", values)
    else:
        _insert_values(connection, f"INSERT INTO {target} ({quoted}) VALUES ", len(columns), values)


def _copy(connection: sa.Connection, statement: str, values: Iterable[list]) -> None:
    dialect = connection.dialect
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in values:
                copy.write_row(row)
    except dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy raises it for a failed INSERT: IntegrityError for a broken constraint, etc.
        raise sa.exc.DBAPIError.instance(statement, None, error, dialect.loaded_dbapi.Error) from error


def _insert_values(connection: sa.Connection, statement: str, width: int, values: Iterable[list]) -> None:
    """SQLite: INSERT … VALUES (…), (…), … with up to STATEMENT_ROWS rows a statement."""
    driver = connection.connection.driver_connection
    limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if hasattr(driver, "getlimit") else 999
    per_statement = max(1, min(STATEMENT_ROWS, limit // width))
    row = "(" + ", ".join(["?"] * width) + ")"
    chunk: list = []
    for item in values:
        chunk.append(item)
        if len(chunk) == per_statement:
            _run(connection, statement, row, chunk)
            chunk = []
    if chunk:
        _run(connection, statement, row, chunk)


def _run(connection: sa.Connection, statement: str, row: str, chunk: list[list]) -> None:
    connection.exec_driver_sql(statement + ", ".join([row] * len(chunk)), tuple(v for item in chunk for v in item))


def _python_defaults(table: sa.Table, given: list[str]) -> dict | None:
    """For each column not in ``given`` that has a Python-side default, a function making its value;
    None when such a default is a SQL expression or a sequence."""
    makers = {}
    for column in table.columns:
        default = column.default
        if column.key in given or default is None:
            continue
        if default.is_scalar:
            makers[column.key] = lambda value=default.arg: value
        elif default.is_callable:
            # SQLAlchemy wraps a default taking no argument to take the execution context; none
            # of ours reads it (a default that did would need INSERT).
            makers[column.key] = lambda make=default.arg: make(None)
        else:
            return None
    return makers
