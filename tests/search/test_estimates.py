"""The estimates that choose a search plan are counted by the database: the same cells and kinds
as counting every practitioner in Python, on each database."""

from __future__ import annotations

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
