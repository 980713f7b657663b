"""Cheap estimates that choose a search plan: how many practitioners a circle holds, and how
selective each filter is.

Read once per process and again after ``REFRESH_SECONDS``: four statements, each counted by the
database (practitioners per cell of the map; per profession and yes-or-no filters; specialties and
payers by profession). An estimate only chooses between plans that all return the same results: a
wrong one costs time, never correctness (the tests run every plan against a brute-force answer).
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.distance import EARTH_RADIUS_KM
from directory.practitioners.models import (
    Practice,
    Practitioner,
    practitioner_payers,
    practitioner_specialties,
)
from directory.practitioners.spatial import AREA_LNG_DEG, area_of

CELL_DEG = 0.05  # about 5.5 km north-south
REFRESH_SECONDS = 600
# Cells nest in the areas of the map: an area is this many columns of cells wide.
AREA_COLS = round(AREA_LNG_DEG / CELL_DEG)
_KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180


@dataclass
class Estimates:
    cells: Counter  # (lat cell, lng cell) -> practitioners
    total: int
    # (profession id, telehealth, home visits, rated) -> practitioners: these filters counted
    # together (a therapist's profession decides much of the rest: massage is not given by video).
    kinds: Counter
    specialties: Counter  # (profession id, specialty id) -> practitioners
    payers: Counter  # (profession id, payer id) -> practitioners
    loaded_at: float
    areas: Counter  # area of the map (practitioners/spatial.py) -> practitioners, from the cells
    # Derived from the fields above:
    rows: dict = field(init=False, repr=False, compare=False)  # row of cells -> see _by_row
    professions: Counter = field(init=False, repr=False, compare=False)  # profession id -> practitioners

    def __post_init__(self) -> None:
        self.rows = _by_row(self.cells)
        self.professions = Counter()
        for (profession, *_), n in self.kinds.items():
            self.professions[profession] += n

    def in_circle(self, lat: float, lng: float, radius_km: float) -> float:
        """About how many practitioners practise within ``radius_km`` of (lat, lng)."""
        cos_lat = max(0.05, math.cos(math.radians(lat)))
        cell_km2 = (CELL_DEG * _KM_PER_DEG) ** 2 * cos_lat
        row0, col0 = _cell(lat, lng)
        if radius_km * radius_km * math.pi < 9 * cell_km2:
            # A circle smaller than the 3 × 3 cells around it: their density times its area.
            near = sum(self.cells.get((row0 + dr, col0 + dc), 0) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
            return near / (9 * cell_km2) * math.pi * radius_km * radius_km
        return float(sum(self._in_columns(row, low, high) for row, low, high in _spans(lat, lng, radius_km)))

    def in_areas(self, lat: float, lng: float, radius_km: float, areas: tuple[int, ...]) -> list[tuple[float, float]]:
        """For each of ``areas`` (practitioners/spatial.py), about how many practitioners it holds and
        how many of them practise within ``radius_km`` of (lat, lng): [(in the area, of them in the
        circle)], from the cells, each counted in the area of its centre."""
        inside: Counter = Counter()
        for row, low, high in _spans(lat, lng, radius_km):
            # Cells nest in areas (a row of cells lies in one row of areas): the span split at the
            # areas' edges, each piece in the area of its first cell's centre.
            for area_col in range(low // AREA_COLS, high // AREA_COLS + 1):
                first, last = max(low, area_col * AREA_COLS), min(high, area_col * AREA_COLS + AREA_COLS - 1)
                area = area_of(_centre(row), _centre(first, lng=True))
                inside[area] += self._in_columns(row, first, last)
        inside = +inside  # only the areas where the circle holds someone
        if not inside:  # a circle smaller than a cell (or in an empty place): all in its centre's area
            inside[area_of(lat, lng)] = self.in_circle(lat, lng, radius_km)
        return [(float(self.areas.get(area, 0)), float(inside.get(area, 0))) for area in areas]

    def _in_columns(self, row: int, low: int, high: int) -> int:
        """The practitioners of the cells of ``row`` from column ``low`` to ``high``."""
        found = self.rows.get(row)
        if found is None:
            return 0
        columns, running = found
        return running[bisect.bisect_right(columns, high)] - running[bisect.bisect_left(columns, low)]

    def matching(
        self, profession_id=None, specialty_id=None, payer_id=None, telehealth=False, home_visits=False, rated=False
    ) -> float:
        """About how many practitioners in the country pass these filters: profession and the
        yes-or-no filters counted together; a specialty and a payer as shares within each
        profession (taken as independent of the rest)."""
        count = 0.0
        for (profession, has_telehealth, has_home_visits, is_rated), n in self.kinds.items():
            if (
                (profession_id is not None and profession != profession_id)
                or (telehealth and not has_telehealth)
                or (home_visits and not has_home_visits)
                or (rated and not is_rated)
            ):
                continue
            part = float(n)
            of_profession = self._of_profession(profession)
            if specialty_id is not None:
                part *= self.specialties.get((profession, specialty_id), 0) / of_profession
            if payer_id is not None:
                part *= self.payers.get((profession, payer_id), 0) / of_profession
            count += part
        return count

    def share(self, **filters) -> float:
        """The share of all practitioners that pass these filters (``matching`` ÷ all)."""
        return self.matching(**filters) / self.total if self.total else 1.0

    def _of_profession(self, profession_id: int) -> int:
        return max(1, self.professions.get(profession_id, 0))


def _cell(lat: float, lng: float) -> tuple[int, int]:
    return int((lat + 90) // CELL_DEG), int((lng + 180) // CELL_DEG)


def _centre(number: int, lng: bool = False) -> float:
    """The latitude (or longitude) of the centre of a cell's row (or column)."""
    return (number + 0.5) * CELL_DEG - (180 if lng else 90)


