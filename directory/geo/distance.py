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
    phi1 = math.radians(lat)
    phi2 = sa.func.radians(lat_column)
    half_dphi = (phi2 - phi1) / 2
    half_dlmb = (sa.func.radians(lng_column) - math.radians(lng)) / 2
    a = sa.func.sin(half_dphi) * sa.func.sin(half_dphi) + math.cos(phi1) * sa.func.cos(phi2) * sa.func.sin(
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
