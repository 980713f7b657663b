"""The SQL of a search, built once for each shape of search and run with bound values.

A ``Shape`` says which plan reads the rows and which filters are present; ``statement(shape)``
builds (once per process, then from a cache) one SELECT that returns the page's rows with
everything a result shows and the capped count of all matches. ``values`` are the bound
parameters of one search. Building SQLAlchemy expressions costs more than running the small
statements they make, so no expression is built per request.

Plans (decision 0010):

- ``ring``: the page from a small circle (spatial index), the count from the whole circle;
- ``circle``: page and count from the whole circle (spatial index);
- ``link``: page and count from a specialty's or payer's list of practitioners, the list of those
  who offer telehealth or home visits (of a profession), or the matches of a name search in the
  full-text index, each tested for the circle (no spatial index);
- ``walk``: best-rated inside a large circle: the rating index walked, testing the circle, to the
  score of the last row the page needs; then the rows at or above it, sorted exactly;
- ``nationwide``: no place; by rating the rating index walked (from a keyset cursor when given).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from directory.geo.distance import CircleParameters
from directory.lru import Memo
from directory.practitioners.models import Practice, Practitioner, practitioner_payers, practitioner_specialties
from directory.practitioners.spatial import practices_in_circle_box
from directory.practitioners.text_search import matching_ids
from directory.search.cards import card_columns

P = Practitioner.__table__
PR = Practice.__table__
PAGE_CIRCLE = CircleParameters("pc")  # the circle the page is read from (a ring, or the whole circle)
COUNT_CIRCLE = CircleParameters("cc")  # the circle whose matches are counted
# A LIMIT that never binds, written into the SQL: it keeps a walk of the rating index a subquery
# whose order the outer query keeps (PostgreSQL and SQLite do not flatten a subquery with LIMIT).
_EVERYTHING = sa.literal_column("1000000000")
_FILTERS = ("profession", "specialty", "payer", "telehealth", "home_visits", "min_rating", "q")


@dataclass(frozen=True)
class Shape:
    dialect: str
    plan: str  # ring | circle | link | walk | nationwide
    sort: str  # distance | rating | relevance
    filters: frozenset  # names from _FILTERS that are present
    # The list a ``link`` plan reads: "specialty", "payer", "text", "telehealth" or "home_visits".
    link: str | None = None
    keyset: bool = False
    page_flat: bool = False  # the page circle may use the flat-earth shortcut
    count_flat: bool = False
    page_crosses: bool = False  # the page circle's box crosses the antimeridian
    count_crosses: bool = False


# --- conditions -----------------------------------------------------------------------------


def _bind(name: str, type_=None) -> sa.BindParameter:
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


def _profession_is(dialect: str):
    """The profession filter (``f_profession``). A profession is half the directory: SQLite must
    not scan it by its index when the spatial or the rating index should drive, hence "+ 0" there.
    PostgreSQL chooses by its statistics, and "+ 0" would hide them: it would guess 0.5% of the
    rows and sort a whole profession (55,656 rows, 110 ms) instead of walking the rating index."""
    if dialect == "sqlite":
        return P.c.profession_id + 0 == _bind("f_profession", sa.Integer)
    return P.c.profession_id == _bind("f_profession", sa.Integer)


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
        conditions.append(listed.c.profession_id == _bind("f_profession", sa.Integer))
    return sa.select(listed.c.id).where(*conditions)


def _practitioner_filters(shape: Shape) -> list:
    """Conditions on practitioners alone (no practice): every filter but the name search."""
    conditions = []
    if "profession" in shape.filters:
        conditions.append(_profession_is(shape.dialect))
    for name, table, column in (
        ("specialty", practitioner_specialties, "specialty_id"),
        ("payer", practitioner_payers, "payer_id"),
    ):
        if name in shape.filters:
            value = _bind(f"f_{name}", sa.Integer)
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
        conditions.append(P.c.rating_mean >= _bind("f_min_rating", sa.Float))
    return conditions


def _name_filter(shape: Shape, practitioners=P) -> list:
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
        (name == _bind("q_exact", sa.String), 0),
        (name.like(_bind("q_prefix", sa.String), escape="\\"), 1),
        (name.like(_bind("q_word", sa.String), escape="\\"), 2),
        (sa.func.lower(PR.c.name).like(_bind("q_prefix", sa.String), escape="\\"), 3),
        else_=4,
    )


def _circle_source(shape: Shape, circle: CircleParameters, flat: bool, crosses: bool, *, indexed: bool):
    """Practitioners in ``circle``: (FROM clause, conditions). ``indexed``: the spatial index finds
    the box; otherwise each row's coordinates are tested (another index drives the scan)."""
    within = circle.within(PR.c.lat, PR.c.lng, flat=flat)
    if indexed:
        practices, near = practices_in_circle_box(shape.dialect, circle, crosses)
        return practices.join(P, P.c.practice_id == PR.c.id), [*near, within]
    min_lat, max_lat, min_lng, max_lng = circle.box()
    lat, lng = PR.c.lat + 0, PR.c.lng + 0  # "+ 0": not the (lat, lng) B-tree
    lng_ok = sa.or_(lng >= min_lng, lng <= max_lng) if crosses else lng.between(min_lng, max_lng)
    return P.join(PR, PR.c.id == P.c.practice_id), [lat.between(min_lat, max_lat), lng_ok, within]


