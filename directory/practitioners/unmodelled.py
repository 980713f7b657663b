"""What the migrations make that the ORM does not model: the spatial index (spatial.py) and the
name search index (text_search.py). Alembic's comparison (`flask db check`, the migration test)
leaves them out."""

from __future__ import annotations

from directory.practitioners import spatial, text_search

# The tables among them that PostgreSQL has (SQLite's are virtual tables), analyzed with the
# models' tables after a bulk load (models_base.refresh_planner_statistics).
POSTGRESQL_TABLES = (spatial.LINK_POINTS, text_search.TABLE)


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    return spatial.include_name(name, type_, parent_names) and text_search.include_name(name, type_, parent_names)
