"""Where demo practices go: capitals and regional centres, and sites spread over real suburbs.

Practices are placed around the gazetteer's cities by population, each snapped to a nearby
locality that is a real suburb (not a mail centre, campus or airport).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random

# Capitals and major regional centres (name and state of their ``places`` city row). Each gets
# a practitioner of every profession within GUARANTEE_KM of that row when there are enough
# practitioners to go round.
CAPITALS: tuple[tuple[str, str], ...] = (
    ("Sydney", "NSW"),
    ("Melbourne", "VIC"),
    ("Brisbane", "QLD"),
    ("Perth", "WA"),
    ("Adelaide", "SA"),
    ("Hobart", "TAS"),
    ("Darwin", "NT"),
    ("Canberra", "ACT"),
)
REGIONAL_CENTRES: tuple[tuple[str, str], ...] = (
    ("Gold Coast", "QLD"),
    ("Newcastle", "NSW"),
    ("Sunshine Coast", "QLD"),
    ("Wollongong", "NSW"),
    ("Geelong", "VIC"),
    ("Townsville", "QLD"),
    ("Cairns", "QLD"),
    ("Toowoomba", "QLD"),
    ("Ballarat", "VIC"),
    ("Bendigo", "VIC"),
    ("Albury", "NSW"),
    ("Launceston", "TAS"),
    ("Mackay", "QLD"),
    ("Rockhampton", "QLD"),
    ("Bunbury", "WA"),
    ("Coffs Harbour", "NSW"),
    ("Wagga Wagga", "NSW"),
    ("Mildura", "VIC"),
    ("Alice Springs", "NT"),
    ("Central Coast", "NSW"),
)
# Used when a centre's own row is missing from the gazetteer.
CENTRE_FALLBACKS = {("Central Coast", "NSW"): ("Gosford", "NSW")}
GUARANTEE_KM = 5.0

# Gazetteer "localities" that are not suburbs: mail, delivery and business centres, CBD
# delivery streets, bases, campuses, hospitals, airports, shopping centres.
NOT_A_SUBURB = re.compile(
    r"\b(mc|dc|bc|raaf|milpo|gpo|lpo|airport|centre|plaza|street|mall|square|campus|terminal|"
    r"wintergarden|waterfront place|road central|road melbourne)$"
    r"|\b(hmas|military|barracks|university|parliament|delivery|mail|defence|hospital|roadhouse|arcade|"
    r"world trade)\b",
    re.IGNORECASE,
)


def _offset(lat: float, lng: float, dx_km: float, dy_km: float) -> tuple[float, float]:
    return lat + dy_km / 110.574, lng + dx_km / (111.320 * math.cos(math.radians(lat)))


def _disk(rng: Random, radius_km: float) -> tuple[float, float]:
    """A point uniformly distributed in a disk of the given radius (dx, dy in km)."""
    r = radius_km * math.sqrt(rng.random())
    theta = rng.random() * 2 * math.pi
    return r * math.cos(theta), r * math.sin(theta)


def city_radius_km(population: int) -> float:
    """How far from a city's centre row its demo practices may be placed."""
    return min(8.0, max(1.0, 0.02 * math.sqrt(max(population, 0))))


METRO_MIN_POPULATION = 100_000


