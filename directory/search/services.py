"""The search service. The HTML pages and the JSON API both call ``params.parse_search_params``
and ``search_practitioners``, so every rule about searching lives in this package (decision 0010).

A search is one SQL statement (two when a first, cheaper ring turns out too small), plus the
place look-up. It never ranks every candidate: nearest first reads the smallest ring around the
place that the estimates expect to hold the page; best-rated first inside a circle walks the
rating order of the few areas of the map around it, or of the whole country; with a specialty
or payer, the ring or circle can be read through that list's own spatial index, and a rare
specialty, payer, telehealth or home-visits filter from its list nationwide;
nationwide lists by rating walk the rating index from a keyset cursor. The same statement
counts the matches, exactly up to a cap (100 at most) and as "more than" beyond, and returns
everything a result shows.
Which plan to use is chosen with per-process estimates (``estimates.py``); every plan returns the
same results (tests compare them with a brute-force answer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from directory.geo.distance import CircleParameters, bounding_box
from directory.geo.gazetteer import ResolvedPlace
from directory.geo.geocoders import PlaceResolver
from directory.pagination import Page
from directory.practitioners.reference import Reference, reference
from directory.practitioners.spatial import NO_AREA, areas_of_box
from directory.practitioners.text_search import match_query, search_words
from directory.search import statements
from directory.search.cards import Card, cards_from_rows
from directory.search.conditions import COUNT_CIRCLE, PAGE_CIRCLE, Shape
from directory.search.estimates import Estimates, estimates
from directory.search.needs import Need, understand
from directory.search.params import Cursor, SearchParams

COUNT_CAP = 100  # counted exactly up to here at most; beyond, "more than 100" (five pages)
# A count stops at a lower cap when the filters pass few of the rows it reads: reading more than
# about this many rows to count exactly is not cheap (counts are then "more than 50", "… 20").
COUNT_ROWS_BUDGET = 300
COUNT_CAPS = (100, 50, 20)
RINGS_KM = (0.5, 1, 2, 3, 5, 8, 12, 20, 30, 50, 75)
RING_MARGIN = 3  # a ring must be expected to hold this many times the rows wanted
BOX_ROWS = 4 / math.pi  # the spatial index reads a circle's box: about this many times its rows
# A row read by walking the rating index costs about this many rows read through the spatial
# index: each looks up its practitioner and its practice before the circle and filters are tested.
# Set on the bench's mixed queries (SQLite): at 1 the walks' p95 was 19 ms, at 3 it was 11 ms.
WALK_ROW_COST = 3.0
# A row read by walking one area's rating order, counting the second read of the rows at or above
# the cut-off. Set on slow searches of the bench (SQLite): about 3 µs of SQL a row, where a row of
# a whole circle costs about 2.2 µs.
AREA_ROW_COST = 1.5
# An area walks to a cut-off of its own only when it is expected to hold this many times the rows
# wanted inside the circle (any area's cut-off is a true one; one that holds few walks far).
CUT_MARGIN = 2
# … and is expected to reach a cut-off at most this many times lower in its order than the area
# expected to give the highest (a second walk makes the plan robust to one wrong estimate).
CUT_SPREAD = 2
# What an area walk costs on PostgreSQL before it reads a row, in rows of a circle (about 2.2 µs
# each): its statement is the largest to plan, and once psycopg prepares it, PostgreSQL's generic
# plan for it was about 5 ms slower than the walk for 50 km around Sydney, by rating, page 3.
AREA_STATEMENT_COST = {"postgresql": 2000.0}
# The lists with a spatial index of their own (practitioners/spatial.py): a ring or a circle read
# through one reads only the practitioners of that specialty or payer ("ring:specialty", …). On
# SQLite a row of it costs about as much as a row read through the practices' spatial index; on
# PostgreSQL about twice as much (each entry looks up its practitioner, then the practice), set on
# forced plans of slow searches of the bench (docs/profile.md, fifth round).
LISTS_MAPPED = ("specialty", "payer")
LIST_ROW_COST = {"sqlite": 1.0, "postgresql": 2.0}


@dataclass(frozen=True)
class SearchHit:
    practitioner: Card
    distance_km: float | None
    score: float


@dataclass
class SearchResult:
    params: SearchParams
    hits: list[SearchHit]
    total: int
    origin: ResolvedPlace | None
    sort: str
    total_exact: bool = True
    has_more: bool = False
    next_cursor: Cursor | None = None
    need: Need | None = None  # what the words of ``near`` or ``q`` were understood to need

    @property
    def page(self) -> Page:
        """The hits as the page of results that the pagination macro draws."""
        return Page(self.hits, self.params.page, self.params.per_page, self.total, self.total_exact, self.has_more)

    def page_args(self, number: int) -> dict:
        """Query arguments of result page ``number``; the next page keeps the keyset cursor."""
        if number == self.params.page + 1 and self.next_cursor is not None:
            return self.params.to_query_args(page=number, after=self.next_cursor.token())
        return self.params.to_query_args(page=number)


def search_practitioners(session: Session, params: SearchParams, resolver: PlaceResolver) -> SearchResult:
    """Run a search. Raises the resolver's PlaceNotFound / AmbiguousPlace for a bad ``near``.
    A need in ``near`` or ``q`` ("back pain Fitzroy") becomes filters first (``needs.understand``):
    the result's ``params`` are the search that ran."""
    params, need = understand(session, params, resolver)
    origin: ResolvedPlace | None = None
    if params.near is not None:
        origin = resolver.resolve(session, params.near, field="near")
    elif params.lat is not None and params.lng is not None:
        origin = ResolvedPlace(f"{params.lat:.4f}, {params.lng:.4f}", params.lat, params.lng, "", None)
    sort = params.effective_sort
    ref = reference(session)
    est = estimates(session)
    dialect = session.get_bind().dialect.name
    filters = _present_filters(params)
    values = {
        **_filter_values(params, ref, dialect),
        "p_offset": (params.page - 1) * params.per_page,
        "p_limit": params.per_page + 1,
    }
    cap = _count_cap(est.share(**_share_args(params, ref)))

    if origin is None:
        keyset = sort == "rating" and params.after is not None
        if keyset:
            values.update(k_id=params.after.id, p_offset=0)
        shape = Shape(dialect, "nationwide", sort, filters, keyset=keyset)
        rows, total, exact = _run(session, shape, values, cap)
    else:
        rows, total, exact = _within(session, params, sort, ref, est, origin, dialect, filters, values, cap)

    has_more = len(rows) > params.per_page
    rows = rows[: params.per_page]
    cards = cards_from_rows(rows, ref)
    hits = [
        SearchHit(card, round(row.distance, 2) if row.distance is not None else None, row.score)
        for card, row in zip(cards, rows, strict=True)
    ]
    next_cursor = None
    if origin is None and sort == "rating" and has_more:
        last = rows[-1]
        next_cursor = Cursor(last.id)
    return SearchResult(params, hits, total, origin, sort, exact, has_more, next_cursor, need)


