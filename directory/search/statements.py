"""The SQL of a search, built once for each shape of search and run with bound values.

A ``Shape`` says which plan reads the rows and which filters are present (the conditions and the
order themselves are in ``conditions.py``); ``statement(shape)`` builds (once per process, then
from a cache) one SELECT that returns the page's rows with everything a result shows and the
capped count of all matches. ``values`` are the bound parameters of one search. Building
SQLAlchemy expressions costs more than running the small statements they make, so no expression
is built per request.

Plans (decision 0010):

- ``ring``: the page from a small circle (spatial index), the count from the whole circle;
- ``circle``: page and count from the whole circle (spatial index);
- either of them ``mapped``: through a specialty's or payer's own spatial index instead of the
  practices' (only that list's practitioners are read);
- ``link``: page and count from a specialty's or payer's list of practitioners, the list of those
  who offer telehealth or home visits (of a profession), or the matches of a name search in the
  full-text index, each tested for the circle (no spatial index);
- ``walk``: best-rated inside a large circle: the rating index walked, testing the circle, to the
  score of the last row the page needs; then the rows at or above it, sorted exactly;
- ``area``: as ``walk``, but each of the one to four areas of the map that the circle's box
  touches walks its own rating order (``ix_practitioners_area_rating``) to the score of the last
  row the page needs; the highest of those scores is the cut-off (practitioners/spatial.py);
- ``nationwide``: no place; by rating the rating index walked (from a keyset cursor when given).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from directory.geo.distance import CircleParameters
from directory.lru import Memo
from directory.practitioners.spatial import AREA_SLOTS
from directory.read_only import PREPARE_OPTION
from directory.search.cards import card_columns
from directory.search.conditions import (
    COUNT_CIRCLE,
    EVERYTHING,
    PAGE_CIRCLE,
    PR,
    P,
    Shape,
    bind,
    circle_source,
    name_filter,
    practitioner_filters,
    profession_is,
    sort_keys,
)


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
        .limit(EVERYTHING)
        .subquery("walk")
    )
    return _Walk(walk, [])


# --- the statement --------------------------------------------------------------------------


def _page_rows(shape: Shape):
    """The page's rows: (FROM clause, conditions, order pairs, distance or None, the FROM element
    standing for the practitioners)."""
    filters = practitioner_filters(shape)
    if shape.plan == "nationwide":
        if shape.sort == "rating":
            conditions = list(filters)
            if shape.keyset:
                conditions += _after_anchor()
            walk = _walk(shape.dialect, conditions)
            rows = walk.rows
            source = rows.join(PR, PR.c.id == rows.c.practice_id)
            return source, [*walk.where, *name_filter(shape, rows)], sort_keys(shape, None, rows), None, rows
        source = P.join(PR, PR.c.id == P.c.practice_id)
        return source, [*filters, *name_filter(shape)], sort_keys(shape, None), None, P
    if shape.plan == "walk":
        return _walk_cutoff_page(shape, filters)
    if shape.plan == "area":
        return _area_walk_page(shape, filters)
    indexed = shape.plan != "link"
    source, near = circle_source(shape, PAGE_CIRCLE, shape.page_flat, shape.page_crosses, indexed=indexed)
    distance = PAGE_CIRCLE.distance(PR.c.lat, PR.c.lng)
    return source, [*filters, *name_filter(shape), *near], sort_keys(shape, distance), distance, P


def _after_anchor() -> list:
    """Conditions for the rows after the practitioner ``k_id`` in the rating index's order: the
    values compared are that row's own, read from the table (so a timestamp compares with itself
    whatever its stored form); the first condition lets the index start at the anchor's score."""
    anchor = P.alias("anchor")
    row_id = bind("k_id", sa.Integer)

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


def _cutoff(shape: Shape, filters: list, where: list):
    """The score of the page's last row among the practitioners passing ``where``: the rating order
    walked (of the whole country, or of one area when ``where`` names it), testing the circle and
    the filters, ``w_offset`` rows in. NULL when fewer pass."""
    inside = PAGE_CIRCLE.within(PR.c.lat, PR.c.lng, flat=shape.page_flat)
    walk = _walk(shape.dialect, [*where, *filters])
    cutoff_select = sa.select(walk.rows.c.rating_score)
    if shape.dialect == "sqlite" and "q" not in shape.filters:
        # The circle tested in a subquery on the row's practice, not a join: once ANALYZE has run,
        # SQLite's planner would build a Bloom filter over every practice before the walk starts.
        on_circle = sa.select(inside).where(PR.c.id == walk.rows.c.practice_id).scalar_subquery()
        cutoff_select = cutoff_select.where(on_circle)
    else:
        cutoff_select = cutoff_select.select_from(walk.rows.join(PR, PR.c.id == walk.rows.c.practice_id)).where(
            inside, *name_filter(shape, walk.rows)
        )
    return (
        cutoff_select.where(*walk.where)
        .order_by(walk.rows.c.rating_score.desc())
        .offset(bind("w_offset", sa.Integer))
        .limit(1)
        .scalar_subquery()
    )


def _walk_cutoff_page(shape: Shape, filters: list):
    """Best-rated in a large circle: every row at or above the score of the row the page ends on
    (found by walking the rating index, testing the circle), sorted exactly."""
    inside = PAGE_CIRCLE.within(PR.c.lat, PR.c.lng, flat=shape.page_flat)
    cutoff = sa.func.coalesce(_cutoff(shape, filters, []), -1.0)
    above = _walk(shape.dialect, [*filters, P.c.rating_score >= cutoff])
    rows = above.rows
    source = rows.join(PR, PR.c.id == rows.c.practice_id)
    distance = PAGE_CIRCLE.distance(PR.c.lat, PR.c.lng)
    return source, [*above.where, inside, *name_filter(shape, rows)], sort_keys(shape, distance, rows), distance, rows


