"""Great-circle distance and bounding boxes, including the edges of the accepted ranges."""

import math
import random

import pytest
from geopy.distance import great_circle

from directory.geo.distance import bounding_box, great_circle_km
from tests.helpers import point_at

SYDNEY = (-33.8688, 151.2093)
MELBOURNE = (-37.8136, 144.9631)


def test_matches_geopy_great_circle():
    rng = random.Random(7)
    for _ in range(500):
        a = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        b = (rng.uniform(-90, 90), rng.uniform(-180, 180))
        assert great_circle_km(*a, *b) == pytest.approx(great_circle(a, b).km, rel=1e-9, abs=1e-6)


def test_known_distance_sydney_melbourne():
    assert great_circle_km(*SYDNEY, *MELBOURNE) == pytest.approx(713.8, abs=1.0)
    assert great_circle_km(*SYDNEY, *SYDNEY) == 0


@pytest.mark.parametrize("radius", [1, 10, 100])
@pytest.mark.parametrize("centre", [SYDNEY, (-12.46, 130.84), (-43.5, 146.9), (0.0, 0.0), (60.0, 10.0)])
def test_bounding_box_holds_every_point_of_the_circle(centre, radius):
    box = bounding_box(*centre, radius)
    # Walk the circle's edge: every point at exactly `radius` must be inside the box.
    lat0, lng0 = map(math.radians, centre)
    d = radius / 6371.009
    for i in range(360):
        bearing = math.radians(i)
        lat = math.asin(math.sin(lat0) * math.cos(d) + math.cos(lat0) * math.sin(d) * math.cos(bearing))
        lng = lng0 + math.atan2(
            math.sin(bearing) * math.sin(d) * math.cos(lat0), math.cos(d) - math.sin(lat0) * math.sin(lat)
        )
        lat_deg, lng_deg = math.degrees(lat), (math.degrees(lng) + 540) % 360 - 180
        assert box.contains(lat_deg, lng_deg), (i, lat_deg, lng_deg)
    # And it is tight: points well outside are excluded.
    assert not box.contains(centre[0] + 2 * radius / 111 + 0.01, centre[1])


def test_bounding_box_across_the_antimeridian():
    box = bounding_box(-17.0, 179.95, 50)
    assert box.crosses_antimeridian
    assert box.contains(-17.0, -179.9) and box.contains(-17.0, 179.9)
    assert not box.contains(-17.0, 0.0)


def test_bounding_box_reaching_a_pole():
    box = bounding_box(-89.95, 0.0, 100)
    assert box.min_lat == -90 and box.min_lng == -180 and box.max_lng == 180


def test_negative_radius_is_refused():
    with pytest.raises(ValueError):
        bounding_box(0, 0, -1)


def test_within_sql_decides_exactly_as_the_great_circle_distance():
    """The flat-earth shortcut never changes a decision: random points around many centres, and
    points on and just either side of the circle, answer as ``great_circle_sql(…) <= r``."""
    import random

    import sqlalchemy as sa

    from directory.geo.distance import great_circle_sql, within_sql

    rng = random.Random(7)
    engine = sa.create_engine("sqlite://")
    points = sa.table("points", sa.column("lat"), sa.column("lng"))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE points (lat REAL, lng REAL)"))
        for lat0, lng0, radius in [
            (-33.87, 151.21, 50),
            (-37.81, 144.96, 5),
            (-12.46, 130.84, 100),
            (-42.88, 147.33, 1),
            (-55.0, 150.0, 80),
            (0.5, 179.9, 30),
            (-89.5, 10, 50),
        ]:
            rows = []
            for _ in range(400):
                bearing, km = rng.uniform(0, 2 * math.pi), radius * rng.uniform(0.9, 1.1)
                rows.append(point_at(lat0, lng0, bearing, km))
            for _ in range(200):
                rows.append((lat0 + rng.uniform(-1, 1), lng0 + rng.uniform(-1.5, 1.5)))
            conn.execute(sa.text("DELETE FROM points"))
            conn.execute(
                sa.text("INSERT INTO points VALUES (:lat, :lng)"),
                [{"lat": max(-90, min(90, a)), "lng": ((b + 180) % 360) - 180} for a, b in rows],
            )
            exact = great_circle_sql(lat0, lng0, points.c.lat, points.c.lng) <= radius
            fast = within_sql(lat0, lng0, radius, points.c.lat, points.c.lng)
            disagree = conn.execute(
                sa.select(sa.func.count())
                .select_from(points)
                .where(sa.case((exact, 1), else_=0) != sa.case((fast, 1), else_=0))
            ).scalar()
            assert disagree == 0, (lat0, lng0, radius)