def _within(session, params, sort, ref, est, origin, dialect, filters, values, cap):
    radius = params.radius_km
    wanted = params.page * params.per_page + 1
    count_values, count_flat, count_box = COUNT_CIRCLE.values(origin.lat, origin.lng, radius)
    values.update(count_values)
    costs = _plan_costs(params, sort, ref, est, origin, filters, wanted, dialect)
    link = costs.pop("link_name", None)
    base = {
        "dialect": dialect,
        "sort": sort,
        "filters": filters,
        "count_flat": count_flat,
        "count_crosses": count_box.crosses_antimeridian,
    }

    def run(plan: str, page_radius: float, **extra) -> tuple[list, int, bool]:
        page_values, page_flat, page_box = PAGE_CIRCLE.values(origin.lat, origin.lng, page_radius)
        kind, _, mapped = plan.partition(":")  # "ring:specialty": a ring read through that list's index
        shape = Shape(
            plan=kind,
            link=link if kind == "link" else None,
            mapped=mapped or None,
            page_flat=page_flat,
            page_crosses=page_box.crosses_antimeridian,
            **base,
        )
        plan_cap = COUNT_CAP if kind == "link" else costs[plan][2] if mapped else cap
        return _run(session, shape, {**values, **page_values, **extra}, plan_cap)

    plan = min(costs, key=lambda name: costs[name][0])
    if plan.partition(":")[0] == "ring":
        rows, total, exact = run(plan, costs[plan][1])
        if len(rows) > params.per_page:
            # The ring holds the page, so nothing outside it (all farther) can come first.
            return rows, total, exact
        # Fewer than expected in the ring (through any index: it is the same ring): the next
        # cheapest plan.
        for name in [name for name in costs if name.partition(":")[0] == "ring"]:
            del costs[name]
        plan = min(costs, key=lambda name: costs[name][0])
    if plan == "walk":
        return run("walk", radius, w_offset=wanted - 1)
    if plan == "area":
        areas = {f"area{i}": area for i, area in enumerate(costs["area"][2])}
        cuts = {f"cut{i}": area for i, area in enumerate(costs["area"][3])}
        return run("area", radius, w_offset=wanted - 1, **areas, **cuts)
    return run(plan, radius)


