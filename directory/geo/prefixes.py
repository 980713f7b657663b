"""Towns and suburbs by the beginning of their name, held in memory: what place autocomplete reads
instead of sorting the gazetteer's rows on every keystroke.

The gazetteer changes only when it is loaded, so each process reads its towns and suburbs once per
database (one statement, about 22,000 rows) and keeps them as sorted columns (about 4 MB);
``forget`` drops them, as loading the gazetteer does. Autocomplete then finds the names that start
with what was typed by bisection and ranks them, without a statement.
"""

from __future__ import annotations

import heapq
import sys
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.models import Place
from directory.lru import Memo

# The end of a prefix range: every stored name is folded to ASCII letters, digits and spaces.
_PAST = "\x7f"


class PlaceRow(NamedTuple):
    """A town or suburb as the gazetteer's table holds it (the attributes of ``Place``)."""

    id: int
    kind: str
    name: str
    name_norm: str
    state: str
    postcode: str | None
    lat: float
    lng: float
    population: int
    po_box: bool
    source: str


@dataclass(frozen=True)
class PrefixIndex:
    """Every town and suburb row, as columns sorted by name and, within a name, by ``rank``."""

    names: list[str]  # name_norm
    ranks: array  # the row's place in the ranking: real places, population, length of name, name
    states: list[str]
    ids: array
    kinds: list[str]
    display: list[str]  # name, as written
    postcodes: list[str | None]
    lats: array
    lngs: array
    populations: array
    po_boxes: bytes
    sources: list[str]

    def best(self, prefix: str, state: str | None, count: int) -> list[PlaceRow]:
        """At most ``count`` rows whose name starts with ``prefix`` (in ``state`` when given),
        best first: the name typed in full, then real places before PO boxes, larger
        populations, shorter names, then by name and state."""
        start = bisect_left(self.names, prefix)
        end = bisect_left(self.names, prefix + _PAST, start)
        whole = bisect_right(self.names, prefix, start, end)  # the rows named exactly ``prefix``
        states, ranks = self.states, self.ranks
        exact = [i for i in range(start, whole) if state is None or states[i] == state][:count]
        rest = (i for i in range(whole, end) if state is None or states[i] == state)
        chosen = exact + heapq.nsmallest(count - len(exact), rest, key=ranks.__getitem__)
        return [self._row(i) for i in chosen]

    def _row(self, i: int) -> PlaceRow:
        return PlaceRow(
            self.ids[i],
            self.kinds[i],
            self.display[i],
            self.names[i],
            self.states[i],
            self.postcodes[i],
            self.lats[i],
            self.lngs[i],
            self.populations[i],
            bool(self.po_boxes[i]),
            self.sources[i],
        )


_INDEXES = Memo()  # per database URL


def prefix_index(session: Session) -> PrefixIndex:
    """The index of the session's database, read on first use."""
    return _INDEXES.get(str(session.get_bind().url), lambda: _read(session))


def forget() -> None:
    _INDEXES.clear()


def _read(session: Session) -> PrefixIndex:
    table = Place.__table__
    # Names compare by code point, as Python compares them (PostgreSQL's locale might not).
    binary = "C" if session.get_bind().dialect.name == "postgresql" else "BINARY"
    ranked = (
        session.connection()
        .execute(
            sa.select(*(table.c[name] for name in PlaceRow._fields))
            .where(table.c.kind.in_(("locality", "city")))
            .order_by(
                table.c.po_box,
                table.c.population.desc(),
                sa.func.length(table.c.name_norm),
                table.c.name_norm.collate(binary),
                table.c.state.collate(binary),
                table.c.id,
            )
        )
        .all()
    )
    # By name, and within a name by rank (the sort is stable).
    order = sorted(range(len(ranked)), key=[row.name_norm for row in ranked].__getitem__)
    rows = [ranked[i] for i in order]
    shared = sys.intern  # one string for each state, kind, postcode and source
    return PrefixIndex(
        names=[row.name_norm for row in rows],
        ranks=array("i", order),
        states=[shared(row.state) for row in rows],
        ids=array("i", (row.id for row in rows)),
        kinds=[shared(row.kind) for row in rows],
        display=[row.name for row in rows],
        postcodes=[None if row.postcode is None else shared(row.postcode) for row in rows],
        lats=array("d", (row.lat for row in rows)),
        lngs=array("d", (row.lng for row in rows)),
        populations=array("i", (row.population for row in rows)),
        po_boxes=bytes(bool(row.po_box) for row in rows),
        sources=[shared(row.source) for row in rows],
    )
