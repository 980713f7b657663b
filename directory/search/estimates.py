"""Cheap estimates that choose a search plan: how many practitioners a circle holds, and how
selective each filter is.

Read once per process (one query for the map of practices, one for the filters) and again after
``REFRESH_SECONDS``. An estimate only chooses between plans that all return the same results: a
wrong one costs time, never correctness (the tests run every plan against a brute-force answer).
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.distance import EARTH_RADIUS_KM
from directory.practitioners.models import (
    Practice,
    Practitioner,
    practitioner_payers,
    practitioner_specialties,
)

CELL_DEG = 0.05  # about 5.5 km north-south
REFRESH_SECONDS = 600
_KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180


@dataclass
class Estimates:
    cells: Counter  # (lat cell, lng cell) -> practitioners
    total: int
    professions: Counter  # profession id -> practitioners
    specialties: Counter  # specialty id -> practitioners
    payers: Counter  # payer id -> practitioners
    flags: Counter  # "telehealth", "home_visits", "rated" -> practitioners
    loaded_at: float

    def in_circle(self, lat: float, lng: float, radius_km: float) -> float:
        """About how many practitioners practise within ``radius_km`` of (lat, lng)."""
        cos_lat = max(0.05, math.cos(math.radians(lat)))
        cell_km2 = (CELL_DEG * _KM_PER_DEG) ** 2 * cos_lat
        reach_lat = radius_km / _KM_PER_DEG + CELL_DEG
        reach_lng = radius_km / (_KM_PER_DEG * cos_lat) + CELL_DEG
        row0, col0 = _cell(lat, lng)
        rows = range(_cell(lat - reach_lat, lng)[0], _cell(lat + reach_lat, lng)[0] + 1)
        cols = range(_cell(lat, lng - reach_lng)[1], _cell(lat, lng + reach_lng)[1] + 1)
        if radius_km * radius_km * math.pi < 9 * cell_km2:
            # A circle smaller than the 3 × 3 cells around it: their density times its area.
            near = sum(self.cells.get((row0 + dr, col0 + dc), 0) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
            return near / (9 * cell_km2) * math.pi * radius_km * radius_km
        count = 0
        for row in rows:
            for col in cols:
                n = self.cells.get((row, col))
                if n:
                    clat, clng = (row + 0.5) * CELL_DEG - 90, (col + 0.5) * CELL_DEG - 180
                    dy, dx = (clat - lat) * _KM_PER_DEG, (clng - lng) * _KM_PER_DEG * cos_lat
                    if dx * dx + dy * dy <= radius_km * radius_km:
                        count += n
        return float(count)

    def share(
        self, profession_id=None, specialty_id=None, payer_id=None, telehealth=False, home_visits=False, rated=False
    ) -> float:
        """The share of all practitioners that pass these filters, taking them as independent."""
        if not self.total:
            return 1.0
        share = 1.0
        for counter, key in (
            (self.professions, profession_id),
            (self.specialties, specialty_id),
            (self.payers, payer_id),
        ):
            if key is not None:
                share *= counter.get(key, 0) / self.total
        for flag, wanted in (("telehealth", telehealth), ("home_visits", home_visits), ("rated", rated)):
            if wanted:
                share *= self.flags.get(flag, 0) / self.total
        return share


def _cell(lat: float, lng: float) -> tuple[int, int]:
    return int((lat + 90) // CELL_DEG), int((lng + 180) // CELL_DEG)


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


def _load(session: Session) -> Estimates:
    cells: Counter = Counter()
    professions: Counter = Counter()
    flags: Counter = Counter()
    rows = session.execute(
        sa.select(
            Practice.lat,
            Practice.lng,
            Practitioner.profession_id,
            Practitioner.telehealth,
            Practitioner.home_visits,
            Practitioner.rating_count,
        ).join(Practitioner.practice)
    )
    total = 0
    for lat, lng, profession_id, telehealth, home_visits, rating_count in rows:
        total += 1
        cells[_cell(lat, lng)] += 1
        professions[profession_id] += 1
        flags["telehealth"] += bool(telehealth)
        flags["home_visits"] += bool(home_visits)
        flags["rated"] += rating_count > 0
    links = session.execute(
        sa.select(sa.literal("specialty"), practitioner_specialties.c.specialty_id, sa.func.count())
        .group_by(practitioner_specialties.c.specialty_id)
        .union_all(
            sa.select(sa.literal("payer"), practitioner_payers.c.payer_id, sa.func.count()).group_by(
                practitioner_payers.c.payer_id
            )
        )
    )
    specialties: Counter = Counter()
    payers: Counter = Counter()
    for kind, link_id, n in links:
        (specialties if kind == "specialty" else payers)[link_id] = n
    return Estimates(cells, total, professions, specialties, payers, flags, time.monotonic())