def _order(shape: Shape, distance, practitioners=P) -> list[tuple[object, bool]]:
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


@dataclass(frozen=True)
class _Walk:
    """Practitioners passing ``where`` in the order of the rating index (best-rated, then the most
    recently confirmed, then name, then id), read lazily from that index by whatever consumes
    them. PostgreSQL: a subquery with that ORDER BY and a LIMIT that never binds (kept, not
    flattened, and streamed from the index). SQLite: the table itself (SQLite would materialise
    such a subquery; its planner reads the rating index for the ORDER BY of the query)."""

    rows: sa.FromClause  # the FROM element standing for the practitioners
    where: list  # conditions to put in the WHERE of the query that reads it


def _walk(dialect: str, conditions: list) -> _Walk:
    if dialect == "sqlite":
        return _Walk(P, list(conditions))
    walk = (
        sa.select(P)
        .where(*conditions)
        .order_by(P.c.rating_score.desc(), P.c.confirmed_at.desc(), P.c.name, P.c.id)
        .limit(_EVERYTHING)
        .subquery("walk")
    )
    return _Walk(walk, [])


# --- the statement --------------------------------------------------------------------------


def _page_rows(shape: Shape):
    """The page's rows: (FROM clause, conditions, order pairs, distance or None, the FROM element
    standing for the practitioners)."""
    filters = _practitioner_filters(shape)
    if shape.plan == "nationwide":
        if shape.sort == "rating":
            conditions = list(filters)
            if shape.keyset:
                conditions += _after_anchor()
            walk = _walk(shape.dialect, conditions)
            rows = walk.rows
            source = rows.join(PR, PR.c.id == rows.c.practice_id)
            return source, [*walk.where, *_name_filter(shape, rows)], _order(shape, None, rows), None, rows
        source = P.join(PR, PR.c.id == P.c.practice_id)
        return source, [*filters, *_name_filter(shape)], _order(shape, None), None, P
    if shape.plan == "walk":
        return _walk_cutoff_page(shape, filters)
    indexed = shape.plan != "link"
    source, near = _circle_source(shape, PAGE_CIRCLE, shape.page_flat, shape.page_crosses, indexed=indexed)
    distance = PAGE_CIRCLE.distance(PR.c.lat, PR.c.lng)
    return source, [*filters, *_name_filter(shape), *near], _order(shape, distance), distance, P


def _after_anchor() -> list:
    """Conditions for the rows after the practitioner ``k_id`` in the rating index's order: the
    values compared are that row's own, read from the table (so a timestamp compares with itself
    whatever its stored form); the first condition lets the index start at the anchor's score."""
    anchor = P.alias("anchor")
    row_id = _bind("k_id", sa.Integer)

    def of_anchor(column: str):
        return sa.select(anchor.c[column]).where(anchor.c.id == row_id).scalar_subquery()

    score, confirmed, name = of_anchor("rating_score"), of_anchor("confirmed_at"), of_anchor("name")
    same_score = P.c.rating_score == score
    return [
        P.c.rating_score <= score,
        sa.or_(
            P.c.rating_score < score,
            sa.and_(same_score, P.c.confirmed_at < confirmed),
            sa.and_(same_score, P.c.confirmed_at == confirmed, P.c.name > name),
            sa.and_(same_score, P.c.confirmed_at == confirmed, P.c.name == name, P.c.id > row_id),
        ),
    ]


def _walk_cutoff_page(shape: Shape, filters: list):
    """Best-rated in a large circle: every row at or above the score of the row the page ends on
    (found by walking the rating index, testing the circle), sorted exactly."""
    inside = PAGE_CIRCLE.within(PR.c.lat, PR.c.lng, flat=shape.page_flat)
    walk = _walk(shape.dialect, filters)
    cutoff_select = sa.select(walk.rows.c.rating_score)
    if shape.dialect == "sqlite" and "q" not in shape.filters:
        # The circle tested in a subquery on the row's practice, not a join: once ANALYZE has run,
        # SQLite's planner would build a Bloom filter over every practice before the walk starts.
        on_circle = sa.select(inside).where(PR.c.id == walk.rows.c.practice_id).scalar_subquery()
        cutoff_select = cutoff_select.where(on_circle)
    else:
        cutoff_select = cutoff_select.select_from(walk.rows.join(PR, PR.c.id == walk.rows.c.practice_id)).where(
            inside, *_name_filter(shape, walk.rows)
        )
    cutoff_select = (
        cutoff_select.where(*walk.where)
        .order_by(walk.rows.c.rating_score.desc())
        .offset(_bind("w_offset", sa.Integer))
        .limit(1)
    )
    cutoff = sa.func.coalesce(cutoff_select.scalar_subquery(), -1.0)
    above = _walk(shape.dialect, [*filters, P.c.rating_score >= cutoff])
    rows = above.rows
    source = rows.join(PR, PR.c.id == rows.c.practice_id)
    distance = PAGE_CIRCLE.distance(PR.c.lat, PR.c.lng)
    return source, [*above.where, inside, *_name_filter(shape, rows)], _order(shape, distance, rows), distance, rows