def _area_walk_page(shape: Shape, filters: list):
    """Best-rated in a circle, area by area: each area the circle's box touches (``area0`` …, unused
    ones -1) is read at or above a cut-off. Each of the areas ``cut0`` … (some of them; unused ones
    -1) walks its own rating order to the score of the page's last row. The page's last row
    overall scores at least the highest of those (that area alone has enough rows scoring as much),
    so every row the page needs is in the areas at or above it: read by the same index, sorted
    exactly. Any of the areas gives a true cut-off; the areas that hold little of the circle would
    walk far to find theirs, so the estimates leave them out."""
    inside = PAGE_CIRCLE.within(PR.c.lat, PR.c.lng, flat=shape.page_flat)
    areas = [bind(f"area{i}", sa.Integer) for i in range(AREA_SLOTS)]
    cuts = [bind(f"cut{i}", sa.Integer) for i in range(AREA_SLOTS)]
    cutoffs = [sa.func.coalesce(_cutoff(shape, filters, [P.c.area == area]), -1.0) for area in cuts]
    # The highest of them: SQLite's max() of several arguments is a scalar function.
    cutoff = sa.func.greatest(*cutoffs) if shape.dialect == "postgresql" else sa.func.max(*cutoffs)
    if shape.dialect == "postgresql":
        # Each area read by its own index, in its order, down to the cut-off (computed once, in a
        # CTE): given the areas and the cut-off together, PostgreSQL walked the whole country's
        # rating index for the page's order, or read a whole profession's bitmap.
        top = sa.select(cutoff.label("score")).cte("cutoff").prefix_with("MATERIALIZED")
        at_least = sa.select(top.c.score).scalar_subquery()
        rows = sa.union_all(
            *[
                sa.select(P)
                .where(P.c.area == area, P.c.rating_score >= at_least, *filters)
                .order_by(P.c.rating_score.desc(), P.c.confirmed_at.desc(), P.c.name, P.c.id)
                .limit(EVERYTHING)
                for area in areas
            ]
        ).subquery("in_areas")
        where = []
    else:
        rows, where = P, [P.c.area.in_(areas), P.c.rating_score >= cutoff, *filters]
    source = rows.join(PR, PR.c.id == rows.c.practice_id)
    distance = PAGE_CIRCLE.distance(PR.c.lat, PR.c.lng)
    return source, [*where, inside, *name_filter(shape, rows)], sort_keys(shape, distance, rows), distance, rows


def _counted(shape: Shape):
    """(FROM clause, conditions) of everything the search matches, to count."""
    filters = practitioner_filters(shape)
    if shape.plan == "nationwide":
        return P.join(PR, PR.c.id == P.c.practice_id), [*filters, *name_filter(shape)]
    indexed = shape.plan != "link"
    source, near = circle_source(shape, COUNT_CIRCLE, shape.count_flat, shape.count_crosses, indexed=indexed)
    return source, [*filters, *name_filter(shape), *near]


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
        .offset(bind("p_offset", sa.Integer))
        .limit(bind("p_limit", sa.Integer))
    )
    page = page_select.cte("page")
    count_source, count_where = _counted(shape)
    capped = sa.select(sa.literal(1)).select_from(count_source).where(*count_where).limit(bind("c_limit", sa.Integer))
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
# PostgreSQL: a search's statements are planned for each search's own values, never prepared
# (read_only.py). A prepared statement's generic plan, chosen after five searches from what
# those cost, took 380–770 ms for some later circles (docs/profile.md, seventh round).
UNPREPARED = {PREPARE_OPTION: False}


def statement(shape: Shape) -> sa.Select:
    """The statement of ``shape``, built the first time it is asked for."""
    return _BUILT.get(shape, lambda: _build(shape).execution_options(**UNPREPARED))


def count_nearby_statement(dialect: str, circles: tuple[tuple[bool, bool], ...]) -> sa.Select:
    """How many of one profession (``f_profession``) are within the first of several circles
    ("n0_…", "n1_…"; ``circles[i]``: whether circle i may use the flat-earth shortcut and whether
    its box crosses the antimeridian), each count stopped after ``c_limit`` rows; a later circle
    is counted only when every earlier count is 0 (PostgreSQL and SQLite evaluate the subquery of
    a CASE branch only when it is taken). One statement."""
    return _BUILT.get(
        ("nearby", dialect, circles), lambda: _build_nearby(dialect, circles).execution_options(**UNPREPARED)
    )


def _build_nearby(dialect: str, circles: tuple[tuple[bool, bool], ...]) -> sa.Select:
    counts = []
    for index, (flat, crosses) in enumerate(circles):
        circle = CircleParameters(f"n{index}")
        shape = Shape(dialect, "circle", "distance", frozenset(("profession",)))
        source, near = circle_source(shape, circle, flat, crosses, indexed=True)
        capped = (
            sa.select(sa.literal(1))
            .select_from(source)
            .where(profession_is(dialect), *near)
            .limit(bind("c_limit", sa.Integer))
        )
        counts.append(sa.select(sa.func.count()).select_from(capped.subquery()).scalar_subquery())
    # MATERIALIZED: PostgreSQL would otherwise inline the CTE and count the first circle twice
    # (once for the column, once for the CASE), 0.5 ms each on the listing page of a city practice.
    first = sa.select(counts[0].label("n")).cte("first_circle").prefix_with("MATERIALIZED", dialect="postgresql")
    later = [sa.case((first.c.n == 0, count), else_=sa.null()) for count in counts[1:]]
    return sa.select(first.c.n, *later)
