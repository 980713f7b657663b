"""The estimates that choose a search plan are counted by the database: the same cells and kinds
as counting every practitioner in Python, on each database."""

from __future__ import annotations

import math
import random
from collections import Counter

import sqlalchemy as sa

from directory.practitioners.models import Practice, Practitioner
from directory.practitioners.spatial import NO_AREA, area_of
from directory.search import estimates
from tests.search.test_equivalence import world  # noqa: F401  (the fixture)


def test_counted_in_sql_as_in_python(db_session, world):  # noqa: F811
    counted = estimates.estimates(db_session)
    rows = db_session.execute(
        sa.select(
            Practice.lat,
            Practice.lng,
            Practitioner.profession_id,
            Practitioner.telehealth,
            Practitioner.home_visits,
            Practitioner.rating_count,
        ).join(Practitioner.practice)
    ).all()
    assert counted.total == len(rows) > 400
    assert counted.cells == Counter(estimates._cell(lat, lng) for lat, lng, *_ in rows)
    assert counted.kinds == Counter((p, bool(t), bool(h), n > 0) for _, _, p, t, h, n in rows)
    assert len(counted.cells) > 20  # five cities, a dense centre: many cells, some crowded


def test_areas_hold_what_the_database_stores_in_them(db_session, world):  # noqa: F811
    """Each cell counts in the area of its centre, and cells nest in areas (20 by 25 cells an
    area), so the estimates hold what the database stores in each area."""
    counted = estimates.estimates(db_session)
    stored = Counter(db_session.scalars(sa.select(Practitioner.area)).all())
    assert counted.areas == stored
    assert sum(counted.areas.values()) == counted.total
    sydney = area_of(-33.8688, 151.2093)
    (in_area, in_circle), *others = counted.in_areas(-33.8688, 151.2093, 10, (sydney, NO_AREA, NO_AREA, NO_AREA))
    assert in_area == stored[sydney] and 0 < in_circle <= in_area
    assert others == [(0.0, 0.0)] * 3


def _brute_force(cells: Counter, lat: float, lng: float, radius_km: float) -> Counter:
    """Every cell tested: practitioners by area (of the cell's centre) within ``radius_km``."""
    cos_lat = max(0.05, math.cos(math.radians(lat)))
    found: Counter = Counter()
    for (row, col), n in cells.items():
        clat, clng = estimates._centre(row), estimates._centre(col, lng=True)
        dy, dx = (clat - lat) * estimates._KM_PER_DEG, (clng - lng) * estimates._KM_PER_DEG * cos_lat
        if dx * dx + dy * dy <= radius_km * radius_km:
            found[area_of(clat, clng)] += n
    return found


def test_circles_and_areas_summed_by_rows_as_cell_by_cell():
    """The circle's cells are summed a row at a time from running totals (two look-ups a row):
    the same sums as testing every cell, for circles of every size, centred anywhere, including
    on a cell's centre and at radii that reach exactly to other centres."""
    rng = random.Random(7)
    cells: Counter = Counter()
    for centre_lat, centre_lng in ((-33.87, 151.21), (-37.81, 144.96), (-12.46, 130.85), (-43.0, 147.3)):
        for _ in range(3000):
            lat, lng = centre_lat + rng.gauss(0, 0.3), centre_lng + rng.gauss(0, 0.4)
            cells[estimates._cell(lat, lng)] += rng.randint(1, 9)
    areas: Counter = Counter()
    for (row, col), n in cells.items():
        areas[area_of(estimates._centre(row), estimates._centre(col, lng=True))] += n
    counted = estimates.Estimates(cells, sum(cells.values()), Counter(), Counter(), Counter(), 0.0, areas)
    checked = 0
    for _ in range(400):
        row, col = rng.choice(list(cells))
        lat = estimates._centre(row) + rng.choice((0.0, rng.uniform(-0.05, 0.05)))
        lng = estimates._centre(col, lng=True) + rng.choice((0.0, rng.uniform(-0.05, 0.05)))
        radius = rng.choice((rng.uniform(1, 100), 5.0 * rng.randint(1, 20)))
        if rng.random() < 0.2:  # exactly as far as another cell's centre, along the meridian
            radius = abs(estimates._centre(row + rng.randint(1, 9)) - lat) * estimates._KM_PER_DEG
        expected = _brute_force(cells, lat, lng, radius)
        cell_km2 = (estimates.CELL_DEG * estimates._KM_PER_DEG) ** 2 * max(0.05, math.cos(math.radians(lat)))
        if radius * radius * math.pi >= 9 * cell_km2:  # smaller circles are estimated from density
            assert counted.in_circle(lat, lng, radius) == sum(expected.values())
        wanted = (*sorted(expected)[:3], NO_AREA)
        if expected:
            assert counted.in_areas(lat, lng, radius, wanted) == [
                (float(areas.get(area, 0)), float(expected.get(area, 0))) for area in wanted
            ]
            checked += 1
    assert checked > 300