def suburb_weights(cities: Sequence[tuple[int, str, str, float, float, int]]) -> list[tuple[float, float]]:
    """(weight, radius in km) for each gazetteer city row: how many practices it should draw, and
    how far from its centre they may be placed.

    A capital's row carries the whole metropolitan population; its suburbs are rows of their
    own. Weighting both would count the metro twice, and place all of it within a few kilometres
    of the centre (about 12% of the country within 8 km of Sydney's CBD). A metropolitan row
    keeps only the part of its population that no suburb row accounts for, spread over its
    whole area; every other row draws its own population around its own centre.
    """
    weights = [(float(max(city[5], 0)), city_radius_km(city[5])) for city in cities]
    for index, (_id, _name, _state, lat, lng, population) in enumerate(cities):
        if population < METRO_MIN_POPULATION:
            continue
        reach_km = 0.012 * math.sqrt(population)  # Sydney and Melbourne: about 28 km
        reach_lat = reach_km / 110.574
        reach_lng = reach_km / (111.320 * math.cos(math.radians(lat)))
        within = 0
        for _oid, _oname, _ostate, olat, olng, opop in cities:
            if opop < population and abs(olat - lat) <= reach_lat and abs(olng - lng) <= reach_lng:
                dx = (olng - lng) * 111.320 * math.cos(math.radians(lat))
                dy = (olat - lat) * 110.574
                if dx * dx + dy * dy <= reach_km * reach_km:
                    within += opop
        weights[index] = (max(0.0, population - within), reach_km)
    return weights


@dataclass(frozen=True)
class Locality:
    name: str
    state: str
    postcode: str
    lat: float
    lng: float


class LocalityIndex:
    """Nearest locality to a point, from a grid of cells in memory (no query per practice)."""

    CELL = 0.1  # degrees

    def __init__(self, localities: Sequence[Locality]):
        self.cells: dict[tuple[int, int], list[Locality]] = {}
        for loc in localities:
            self.cells.setdefault(self._cell(loc.lat, loc.lng), []).append(loc)
        self.all = list(localities)

    def _cell(self, lat: float, lng: float) -> tuple[int, int]:
        return math.floor(lat / self.CELL), math.floor(lng / self.CELL)

    def nearest(self, lat: float, lng: float) -> Locality:
        ci, cj = self._cell(lat, lng)
        cos_lat = math.cos(math.radians(lat))
        best: Locality | None = None
        best_d = math.inf
        for ring in range(0, 60):
            if ring == 0:
                cells = [(ci, cj)]
            else:
                cells = [(ci + di, cj + dj) for di in range(-ring, ring + 1) for dj in (-ring, ring)]
                cells += [(ci + di, cj + dj) for di in (-ring, ring) for dj in range(-ring + 1, ring)]
            for cell in cells:
                for loc in self.cells.get(cell, ()):
                    d = (loc.lat - lat) ** 2 + ((loc.lng - lng) * cos_lat) ** 2
                    if d < best_d:
                        best, best_d = loc, d
            # Anything in a further ring is at least ring * CELL away (longitude shrinks by cos).
            if best is not None and math.sqrt(best_d) <= ring * self.CELL * cos_lat:
                return best
        if best is not None:
            return best
        return min(self.all, key=lambda loc: (loc.lat - lat) ** 2 + ((loc.lng - lng) * cos_lat) ** 2)


NEAR_SUBURB_KM = 1.5
MAX_DRAWS = 8


@dataclass
class Site:
    lat: float
    lng: float
    locality: Locality


def place_near(rng: Random, index: LocalityIndex, lat: float, lng: float, radius_km: float) -> Site:
    """A point near (lat, lng), pulled close to the nearest suburb so it stays on land.

    A point far from every suburb centre is most likely in a bay or the sea: draw again.
    """
    for _ in range(MAX_DRAWS):
        dx, dy = _disk(rng, radius_km)
        plat, plng = _offset(lat, lng, dx, dy)
        loc = index.nearest(plat, plng)
        ddx = (plng - loc.lng) * 111.320 * math.cos(math.radians(loc.lat))
        ddy = (plat - loc.lat) * 110.574
        dist = math.hypot(ddx, ddy)
        if dist <= NEAR_SUBURB_KM:
            break
    # Keep the direction from the suburb's centre to the point but at most ~0.9 km from it.
    limit = 0.9 * math.sqrt(rng.random())
    if dist > limit and dist > 0:
        scale = limit / dist
        ddx, ddy = ddx * scale, ddy * scale
    flat, flng = _offset(loc.lat, loc.lng, ddx, ddy)
    return Site(round(flat, 6), round(flng, 6), loc)