def _counted(shape: Shape):
    """(FROM clause, conditions) of everything the search matches, to count."""
    filters = _practitioner_filters(shape)
    if shape.plan == "nationwide":
        return P.join(PR, PR.c.id == P.c.practice_id), [*filters, *_name_filter(shape)]
    indexed = shape.plan != "link"
    source, near = _circle_source(shape, COUNT_CIRCLE, shape.count_flat, shape.count_crosses, indexed=indexed)
    return source, [*filters, *_name_filter(shape), *near]


def _sorted(pairs):
    return [expression.desc() if descending else expression for expression, descending in pairs]


def _build(shape: Shape) -> sa.Select:
    source, where, order, distance, rows = _page_rows(shape)
    columns = [rows.c.id.label("id"), rows.c.rating_score.label("score")]
    distance_label = distance.label("distance") if distance is not None else None
    if distance_label is not None:
        columns.append(distance_label)
    # The sort keys as columns of the page (o0, o1…), for the outer query to sort by again; the
    # distance is computed once and its column reused (SQLite would compute a copy again).
    keys = [
        (distance_label if expression is distance else expression.label(f"o{i}"), descending)
        for i, (expression, descending) in enumerate(order)
    ]
    page_select = (
        sa.select(*columns, *[label for label, _ in keys if label is not distance_label])
        .select_from(source)
        .where(*where)
        .order_by(*_sorted(keys))
        .offset(_bind("p_offset", sa.Integer))
        .limit(_bind("p_limit", sa.Integer))
    )
    page = page_select.cte("page")
    count_source, count_where = _counted(shape)
    capped = sa.select(sa.literal(1)).select_from(count_source).where(*count_where).limit(_bind("c_limit", sa.Integer))
    totals = sa.select(sa.select(sa.func.count()).select_from(capped.subquery()).scalar_subquery().label("total")).cte(
        "totals"
    )
    shown = page.join(P, P.c.id == page.c.id).join(PR, PR.c.id == P.c.practice_id)
    return (
        sa.select(
            totals.c.total,
            (page.c.distance if distance is not None else sa.null()).label("distance"),
            page.c.score,
            *card_columns(P, PR, page.c.id),
        )
        .select_from(totals.outerjoin(shown, sa.true()))
        .order_by(*_sorted([(page.c[label.name], descending) for label, descending in keys]))
    )


_BUILT = Memo()  # by shape, or by the key of a nearby count


def statement(shape: Shape) -> sa.Select:
    """The statement of ``shape``, built the first time it is asked for."""
    return _BUILT.get(shape, lambda: _build(shape))


def count_nearby_statement(dialect: str, circles: tuple[tuple[bool, bool], ...]) -> sa.Select:
    """How many of one profession (``f_profession``) are within the first of several circles
    ("n0_…", "n1_…"; ``circles[i]``: whether circle i may use the flat-earth shortcut and whether
    its box crosses the antimeridian), each count stopped after ``c_limit`` rows; a later circle
    is counted only when every earlier count is 0 (PostgreSQL and SQLite evaluate the subquery of
    a CASE branch only when it is taken). One statement."""
    return _BUILT.get(("nearby", dialect, circles), lambda: _build_nearby(dialect, circles))


def _build_nearby(dialect: str, circles: tuple[tuple[bool, bool], ...]) -> sa.Select:
    counts = []
    for index, (flat, crosses) in enumerate(circles):
        circle = CircleParameters(f"n{index}")
        shape = Shape(dialect, "circle", "distance", frozenset(("profession",)))
        source, near = _circle_source(shape, circle, flat, crosses, indexed=True)
        capped = (
            sa.select(sa.literal(1))
            .select_from(source)
            .where(_profession_is(dialect), *near)
            .limit(_bind("c_limit", sa.Integer))
        )
        counts.append(sa.select(sa.func.count()).select_from(capped.subquery()).scalar_subquery())
    # MATERIALIZED: PostgreSQL would otherwise inline the CTE and count the first circle twice
    # (once for the column, once for the CASE), 0.5 ms each on the listing page of a city practice.
    first = sa.select(counts[0].label("n")).cte("first_circle").prefix_with("MATERIALIZED", dialect="postgresql")
    later = [sa.case((first.c.n == 0, count), else_=sa.null()) for count in counts[1:]]
    return sa.select(first.c.n, *later)
