"""Great-circle distances and the bounding boxes that pre-filter them in SQL."""

from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa

# Widen every box by this much (about 0.1 mm) so points exactly on the circle survive rounding.
_EPSILON_DEG = 1e-9
# Mean Earth radius, as geopy.distance.great_circle uses (EARTH_RADIUS = 6371.009 km).
EARTH_RADIUS_KM = 6371.009


def great_circle_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Distance in km along the surface of a sphere (haversine; same radius as geopy)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def great_circle_sql(lat: float, lng: float, lat_column, lng_column):
    """The same haversine distance (km) as a SQL expression, for WHERE and ORDER BY.

    Uses radians/sin/cos/asin/sqrt, which PostgreSQL has and SQLite has when built with its
    math functions (the app registers Python versions on connections that lack them).
    """
    phi0 = math.radians(lat)
    return _haversine(phi0, math.cos(phi0), math.radians(lng), lat_column, lng_column)


def _haversine(phi0, cos_phi0, lmb0, lat_column, lng_column):
    """Haversine from an origin given as its latitude and cos(latitude) in radians and its
    longitude in radians: numbers, or bound parameters (see ``CircleParameters``)."""
    phi = sa.func.radians(lat_column)
    half_dphi = (phi - phi0) / 2
    half_dlmb = (sa.func.radians(lng_column) - lmb0) / 2
    a = sa.func.sin(half_dphi) * sa.func.sin(half_dphi) + cos_phi0 * sa.func.cos(phi) * sa.func.sin(
        half_dlmb
    ) * sa.func.sin(half_dlmb)
    root = sa.func.sqrt(a)
    return 2 * EARTH_RADIUS_KM * sa.func.asin(sa.case((root > 1.0, 1.0), else_=root))


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float
    # When a box crosses the antimeridian, min_lng > max_lng and the longitude test is an OR.
    crosses_antimeridian: bool = False

    def contains(self, lat: float, lng: float) -> bool:
        if not self.min_lat <= lat <= self.max_lat:
            return False
        if self.crosses_antimeridian:
            return lng >= self.min_lng or lng <= self.max_lng
        return self.min_lng <= lng <= self.max_lng


def bounding_box(lat: float, lng: float, radius_km: float) -> BoundingBox:
    """The smallest lat/lng box that holds every point within ``radius_km`` of (lat, lng).

    Uses the exact spherical formula (Bronshtein; see J. P. Matuschek, "Finding points within
    a distance of a latitude/longitude using bounding coordinates"), including the cases where
    the circle reaches a pole (all longitudes) or crosses the antimeridian.
    """
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    angular = radius_km / EARTH_RADIUS_KM
    phi = math.radians(lat)
    lmb = math.radians(lng)
    min_phi, max_phi = phi - angular, phi + angular
    if min_phi > -math.pi / 2 and max_phi < math.pi / 2:
        dlmb = math.asin(min(1.0, math.sin(angular) / math.cos(phi)))
        min_lmb, max_lmb = lmb - dlmb, lmb + dlmb
        crosses = False
        if min_lmb < -math.pi:
            min_lmb += 2 * math.pi
            crosses = True
        if max_lmb > math.pi:
            max_lmb -= 2 * math.pi
            crosses = True
    else:
        # A pole is inside the circle: every longitude qualifies.
        min_phi, max_phi = max(min_phi, -math.pi / 2), min(max_phi, math.pi / 2)
        min_lmb, max_lmb, crosses = -math.pi, math.pi, False
    return BoundingBox(
        min_lat=max(-90.0, math.degrees(min_phi) - _EPSILON_DEG),
        max_lat=min(90.0, math.degrees(max_phi) + _EPSILON_DEG),
        min_lng=max(-180.0, math.degrees(min_lmb) - _EPSILON_DEG),
        max_lng=min(180.0, math.degrees(max_lmb) + _EPSILON_DEG),
        crosses_antimeridian=crosses,
    )


