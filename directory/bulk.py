"""Many new rows into one table in one go: an import's listings, practices, links and audit events.

PostgreSQL gets them by ``COPY … FROM STDIN`` on the session's own connection (same transaction):
psycopg otherwise sends an executemany as one statement per row (about 50 µs each in the driver,
each then run on its own by the server), which was most of an import's time waiting for
PostgreSQL (docs/profile.md). Other databases get an ordinary executemany, which on SQLite runs in-process.

Either way the rows are what ``INSERT`` would store: values go through the columns' types (JSON is
serialised the same way), a column left out gets its Python default as INSERT would give it, or
its server default. Triggers and foreign keys apply to copied rows as to inserted ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: sa.Table, rows: Sequence[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys, the columns' keys) into ``table``. Like any Core
    statement it does not flush the session: flush first what the rows refer to."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql":
        session.execute(sa.insert(table), rows)
        return
    names = list(rows[0])
    defaults = _python_defaults(table, names)
    if defaults is None:  # a default only SQL can compute: let INSERT compute it
        session.execute(sa.insert(table), rows)
        return
    columns = [*names, *defaults]
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    quoted = ", ".join(dialect.identifier_preparer.quote(table.c[key].name) for key in columns)
    target = dialect.identifier_preparer.format_table(table)
    statement = f"COPY {target} ({quoted}) FROM STDIN"
    driver = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                values = [row[name] for name in names] + [make() for make in defaults.values()]
                copy.write_row(
                    [
                        value if process is None else process(value)
                        for value, process in zip(values, processors, strict=True)
                    ]
                )
    except dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy raises it for a failed INSERT: IntegrityError for a broken constraint, etc.
        raise sa.exc.DBAPIError.instance(statement, None, error, dialect.loaded_dbapi.Error) from error


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
