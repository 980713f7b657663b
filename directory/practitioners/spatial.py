"""The spatial index of practices, as each database is built for it (decision 0010).

- SQLite: an R*Tree virtual table ``practice_rtree`` (id, min/max lat, min/max lng), kept in step
  with ``practices`` by triggers, so a change to a practice and to its index entry are one
  transaction. R*Tree stores 32-bit floats rounded outwards: a box query may return a point a
  few metres outside the box, never miss one inside; the exact distance in SQL decides.
- PostgreSQL: a GiST index on the expression ``point(lng, lat)``; a box query is
  ``point(lng, lat) <@ box(…)`` on that index.

The migration ``b4d2c8e6f1a3`` creates both; the ORM does not model them, so Alembic's comparison
skips them (``include_name``).

Practitioners also carry the **area** of their practice: a square of the map, one degree of
latitude by 1.25 degrees of longitude (about 110 by 100–125 km in Australia), stored in
``practitioners.area`` by triggers on both databases (migration ``d5e2a9c7b3f1``) and indexed
with the rating order. Best-rated first inside a circle then walks the rating order of the one to
four areas the circle's box touches, not of the whole country (search/statements.py, ``area``).

Each specialty's and each payer's practitioners have a spatial index of their own (migration
``b8e4c2f6a9d1``), kept in step by triggers with the links, the practitioners and the practices:
an entry is a practitioner's practice position under a *kind* (``kind_of``), keyed by the
practitioner's id × 4096 + kind. A search with a specialty or payer can read only those
practitioners of its circle (``linked_in_circle_box``).

- SQLite: the R*Tree ``link_rtree`` in three dimensions (kind, latitude, longitude); each entry
  is a quarter wide either side of its kind (boxes with no volume made the R*Tree mix kinds).
- PostgreSQL: the table ``link_points`` with a GiST index on ``spot``, the point (longitude +
  SHIFT × kind, latitude): each kind in a stretch of the plane of its own.
"""

from __future__ import annotations

import math

import sqlalchemy as sa

from directory.geo.distance import BoundingBox, CircleParameters
from directory.practitioners.models import Practice

RTREE = "practice_rtree"
GIST_INDEX = "ix_practices_point"
LINK_RTREE = "link_rtree"
LINK_POINTS = "link_points"
LINK_GIST_INDEX = "ix_link_points_spot"
# The kinds of the lists' spatial index, as migration b8e4c2f6a9d1 writes them: a specialty's id,
# or KIND_LIMIT + a payer's id (ids stay below KIND_LIMIT: the triggers refuse others).
KIND_LIMIT = 2048
KEY_BITS = 12  # an entry's key: practitioner id × 2 ** KEY_BITS (4096) + kind
SHIFT = 400  # PostgreSQL: degrees of longitude from one kind's stretch of the plane to the next
_KIND_OFFSET = {"specialty": 0, "payer": KIND_LIMIT}

_rtree = sa.table(
    RTREE, sa.column("id"), sa.column("min_lat"), sa.column("max_lat"), sa.column("min_lng"), sa.column("max_lng")
)


# The areas. The triggers of migration d5e2a9c7b3f1 compute ``area_of`` in SQL with the same
# floating-point operations ((latitude + 90) / 1.0, (longitude + 180) / 1.25, each rounded down), so a practice
# on an area's edge is in the same area for Python and for both databases.
AREA_LAT_DEG, AREA_LNG_DEG = 1.0, 1.25
AREA_SLOTS = 4  # a search names four areas (unused ones NO_AREA): a box at most two by two areas
NO_AREA = -1


def area_of(lat: float, lng: float) -> int:
    """The area of the map that (lat, lng) is in, as the database stores it."""
    return math.floor((lat + 90) / AREA_LAT_DEG) * 1000 + math.floor((lng + 180) / AREA_LNG_DEG)


def areas_of_box(box: BoundingBox) -> tuple[int, ...] | None:
    """The areas ``box`` touches, padded with NO_AREA to AREA_SLOTS; None when it touches more than
    two by two areas or crosses the antimeridian (a circle of more than about 50 km)."""
    if box.crosses_antimeridian:
        return None
    rows = range(math.floor((box.min_lat + 90) / AREA_LAT_DEG), math.floor((box.max_lat + 90) / AREA_LAT_DEG) + 1)
    cols = range(math.floor((box.min_lng + 180) / AREA_LNG_DEG), math.floor((box.max_lng + 180) / AREA_LNG_DEG) + 1)
    if len(rows) > 2 or len(cols) > 2:
        return None
    areas = [row * 1000 + col for row in rows for col in cols]
    return (*areas, *[NO_AREA] * (AREA_SLOTS - len(areas)))


_link_rtree = sa.table(
    LINK_RTREE,
    sa.column("id"),
    sa.column("min_kind"),
    sa.column("max_kind"),
    sa.column("min_lat"),
    sa.column("max_lat"),
    sa.column("min_lng"),
    sa.column("max_lng"),
)
_link_points = sa.table(LINK_POINTS, sa.column("practitioner_id"), sa.column("kind"), sa.column("spot"))


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: leave the spatial indexes (and the R*Trees' shadow tables) out of comparisons."""
    if type_ == "table":
        return not (name or "").startswith((RTREE, LINK_RTREE)) and name != LINK_POINTS
    if type_ == "index":
        return name not in (GIST_INDEX, LINK_GIST_INDEX)
    return True


def kind_of(link: str, value):
    """The kind under which the list ``link`` ("specialty" or "payer") of id ``value`` (a number or
    a bound parameter) is indexed."""
    return value + _KIND_OFFSET[link] if _KIND_OFFSET[link] else value


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


def linked_in_circle_box(dialect: str, practitioners: sa.Table, kind, circle: CircleParameters, crosses: bool):
    """The practitioners of one list (``kind``, see ``kind_of``) whose practice is inside the
    bounding box of ``circle``, as the list's own spatial index finds them: a FROM clause that
    starts at the index and joins ``practitioners``, and the conditions for its WHERE clause."""
    min_lat, max_lat, min_lng, max_lng = circle.box()
    ranges = [(min_lng, 180.0), (-180.0, max_lng)] if crosses else [(min_lng, max_lng)]
    if dialect == "sqlite":
        rt = _link_rtree
        source = rt.join(practitioners, practitioners.c.id == rt.c.id.op(">>")(KEY_BITS))
        lng_ok = sa.or_(*[sa.and_(rt.c.max_lng >= low, rt.c.min_lng <= high) for low, high in ranges])
        return source, [
            rt.c.min_kind <= kind,
            rt.c.max_kind >= kind,
            rt.c.max_lat >= min_lat,
            rt.c.min_lat <= max_lat,
            lng_ok,
        ]
    lp = _link_points
    shift = kind * SHIFT
    boxes = [
        lp.c.spot.op("<@")(sa.func.box(sa.func.point(low + shift, min_lat), sa.func.point(high + shift, max_lat)))
        for low, high in ranges
    ]
    source = lp.join(practitioners, practitioners.c.id == lp.c.practitioner_id)
    return source, [lp.c.kind == kind, sa.or_(*boxes)]
