"""Declarative base: naming convention for stable constraint names, and timestamps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values) -> str:
    """The SQL of a check constraint that keeps ``column`` to ``values``: ``status IN ('a', 'b')``."""
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now(), onupdate=sa.func.now(), nullable=False
    )


def refresh_planner_statistics(
    session, tables: Iterable[sa.Table] | None = None, *, also: Iterable[str] = (), skip_locked: bool = False
) -> None:
    """After a bulk load (``seed-demo``, ``import-practitioners``), on PostgreSQL: ANALYZE the
    application's tables (or ``tables``), and the tables named in ``also`` (those the migrations
    make that the models do not), so the planner knows their new sizes now rather than when
    autovacuum gets to them (never, where it is off, and never for rows not yet committed:
    ANALYZE in the loading transaction itself counts them). ``skip_locked``: a table another
    session holds for its own ANALYZE or VACUUM is left out, not waited for (an ANALYZE inside
    a transaction keeps its lock until the end: two loads waiting for each other's would
    deadlock). SQLite is left without statistics: the search's statements are written to be read
    the same way with or without them (decision 0010)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    names = [table.name for table in (Base.metadata.sorted_tables if tables is None else tables)] + list(also)
    session.execute(sa.text(("ANALYZE (SKIP_LOCKED) " if skip_locked else "ANALYZE ") + ", ".join(names)))
