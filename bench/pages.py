"""Named requests timed in-process (Flask's test client), each repeated after one warm-up, beside a
baseline measured in the same run: ``GET /healthz`` (one trivial query and a response)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from random import Random

from bench.common import Latency
from bench.data import HARD_CASE, Prepared

SEARCHES = [
    ("search page: near=2000 (Sydney CBD), 10 km, distance", "/search?near=2000"),
    (f"search page: {HARD_CASE[0]}, distance", f"/search?{HARD_CASE[1]}"),
    (f"search page: {HARD_CASE[0]}, rating", f"/search?{HARD_CASE[1]}&sort=rating"),
    ("search page: near=3000 (Melbourne), 25 km, rating", "/search?near=3000&radius_km=25&sort=rating"),
    ("search page: near=Ballarat VIC, 10 km, physiotherapists", "/search?near=Ballarat+VIC&profession=physiotherapist"),
    (
        "search page: near=2000, 25 km, specialty + telehealth",
        "/search?near=2000&radius_km=25&specialty=sports-injuries&telehealth=1",
    ),
    ("search page: nationwide by rating, page 50", "/search?sort=rating&page=50"),
    (f"API: {HARD_CASE[0]}, distance", f"/api/v1/practitioners?{HARD_CASE[1]}"),
    (f"API: {HARD_CASE[0]}, rating, page 3", f"/api/v1/practitioners?{HARD_CASE[1]}&sort=rating&page=3"),
]


@dataclass(frozen=True)
class Timed:
    name: str
    latency: Latency
    ratio: float  # median ÷ the baseline's median


def _time(client, path: str, repeat: int) -> Latency:
    client.get(path)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    return Latency.of(samples)


def _page_50_link(client, slug: str) -> str:
    """The link a reader follows to the 50th page of reviews: page by page, each "Next" link."""
    path = f"/practitioners/{slug}"
    for _ in range(49):
        html = client.get(path).get_data(as_text=True)
        found = re.search(r'href="(/practitioners/[^"]*?after=\d+[^"]*)"', html)
        if not found:
            raise SystemExit(f"no next page of reviews on {path}")
        path = found.group(1).replace("&amp;", "&")
    return path


def _prefixes(app, count: int) -> list[str]:
    """What people type into the place box: 2 to 6 letters of place names, seeded."""
    import sqlalchemy as sa

    from directory.extensions import db
    from directory.geo.models import Place

    with app.app_context():
        names = db.session.scalars(sa.select(Place.name).where(Place.kind == "locality").order_by(Place.id)).all()
        db.session.remove()
    rng = Random(7)
    return [name[: rng.randint(2, 6)].lower() for name in rng.sample(names, count)]


def time_pages(prepared: Prepared, repeat: int) -> tuple[list[Timed], Latency, Latency]:
    """The named requests; place autocomplete over 300 different prefixes, each new to the process,
    then the same prefixes again (answered from the per-process memory of look-ups)."""
    client = prepared.app.test_client()
    slug = prepared.busy_slug
    baseline = _time(client, "/healthz", repeat)
    cases = [
        *SEARCHES,
        (f"listing with 2,000 reviews, first page ({slug})", f"/practitioners/{slug}"),
        ("the same listing, 50th page of reviews (its Next links)", _page_50_link(client, slug)),
        ("the same listing, ?page=50", f"/practitioners/{slug}?page=50"),
        ("the same listing, lowest-rated first, page 3", f"/practitioners/{slug}?order=lowest&page=3"),
        ("API: the same listing's reviews, lowest first", f"/api/v1/practitioners/{slug}/reviews?order=lowest"),
    ]
    timed = [Timed(f"baseline: GET /healthz ({prepared.target.label})", baseline, 1.0)]
    for name, path in cases:
        latency = _time(client, path, repeat)
        timed.append(Timed(name, latency, latency.p50 / baseline.p50))
    prefixes = _prefixes(prepared.app, 300)
    first, again = [], []
    for samples in (first, again):  # each prefix first as new to the process, then remembered
        for prefix in prefixes:
            started = time.perf_counter()
            response = client.get(f"/api/v1/places?q={prefix}")
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"places?q={prefix}: {response.status_code}")
    return timed, Latency.of(first), Latency.of(again)