def _plan_costs(params, sort, ref, est, origin, filters, wanted, dialect="sqlite") -> dict:
    """About how many rows each plan that can answer the search reads: {plan: (rows, ring radius,
    …)} (an ``area`` plan adds the areas it walks; a ring or circle read through a list's own
    spatial index, "ring:specialty" …, adds the cap of its count), and under "link_name" the list
    a ``link`` plan would read. Estimates choose; every plan returns the same results."""
    args = _share_args(params, ref)
    share = est.share(**args)
    in_circle = est.in_circle(origin.lat, origin.lng, params.radius_km)
    costs: dict = {"circle": (in_circle * BOX_ROWS, params.radius_km)}
    shortest = _shortest_link(params, ref, est)
    if shortest is not None:
        costs["link"] = (shortest[1], params.radius_km)
        costs["link_name"] = shortest[0]
    # A specialty's or payer's own spatial index reads only its practitioners: about this share.
    listed = {name: est.share(**{f"{name}_id": args[f"{name}_id"]}) for name in LISTS_MAPPED if name in filters}
    for name, in_list in listed.items():
        # Its count passes more of the rows it reads: a higher cap for the same work.
        cap = _count_cap(min(1.0, share / in_list) if in_list else 1.0)
        costs[f"circle:{name}"] = (in_circle * in_list * BOX_ROWS * LIST_ROW_COST[dialect], params.radius_km, cap)
    if sort == "distance" and "q" not in filters:
        for ring in RINGS_KM:
            if ring >= params.radius_km:
                break
            in_ring = est.in_circle(origin.lat, origin.lng, ring)
            if in_ring * share >= RING_MARGIN * wanted:
                costs["ring"] = (in_ring * BOX_ROWS, ring)
                for name, in_list in listed.items():
                    cost = in_ring * in_list * BOX_ROWS * LIST_ROW_COST[dialect]
                    costs[f"ring:{name}"] = (cost, ring, costs[f"circle:{name}"][2])
                break
    if sort == "rating":
        # The rating index read in order until ``wanted`` rows pass the filters inside the circle.
        passing = share * in_circle / max(est.total, 1)
        rows = min(est.total, wanted / passing) if passing else est.total
        costs["walk"] = (rows * WALK_ROW_COST, params.radius_km)
        areas = areas_of_box(bounding_box(origin.lat, origin.lng, params.radius_km))
        if areas is not None:
            counts = est.in_areas(origin.lat, origin.lng, params.radius_km, areas)
            rows, cuts = _area_walk_rows(areas, counts, share, wanted)
            cost = rows * AREA_ROW_COST + AREA_STATEMENT_COST.get(dialect, 0.0)
            costs["area"] = (cost, params.radius_km, areas, cuts)
    return costs


def _area_walk_rows(areas: tuple, counts: list, share: float, wanted: int) -> tuple[float, tuple]:
    """The cost of an area walk in the rows AREA_ROW_COST prices (a row walked to a cut-off, its
    second read at or above the cut-off included), and the areas that walk to a cut-off of their
    own (the others NO_AREA): those expected to hold CUT_MARGIN times the rows wanted inside the
    circle and to give about the highest cut-off (CUT_SPREAD), or every area when none is.

    An area that walks reads the top ``wanted / (share × in circle)`` of its rating order; the
    highest cut-off is where that share is smallest, and every area is read down to it: the rows
    walked and the rows read, halved (each priced as a walked row with its second read)."""
    tops = {
        area: wanted / (share * in_both)
        for area, (in_area, in_both) in zip(areas, counts, strict=True)
        if area != NO_AREA and in_area and share * in_both >= CUT_MARGIN * wanted
    }
    # Only the areas expected to give about the highest cut-off walk: another one's walk would
    # read far down its order for a cut-off that is then not used.
    tops = {area: top for area, top in tops.items() if top <= CUT_SPREAD * min(tops.values())}
    if not tops:
        # Each area's rating order read until ``wanted`` rows pass there (all of it when too few
        # are expected to), then the rows at or above the cut-off: about as many again.
        rows = 0.0
        for in_area, in_both in counts:
            passing = share * in_both / in_area if in_area else 0.0
            rows += min(in_area, wanted / passing) if passing else in_area
        return rows, areas
    walked = sum(tops[area] * in_area for area, (in_area, _) in zip(areas, counts, strict=True) if area in tops)
    above = min(tops.values())
    read = sum(in_area * above for in_area, _ in counts)
    return (walked + read) / 2, tuple(area if area in tops else NO_AREA for area in areas)


