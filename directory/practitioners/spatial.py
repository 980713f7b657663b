"""The spatial index of practices, as each database is built for it (decision 0010).

- SQLite: an R*Tree virtual table ``practice_rtree`` (id, min/max lat, min/max lng), kept in step
  with ``practices`` by triggers, so a change to a practice and to its index entry are one
  transaction. R*Tree stores 32-bit floats rounded outwards: a box query may return a point a
  few metres outside the box, never miss one inside; the exact distance in SQL decides.
- PostgreSQL: a GiST index on the expression ``point(lng, lat)``; a box query is
  ``point(lng, lat) <@ box(…)`` on that index.

The migration ``b4d2c8e6f1a3`` creates both; the ORM does not model them, so Alembic's comparison
skips them (``include_name``).
"""

from __future__ import annotations

import sqlalchemy as sa

from directory.geo.distance import BoundingBox, CircleParameters
from directory.practitioners.models import Practice

RTREE = "practice_rtree"
GIST_INDEX = "ix_practices_point"

_rtree = sa.table(
    RTREE, sa.column("id"), sa.column("min_lat"), sa.column("max_lat"), sa.column("min_lng"), sa.column("max_lng")
)


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: leave the spatial index (and the R*Tree's shadow tables) out of comparisons."""
    if type_ == "table":
        return not (name or "").startswith(RTREE)
    if type_ == "index":
        return name != GIST_INDEX
    return True


def _lng_ranges(box: BoundingBox) -> list[tuple[float, float]]:
    if box.crosses_antimeridian:
        return [(box.min_lng, 180.0), (-180.0, box.max_lng)]
    return [(box.min_lng, box.max_lng)]


def practices_in_box(dialect: str, box: BoundingBox) -> tuple[sa.FromClause, list]:
    """The practices inside ``box`` as the spatial index of ``dialect`` finds them: a FROM clause
    (on SQLite the R*Tree joined to practices, so the scan starts there and a LIMIT stops it
    early) and the conditions to add to the WHERE clause."""
    if dialect == "sqlite":
        ranges = [sa.and_(_rtree.c.max_lng >= low, _rtree.c.min_lng <= high) for low, high in _lng_ranges(box)]
        source = _rtree.join(Practice.__table__, Practice.__table__.c.id == _rtree.c.id)
        return source, [_rtree.c.max_lat >= box.min_lat, _rtree.c.min_lat <= box.max_lat, sa.or_(*ranges)]
    point = sa.func.point(Practice.lng, Practice.lat)
    boxes = [
        point.op("<@")(sa.func.box(sa.func.point(low, box.min_lat), sa.func.point(high, box.max_lat)))
        for low, high in _lng_ranges(box)
    ]
    return Practice.__table__, [sa.or_(*boxes)]


def practices_in_circle_box(dialect: str, circle: CircleParameters, crosses_antimeridian: bool):
    """As ``practices_in_box``, for the bounding box of ``circle`` given as bound parameters (one
    statement for every circle of a shape)."""
    min_lat, max_lat, min_lng, max_lng = circle.box()
    ranges = [(min_lng, 180.0), (-180.0, max_lng)] if crosses_antimeridian else [(min_lng, max_lng)]
    if dialect == "sqlite":
        source = _rtree.join(Practice.__table__, Practice.__table__.c.id == _rtree.c.id)
        lng_ok = sa.or_(*[sa.and_(_rtree.c.max_lng >= low, _rtree.c.min_lng <= high) for low, high in ranges])
        return source, [_rtree.c.max_lat >= min_lat, _rtree.c.min_lat <= max_lat, lng_ok]
    point = sa.func.point(Practice.lng, Practice.lat)
    boxes = [
        point.op("<@")(sa.func.box(sa.func.point(low, min_lat), sa.func.point(high, max_lat))) for low, high in ranges
    ]
    return Practice.__table__, [sa.or_(*boxes)]
