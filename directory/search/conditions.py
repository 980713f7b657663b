"""What a search tests and sorts by, as SQLAlchemy expressions with bound parameters: the shape
of a search, its filters, its circles through the spatial index, and the order of its results.
``statements.py`` puts them together into one statement for each plan (decision 0010).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from directory.geo.distance import CircleParameters
from directory.lru import Memo
from directory.practitioners.models import Practice, Practitioner, practitioner_payers, practitioner_specialties
from directory.practitioners.spatial import kind_of, linked_in_circle_box, practices_in_circle_box
from directory.practitioners.text_search import matching_ids

P = Practitioner.__table__
PR = Practice.__table__
PAGE_CIRCLE = CircleParameters("pc")  # the circle the page is read from (a ring, or the whole circle)
COUNT_CIRCLE = CircleParameters("cc")  # the circle whose matches are counted
# A LIMIT that never binds, written into the SQL: it keeps a walk of the rating index a subquery
# whose order the outer query keeps (PostgreSQL and SQLite do not flatten a subquery with LIMIT).
EVERYTHING = sa.literal_column("1000000000")
_FILTERS = ("profession", "specialty", "payer", "telehealth", "home_visits", "min_rating", "q")


@dataclass(frozen=True)
class Shape:
    dialect: str
    plan: str  # ring | circle | link | walk | area | nationwide
    sort: str  # distance | rating | relevance
    filters: frozenset  # names from _FILTERS that are present
    # The list a ``link`` plan reads: "specialty", "payer", "text", "telehealth" or "home_visits".
    link: str | None = None
    keyset: bool = False
    # The list ("specialty" or "payer") whose own spatial index reads the circle (plans ring and
    # circle): only its practitioners are read, and its filter is the index's.
    mapped: str | None = None
    page_flat: bool = False  # the page circle may use the flat-earth shortcut
    count_flat: bool = False
    page_crosses: bool = False  # the page circle's box crosses the antimeridian
    count_crosses: bool = False


def bind(name: str, type_=None) -> sa.BindParameter:
    return sa.bindparam(name, type_=type_)


_LISTS = Memo()  # one CTE object per list: SQLAlchemy writes a CTE once however often it is used


def _listed(dialect: str, key: str, ids: sa.Select, practitioners=P):
    """Practitioners whose id is in ``ids``, the short list that drives a ``link`` plan.

    PostgreSQL gets the list as one array, from a CTE computed once however often the statement
    uses it (the page and its count), compared with ``id = ANY(…)``: then the list drives. With
    ``id IN (subquery)`` it joined the other way when its guesses were off, scanning every
    practitioner to probe the list (a specialty within 10 km of Sydney: 80 ms for 4,693 ids; a
    first name with a profession within 50 km: 200 ms). SQLite reads the list first as it is.
    """
    if dialect != "postgresql":
        return practitioners.c.id.in_(ids)
    cte = _LISTS.get(key, lambda: _array_of(key, ids))
    # The cast makes it an expression: ANY(subquery) would compare with rows, not the array's elements.
    as_array = sa.cast(sa.select(cte.c.ids).scalar_subquery(), postgresql.ARRAY(sa.Integer))
    return practitioners.c.id == sa.any_(as_array)


def _array_of(key: str, ids: sa.Select) -> sa.CTE:
    """``ids`` as one array, in the CTE ``list_<key>`` (PostgreSQL)."""
    column = list(ids.subquery().c)[0]
    return sa.select(sa.func.array_agg(column).label("ids")).cte(f"list_{key}")


def profession_is(dialect: str):
    """The profession filter (``f_profession``). A profession is half the directory: SQLite must
    not scan it by its index when the spatial or the rating index should drive, hence "+ 0" there.
    PostgreSQL chooses by its statistics, and "+ 0" would hide them: it would guess 0.5% of the
    rows and sort a whole profession (55,656 rows, 110 ms) instead of walking the rating index."""
    if dialect == "sqlite":
        return P.c.profession_id + 0 == bind("f_profession", sa.Integer)
    return P.c.profession_id == bind("f_profession", sa.Integer)


_YES_NO = ("telehealth", "home_visits")


def _yes(dialect: str, name: str):
    """A yes-or-no filter tested on each row. On SQLite written so that it cannot use the column's
    list index (the spatial or the rating index should drive; the list is read only by a ``link``
    plan, chosen when it is the shortest). PostgreSQL chooses by its statistics."""
    if dialect == "sqlite":
        return sa.type_coerce(P.c[name], sa.Integer) + 0 == 1
    return P.c[name].is_(True)


def _yes_list(name: str, with_profession: bool) -> sa.Select:
    """The ids of the practitioners who offer ``name`` (of the profession ``f_profession``), read
    from the index ix_practitioners_<name> (telehealth or home visits, profession, id)."""
    listed = P.alias(f"{name}_list")
    conditions = [listed.c[name] == sa.true()]
    if with_profession:
        conditions.append(listed.c.profession_id == bind("f_profession", sa.Integer))
    return sa.select(listed.c.id).where(*conditions)


def practitioner_filters(shape: Shape) -> list:
    """Conditions on practitioners alone (no practice): every filter but the name search."""
    conditions = []
    if "profession" in shape.filters:
        conditions.append(profession_is(shape.dialect))
    for name, table, column in (
        ("specialty", practitioner_specialties, "specialty_id"),
        ("payer", practitioner_payers, "payer_id"),
    ):
        if name in shape.filters and shape.mapped != name:
            value = bind(f"f_{name}", sa.Integer)
            if shape.link == name:
                ids = sa.select(table.c.practitioner_id).where(table.c[column] == value)
                conditions.append(_listed(shape.dialect, name, ids))
            else:
                conditions.append(sa.exists().where(table.c.practitioner_id == P.c.id, table.c[column] == value))
    for name in _YES_NO:
        if name not in shape.filters:
            continue
        if shape.link == name:
            with_profession = "profession" in shape.filters
            key = f"{name}_of_profession" if with_profession else name
            conditions.append(_listed(shape.dialect, key, _yes_list(name, with_profession)))
        else:
            conditions.append(_yes(shape.dialect, name))
    if "min_rating" in shape.filters:
        conditions.append(P.c.rating_count > 0)
        conditions.append(P.c.rating_mean >= bind("f_min_rating", sa.Float))
    return conditions


def name_filter(shape: Shape, practitioners=P) -> list:
    """The name search: the practitioners whose name or practice name has a word beginning with
    each word of ``q``, read from the full-text index (practitioners/text_search.py)."""
    if "q" not in shape.filters:
        return []
    if shape.link == "text":
        return [_listed(shape.dialect, "text", matching_ids(shape.dialect), practitioners)]
    return [practitioners.c.id.in_(matching_ids(shape.dialect))]


def _relevance(practitioners=P):
    name = sa.func.lower(practitioners.c.name)
    return sa.case(
        (name == bind("q_exact", sa.String), 0),
        (name.like(bind("q_prefix", sa.String), escape="\\"), 1),
        (name.like(bind("q_word", sa.String), escape="\\"), 2),
        (sa.func.lower(PR.c.name).like(bind("q_prefix", sa.String), escape="\\"), 3),
        else_=4,
    )


def circle_source(shape: Shape, circle: CircleParameters, flat: bool, crosses: bool, *, indexed: bool):
    """Practitioners in ``circle``: (FROM clause, conditions). ``indexed``: the spatial index finds
    the box (the list's own when the shape is ``mapped``); otherwise each row's coordinates are
    tested (another index drives the scan)."""
    within = circle.within(PR.c.lat, PR.c.lng, flat=flat)
    if shape.mapped:
        kind = kind_of(shape.mapped, bind(f"f_{shape.mapped}", sa.Integer))
        listed, near = linked_in_circle_box(shape.dialect, P, kind, circle, crosses)
        return listed.join(PR, PR.c.id == P.c.practice_id), [*near, within]
    if indexed:
        practices, near = practices_in_circle_box(shape.dialect, circle, crosses)
        return practices.join(P, P.c.practice_id == PR.c.id), [*near, within]
    min_lat, max_lat, min_lng, max_lng = circle.box()
    lat, lng = PR.c.lat + 0, PR.c.lng + 0  # "+ 0": not the (lat, lng) B-tree
    lng_ok = sa.or_(lng >= min_lng, lng <= max_lng) if crosses else lng.between(min_lng, max_lng)
    return P.join(PR, PR.c.id == P.c.practice_id), [lat.between(min_lat, max_lat), lng_ok, within]


def sort_keys(shape: Shape, distance, practitioners=P) -> list[tuple[object, bool]]:
    """The sort as (expression, descending) pairs. Ties go to the listing confirmed most recently
    (practitioners/freshness.py), then by name; the practitioner's id settles the rest."""
    fresher = (practitioners.c.confirmed_at, True)
    if shape.sort == "distance":
        return [(distance, False), fresher, (practitioners.c.name, False), (practitioners.c.id, False)]
    if shape.sort == "rating":
        near = [(distance, False)] if distance is not None else []
        return [
            (practitioners.c.rating_score, True),
            *near,
            fresher,
            (practitioners.c.name, False),
            (practitioners.c.id, False),
        ]
    second = (distance, False) if distance is not None else (practitioners.c.rating_score, True)
    return [(_relevance(practitioners), False), second, fresher, (practitioners.c.id, False)]