def _run(session: Session, shape: Shape, values: dict, cap: int) -> tuple[list, int, bool]:
    """The page's rows (one more than a page, when there is more), the count, whether it is exact."""
    rows = session.execute(statements.statement(shape), {**values, "c_limit": cap + 1}).all()
    total = rows[0].total if rows else 0
    return [row for row in rows if row.id is not None], min(total, cap), total <= cap


def _present_filters(params: SearchParams) -> frozenset:
    present = {
        "profession": params.profession,
        "specialty": params.specialty,
        "payer": params.payer,
        "telehealth": params.telehealth,
        "home_visits": params.home_visits,
        "min_rating": params.min_rating,
        "q": params.q,
    }
    return frozenset(name for name, value in present.items() if value)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filter_values(params: SearchParams, ref: Reference, dialect: str) -> dict:
    values: dict = {}
    if params.profession:
        values["f_profession"] = ref.profession(params.profession).id
    if params.specialty:
        values["f_specialty"] = ref.specialty(params.specialty).id
    if params.payer:
        values["f_payer"] = ref.payer(params.payer).id
    if params.min_rating:
        values["f_min_rating"] = params.min_rating
    if params.q:
        folded = params.q.casefold()
        values.update(
            q_fts=match_query(dialect, params.q),
            q_exact=folded,
            q_prefix=f"{_like_escaped(folded)}%",
            q_word=f"% {_like_escaped(folded)}%",
        )
    return values


def _share_args(params: SearchParams, ref: Reference) -> dict:
    return {
        "profession_id": ref.profession(params.profession).id if params.profession else None,
        "specialty_id": ref.specialty(params.specialty).id if params.specialty else None,
        "payer_id": ref.payer(params.payer).id if params.payer else None,
        "telehealth": params.telehealth,
        "home_visits": params.home_visits,
        "rated": bool(params.min_rating),
    }


def _shortest_link(params: SearchParams, ref: Reference, est: Estimates) -> tuple[str, float] | None:
    """The shortest list a ``link`` plan could read, "specialty", "payer", "text", "telehealth" or
    "home_visits" (every practitioner with that specialty, taking that payer, matching the name
    search, or offering telehealth or home visits, of the profession when one is asked for,
    nationwide), and about how long it is."""
    options = []
    profession_id = ref.profession(params.profession).id if params.profession else None
    for name in ("telehealth", "home_visits"):
        if getattr(params, name):
            options.append((est.matching(profession_id=profession_id, **{name: True}), name))
    if params.specialty:
        options.append((est.matching(specialty_id=ref.specialty(params.specialty).id), "specialty"))
    if params.payer:
        options.append((est.matching(payer_id=ref.payer(params.payer).id), "payer"))
    if params.q:
        options.append((_text_matches(params.q, est.total), "text"))
    if not options:
        return None
    size, name = min(options)
    return name, size


# About which share of the directory a name search matches, by the length of its longest word: a
# prefix of one letter matches many names, a whole surname few.
TEXT_SHARE = {1: 0.3, 2: 0.05, 3: 0.01}
TEXT_SHARE_LONGER = 0.002


def _text_matches(q: str, total: int) -> float:
    """About how many practitioners a name search matches (the rows a ``link`` plan on the
    full-text index reads)."""
    longest = max((len(word) for word in search_words(q)), default=0)
    if longest == 0:
        return 0.0
    return total * TEXT_SHARE.get(longest, TEXT_SHARE_LONGER)


def _count_cap(share: float) -> int:
    """The highest cap at which counting reads at most about COUNT_ROWS_BUDGET rows, when a share
    ``share`` of the rows read passes the filters."""
    for cap in COUNT_CAPS:
        if cap <= COUNT_ROWS_BUDGET * share:
            return cap
    return COUNT_CAPS[-1]


def count_nearby(
    session: Session, lat: float, lng: float, radii_km: tuple[float, ...], profession_slug: str, cap: int
) -> tuple[int | None, ...]:
    """How many practitioners of a profession are within the first of ``radii_km`` of a point;
    within the next only when none is within the first (else None), and so on. Each count stops
    at ``cap`` + 1 (read through the spatial index). One statement."""
    values = {"f_profession": reference(session).profession(profession_slug).id, "c_limit": cap + 1}
    circles = []
    for index, radius in enumerate(radii_km):
        circle_values, flat, box = CircleParameters(f"n{index}").values(lat, lng, radius)
        values.update(circle_values)
        circles.append((flat, box.crosses_antimeridian))
    statement = statements.count_nearby_statement(session.get_bind().dialect.name, tuple(circles))
    return tuple(session.execute(statement, values).one())