def _inside(row: int, col: int, lat: float, lng: float, cos_lat: float, radius_km: float) -> bool:
    """Whether the centre of cell (row, col) is within ``radius_km`` of (lat, lng) (flat-earth
    distance, which is what an estimate needs)."""
    dy, dx = (_centre(row) - lat) * _KM_PER_DEG, (_centre(col, lng=True) - lng) * _KM_PER_DEG * cos_lat
    return dx * dx + dy * dy <= radius_km * radius_km


def _spans(lat: float, lng: float, radius_km: float):
    """The cells whose centre is within ``radius_km`` of (lat, lng), a row at a time: (row, first
    column, last column), from the circle's width at the row's centre, each end checked by
    ``_inside``."""
    cos_lat = max(0.05, math.cos(math.radians(lat)))
    reach_lat = radius_km / _KM_PER_DEG + CELL_DEG
    for row in range(_cell(lat - reach_lat, lng)[0], _cell(lat + reach_lat, lng)[0] + 1):
        dy = (_centre(row) - lat) * _KM_PER_DEG
        left = radius_km * radius_km - dy * dy
        if left < 0:
            continue
        half = math.sqrt(left) / (_KM_PER_DEG * cos_lat)  # degrees of longitude either side
        low = math.ceil((lng - half + 180) / CELL_DEG - 0.5)
        high = math.floor((lng + half + 180) / CELL_DEG - 0.5)
        # Rounding may put an end one cell off: moved until it is the last cell inside.
        while _inside(row, low - 1, lat, lng, cos_lat, radius_km):
            low -= 1
        while low <= high and not _inside(row, low, lat, lng, cos_lat, radius_km):
            low += 1
        while _inside(row, high + 1, lat, lng, cos_lat, radius_km):
            high += 1
        while high >= low and not _inside(row, high, lat, lng, cos_lat, radius_km):
            high -= 1
        if low <= high:
            yield row, low, high


def _by_row(cells: Counter) -> dict[int, tuple[list[int], list[int]]]:
    """Each row of cells as its occupied columns in order and the running total of their
    practitioners (from 0): the practitioners of any run of columns in two look-ups."""
    rows: dict[int, list[tuple[int, int]]] = {}
    for (row, col), n in cells.items():
        if n:
            rows.setdefault(row, []).append((col, n))
    index = {}
    for row, items in rows.items():
        items.sort()
        index[row] = ([col for col, _ in items], list(itertools.accumulate((n for _, n in items), initial=0)))
    return index


_CACHE: dict[str, Estimates] = {}
_LOCK = threading.Lock()


def estimates(session: Session) -> Estimates:
    """The estimates of the session's database, loaded when missing or older than REFRESH_SECONDS."""
    key = str(session.get_bind().url)
    cached = _CACHE.get(key)
    if cached is not None and time.monotonic() - cached.loaded_at < REFRESH_SECONDS:
        return cached
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None or time.monotonic() - cached.loaded_at >= REFRESH_SECONDS:
            cached = _CACHE[key] = _load(session)
    return cached


def forget_estimates() -> None:
    with _LOCK:
        _CACHE.clear()


def _cell_number(column, offset: float, postgresql: bool):
    """``_cell`` in SQL: the cell's row or column number (``column + offset`` is never negative)."""
    shifted = (column + offset) / CELL_DEG
    return sa.cast(sa.func.floor(shifted), sa.Integer) if postgresql else sa.cast(shifted, sa.Integer)


def _load(session: Session) -> Estimates:
    # Counted by the database: a few thousand cells come back, not a row per practitioner (which
    # had cost a worker 30-40 MB at its peak, and seconds of Python, at 100,000 practitioners).
    postgresql = session.get_bind().dialect.name == "postgresql"
    row, col = _cell_number(Practice.lat, 90, postgresql), _cell_number(Practice.lng, 180, postgresql)
    cells: Counter = Counter(
        {
            (r, c): n
            for r, c, n in session.execute(
                sa.select(row, col, sa.func.count()).join(Practitioner.practice).group_by(row, col)
            )
        }
    )
    rated = Practitioner.rating_count > 0
    kinds: Counter = Counter()
    for profession_id, telehealth, home_visits, is_rated, n in session.execute(
        sa.select(
            Practitioner.profession_id, Practitioner.telehealth, Practitioner.home_visits, rated, sa.func.count()
        ).group_by(Practitioner.profession_id, Practitioner.telehealth, Practitioner.home_visits, rated)
    ):
        kinds[(profession_id, bool(telehealth), bool(home_visits), bool(is_rated))] += n
    total = sum(kinds.values())
    specialties: Counter = Counter()
    payers: Counter = Counter()
    for counter, link, column in (
        (specialties, practitioner_specialties, practitioner_specialties.c.specialty_id),
        (payers, practitioner_payers, practitioner_payers.c.payer_id),
    ):
        for profession_id, link_id, n in session.execute(
            sa.select(Practitioner.profession_id, column, sa.func.count())
            .join(link, link.c.practitioner_id == Practitioner.id)
            .group_by(Practitioner.profession_id, column)
        ):
            counter[(profession_id, link_id)] = n
    areas: Counter = Counter()
    for (r, c), n in cells.items():
        areas[area_of(_centre(r), _centre(c, lng=True))] += n
    return Estimates(cells, total, kinds, specialties, payers, time.monotonic(), areas)