@dataclass(frozen=True)
class CircleParameters:
    """A circle as SQL with bound parameters named ``{name}_…``, so that one statement serves every
    circle of its shape (SQLAlchemy compiles it once). ``values`` fills the parameters for one
    circle; ``flat`` says whether that circle may use the flat-earth shortcut of ``within``, which
    is part of the statement's shape."""

    name: str

    def _bind(self, what: str) -> sa.BindParameter:
        return sa.bindparam(f"{self.name}_{what}", type_=sa.Float)

    def distance(self, lat_column, lng_column):
        """The great-circle distance (km) from the circle's centre, as ``great_circle_sql``."""
        return _haversine(self._bind("phi"), self._bind("cosphi"), self._bind("lmb"), lat_column, lng_column)

    def within(self, lat_column, lng_column, *, flat: bool):
        """Within the circle, decided exactly as ``distance(...) <= radius`` (see ``within_sql``)."""
        exact = self.distance(lat_column, lng_column) <= self._bind("r")
        if not flat:
            return exact
        dy = (lat_column - self._bind("lat")) * self._bind("ky")
        dx = (lng_column - self._bind("lng")) * self._bind("kx")
        flat_squared = dy * dy + dx * dx
        return sa.case(
            (flat_squared <= self._bind("in2"), sa.true()), (flat_squared > self._bind("out2"), sa.false()), else_=exact
        )

    def box(self) -> tuple[sa.BindParameter, ...]:
        """min_lat, max_lat, min_lng, max_lng of the bounding box (see ``bounding_box``)."""
        return tuple(self._bind(edge) for edge in ("minlat", "maxlat", "minlng", "maxlng"))

    def values(self, lat: float, lng: float, radius_km: float) -> tuple[dict, bool, BoundingBox]:
        """The parameters for one circle, whether it may use the flat shortcut, and its box."""
        phi0 = math.radians(lat)
        box = bounding_box(lat, lng, radius_km)
        flat = _flat_bounds(lat, lng, radius_km)
        values = {
            "phi": phi0,
            "cosphi": math.cos(phi0),
            "lmb": math.radians(lng),
            "r": float(radius_km),
            "lat": float(lat),
            "lng": float(lng),
            "ky": _KM_PER_DEG,
            "kx": _KM_PER_DEG * math.cos(phi0),
            "in2": flat[0] if flat else 0.0,
            "out2": flat[1] if flat else 0.0,
            "minlat": box.min_lat,
            "maxlat": box.max_lat,
            "minlng": box.min_lng,
            "maxlng": box.max_lng,
        }
        return {f"{self.name}_{key}": value for key, value in values.items()}, flat is not None, box


_KM_PER_DEG = math.pi * EARTH_RADIUS_KM / 180


def _flat_bounds(lat: float, lng: float, radius_km: float) -> tuple[float, float] | None:
    """(inner², outer²): a flat-earth squared distance at or below inner² is surely inside the
    circle, above outer² surely outside; None where the shortcut is not kept tight."""
    angular = radius_km / EARTH_RADIUS_KM
    worst_lat = abs(lat) + math.degrees(angular)
    lng_reach = math.degrees(angular) / max(1e-9, math.cos(math.radians(min(worst_lat, 89.9))))
    if worst_lat >= 60 or radius_km > 200 or abs(lng) + lng_reach >= 180:
        # Near the poles, over long distances or across the antimeridian: exact distances only.
        return None
    # cos(latitude) within the circle differs from cos(lat) by at most about the half-angle, and the
    # sphere's curvature adds a term of order angular²: a relative error below ``slack``.
    slack = (angular / 2) / math.cos(math.radians(worst_lat)) + angular * angular + 1e-6
    return (radius_km * (1 - 2 * slack)) ** 2, (radius_km * (1 + 2 * slack)) ** 2


def within_sql(lat: float, lng: float, radius_km: float, lat_column, lng_column):
    """SQL condition: the point (lat_column, lng_column) is within ``radius_km`` of (lat, lng) by the
    great-circle distance, decided exactly as ``great_circle_sql(...) <= radius_km``.

    Most rows are decided by a flat-earth distance (no trigonometry per row) that is known to err
    by less than the slack of ``_flat_bounds``: clearly inside, clearly outside. Only rows in the
    thin band where the two could disagree pay for the exact great-circle distance.
    """
    exact = great_circle_sql(lat, lng, lat_column, lng_column) <= radius_km
    bounds = _flat_bounds(lat, lng, radius_km)
    if bounds is None:
        return exact
    dy = (lat_column - lat) * _KM_PER_DEG
    dx = (lng_column - lng) * (_KM_PER_DEG * math.cos(math.radians(lat)))
    flat_squared = dy * dy + dx * dx
    return sa.case((flat_squared <= bounds[0], sa.true()), (flat_squared > bounds[1], sa.false()), else_=exact)
