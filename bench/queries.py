"""The JSON search API over a mixed set of seeded queries, timed in-process (Flask's test client).

The mix is drawn from the gazetteer, not from the places the code was tuned on: capital-city centres
and the suburbs around them, towns by population, and places drawn at random (regional, sparse);
radii of 5 to 50 km; profession, specialty, payer, telehealth and rating filters; distance and rating
sorts; later pages; a few nationwide lists. Searches by name are a set of their own. Every query is
sent once per run, after a warm-up on another draw; each run gives p50, p95 and p99.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from random import Random
from urllib.parse import urlencode

import sqlalchemy as sa

from bench.common import Latency

CAPITALS = ("2000", "3000", "4000", "5000", "6000", "7000", "0800", "2600")


@dataclass(frozen=True)
class Mixed:
    runs: list[Latency]
    statements_max: int  # the most SQL statements one search took
    queries: int
    names: list[Latency]  # searches by name (not in the mix the targets speak of), per run
    name_queries: int


def _reference(session):
    from directory.geo.models import Place
    from directory.practitioners.models import Payer, Practitioner, Profession, Specialty, specialty_professions
    from directory.practitioners.taxonomy import PAYERS_FOR

    towns = session.execute(
        sa.select(Place.name, Place.state, Place.lat, Place.lng, Place.population)
        .where(Place.kind == "city", Place.population >= 1000)
        .order_by(Place.id)
    ).all()
    localities = session.execute(
        sa.select(Place.name, Place.state, Place.postcode, Place.lat, Place.lng)
        .where(Place.kind == "locality", Place.postcode.is_not(None))
        .order_by(Place.id)
    ).all()
    professions = {p.id: p.slug for p in session.scalars(sa.select(Profession))}
    specialties: dict[str, list[str]] = {slug: [] for slug in professions.values()}
    for specialty, profession_id in session.execute(
        sa.select(Specialty.slug, specialty_professions.c.profession_id).join(
            specialty_professions, specialty_professions.c.specialty_id == Specialty.id
        )
    ):
        specialties[professions[profession_id]].append(specialty)
    payers = {slug: list(PAYERS_FOR[slug]) for slug in professions.values()}
    all_payers = [p.slug for p in session.scalars(sa.select(Payer).order_by(Payer.id))]
    first_names = sorted({name.split()[0] for name in session.scalars(sa.select(Practitioner.name).limit(3000))})
    return towns, localities, specialties, payers, all_payers, first_names


def mixed_queries(session, count: int, seed: int, names: bool = False) -> list[str]:
    """``count`` API paths, the same for the same seed and data. ``names``: every query also
    searches for a name (a first name that practitioners have), sorted by how well it matches."""
    from directory.geo.distance import great_circle_km
    from directory.geo.errors import AmbiguousPlace, PlaceNotFound
    from directory.geo.gazetteer import resolve_place

    rng = Random(seed)
    towns, localities, specialties, payers, all_payers, first_names = _reference(session)
    capitals = [resolve_place(session, postcode) for postcode in CAPITALS]
    near_capitals = [
        row for row in localities if any(great_circle_km(c.lat, c.lng, row.lat, row.lng) <= 25 for c in capitals[:5])
    ]
    town_weights = [row.population for row in towns]

    def resolves(text: str) -> bool:
        try:
            resolve_place(session, text)
        except (AmbiguousPlace, PlaceNotFound):
            return False
        return True

    def location() -> dict:
        roll = rng.random()
        if roll < 0.15:
            place = rng.choice(capitals)
            return {"near": place.postcode} if rng.random() < 0.5 else {"lat": place.lat, "lng": place.lng}
        if roll < 0.50:
            row = rng.choice(near_capitals)
        elif roll < 0.80:
            row = rng.choices(towns, town_weights)[0]
            text = f"{row.name} {row.state}"
        else:
            row = rng.choice(localities)
        if rng.random() < 0.5:
            text = f"{row.name} {row.state} {row.postcode}" if roll < 0.5 or roll >= 0.8 else text
            if resolves(text):  # a name several places share would be a question back, not a search
                return {"near": text}
        return {"lat": round(row.lat, 4), "lng": round(row.lng, 4)}

    def filters(params: dict) -> None:
        profession = rng.choice(sorted(specialties)) if rng.random() < 0.45 else None
        if profession:
            params["profession"] = profession
        roll = rng.random()
        if roll < 0.15:
            pool = specialties[profession] if profession else sorted({s for v in specialties.values() for s in v})
            params["specialty"] = rng.choice(pool)
        elif roll < 0.25:
            params["payer"] = rng.choice(payers[profession] if profession else all_payers)
        if rng.random() < 0.05:
            params["telehealth"] = "1"
        if rng.random() < 0.07:
            params["min_rating"] = rng.choice(("4", "4.5"))

    queries: list[dict] = []
    # The hardest circles, always in the mix: 50 km around Sydney's and Melbourne's centres.
    for postcode in ("2000", "3000"):
        for sort in ("distance", "rating"):
            for extra in ({}, {"profession": "physiotherapist"}, {"specialty": "sports-injuries"}, {"page": "3"}):
                if not names:
                    queries.append({"near": postcode, "radius_km": 50, "sort": sort, **extra})
    while len(queries) < count:
        if rng.random() < 0.05 and not names:
            params = {"sort": "rating", "page": rng.choice((1, 2, 5, 10, 25, 50))}
            if rng.random() < 0.5:
                params["profession"] = rng.choice(sorted(specialties))
            queries.append(params)
            continue
        params = location()
        params["radius_km"] = rng.choices((5, 10, 25, 50), (15, 35, 25, 25))[0]
        filters(params)
        if names:
            params["q"] = rng.choice(first_names)
        else:
            params["sort"] = "distance" if rng.random() < 0.55 else "rating"
        params["page"] = rng.choices((1, 2, 3, 5, 10), (70, 15, 8, 5, 2))[0]
        if params["page"] == 1:
            del params["page"]
        queries.append(params)
    return ["/api/v1/practitioners?" + urlencode(params) for params in queries[:count]]


def time_mixed(app, count: int, runs: int, seed: int = 20261130) -> Mixed:
    """Warm up on one draw, then send every query of another draw once per run."""
    from directory.extensions import db

    with app.app_context():
        warm = mixed_queries(db.session, 200, seed + 1) + mixed_queries(db.session, 50, seed + 1, names=True)
        paths = mixed_queries(db.session, count, seed)
        by_name = mixed_queries(db.session, max(100, count // 5), seed, names=True)
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    for path in warm:
        _get(client, path)
    statements = [0]

    def count_statement(*args) -> None:
        statements[0] += 1

    sa.event.listen(engine, "before_cursor_execute", count_statement)
    most = 0
    for path in paths:
        statements[0] = 0
        _get(client, path)
        most = max(most, statements[0])
    sa.event.remove(engine, "before_cursor_execute", count_statement)
    results, names = [], []
    for _ in range(runs):
        for measured, queries in ((results, paths), (names, by_name)):
            samples = []
            for path in queries:
                started = time.perf_counter()
                _get(client, path)
                samples.append((time.perf_counter() - started) * 1000)
            measured.append(Latency.of(samples))
    return Mixed(results, most, len(paths), names, len(by_name))


def _get(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.get_data(as_text=True)[:300]}")
