"""Every search plan returns what a brute-force search returns: the same practitioners in the
same order, the same distances, the same count (or a lower bound, said to be one).

The reference reads every practitioner, computes the exact great-circle distance in SQL (the
same expression the search uses, so a practitioner exactly on the circle is in both), applies
the same filters and sorts by the same keys, with OFFSET. The data set has a dense centre (many
practices within a few kilometres, several practitioners at one practice: ties in distance), equal
ratings (ties in rating), practitioners exactly at the radius, and sparse places (Hobart, Darwin,
Broome) with few in range. Each test forces one family of plans.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from directory.geo.distance import great_circle_sql
from directory.geo.geocoders import OfflineResolver
from directory.practitioners.models import Practice, Practitioner, practitioner_payers, practitioner_specialties
from directory.practitioners.rating import bayesian_score
from directory.practitioners.reference import reference
from directory.practitioners.spatial import NO_AREA
from directory.practitioners.text_search import search_words
from directory.search import services, statements
from directory.search.estimates import forget_estimates
from directory.search.params import Cursor, parse_search_params
from tests.helpers import point_at

SYDNEY = (-33.8688, 151.2093)
CENTRES = [SYDNEY, (-37.8136, 144.9631), (-42.8821, 147.3272), (-12.4634, 130.8456), (-17.9614, 122.2359)]
NAMES = ["Ana Ruiz", "Ben Lee", "Cai Ng", "Dee Oh", "Eli Park", "Fay Quinn", "Gus Roy", "Hana Sato", "Ñandú O'Hara"]


CONFIRMED = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=d, microseconds=m) for d in (0, 90, 200) for m in (0, 5)]


@pytest.fixture
def world(db_session):
    """About 500 practitioners: 300 around Sydney's centre (dense), the rest spread out."""
    rng = random.Random(20261130)
    ref = reference(db_session)
    professions = {p.slug: p.id for p in ref.professions}
    specialties = {slug: [s.id for s in ref.specialties if slug in s.professions] for slug in professions}
    payers = [p.id for p in ref.payers]
    practices, people, links, pays = [], [], [], []
    n = 0
    for index in range(260):
        centre = SYDNEY if index < 150 else rng.choice(CENTRES)
        km = rng.uniform(0, 3) if index < 150 else rng.uniform(0, 60)
        lat, lng = point_at(*centre, rng.uniform(0, 2 * math.pi), km)
        practice_id = index + 1
        practices.append(
            {
                "id": practice_id,
                "name": f"Clinic {index % 40}",
                "address": f"{index} Main St",
                "suburb": "Somewhere",
                "state": "NSW",
                "postcode": "2000",
                "lat": lat,
                "lng": lng,
            }
        )
        for _ in range(rng.choice((1, 1, 1, 2, 3))):  # several at one practice: the same distance
            n += 1
            slug = rng.choice(list(professions))
            ratings = rng.choice([(), (5,), (4, 4), (5, 4, 3), (5, 5), (1,), (3, 3, 3, 3)])  # many equal scores
            count = len(ratings)
            mean = sum(ratings) / count if count else None
            people.append(
                {
                    "id": n,
                    "slug": f"p-{n}",
                    "name": rng.choice(NAMES),
                    "profession_id": professions[slug],
                    "practice_id": practice_id,
                    "bio": "",
                    "languages": [],
                    "hours": {},
                    "telehealth": rng.random() < 0.3,
                    "home_visits": rng.random() < 0.2,
                    "rating_count": count,
                    "rating_mean": mean,
                    "rating_score": bayesian_score(count, mean),
                    **{f"rating_{s}": ratings.count(s) for s in range(1, 6)},
                    # A few confirmation times, so that ties in distance and score are broken by it,
                    # and ties in it too (then by name, then id).
                    "confirmed_at": CONFIRMED[rng.randrange(len(CONFIRMED))],
                }
            )
            links += [{"practitioner_id": n, "specialty_id": s} for s in rng.sample(specialties[slug], 2)]
            pays += [{"practitioner_id": n, "payer_id": p} for p in rng.sample(payers, 2)]
    db_session.execute(sa.insert(Practice.__table__), practices)
    db_session.execute(sa.insert(Practitioner.__table__), people)
    db_session.execute(sa.insert(practitioner_specialties), links)
    db_session.execute(sa.insert(practitioner_payers), pays)
    db_session.commit()
    forget_estimates()
    return rng


def _exact_radius(db_session, lat: float, lng: float) -> float | None:
    """A radius in 1–100 km at which some practice is exactly on the circle (SQL's own distance)."""
    table = Practice.__table__
    distance = great_circle_sql(lat, lng, table.c.lat, table.c.lng)
    value = db_session.scalar(sa.select(distance).where(distance.between(1, 100)).order_by(table.c.id).limit(1))
    return value


def _name_matches(db_session, q: str) -> list[int]:
    """Brute force of the name search: every word of ``q`` begins a word of the practitioner's
    name or of the practice's name (folded: lower case, accents off, letters and digits)."""
    P, PR = Practitioner.__table__, Practice.__table__
    wanted = search_words(q)
    found = []
    for row_id, name, practice in db_session.execute(sa.select(P.c.id, P.c.name, PR.c.name).join(PR)):
        words = search_words(f"{name} {practice}")
        if wanted and all(any(word.startswith(w) for word in words) for w in wanted):
            found.append(row_id)
    return found


def _reference(db_session, params, origin) -> tuple[list[tuple], int]:
    """Brute force: every practitioner, exact distance, the same filters and order, OFFSET."""
    P, PR = Practitioner.__table__, Practice.__table__
    where = []
    ref = reference(db_session)
    if params.profession:
        where.append(P.c.profession_id == ref.profession(params.profession).id)
    if params.specialty:
        where.append(
            P.c.id.in_(
                sa.select(practitioner_specialties.c.practitioner_id).where(
                    practitioner_specialties.c.specialty_id == ref.specialty(params.specialty).id
                )
            )
        )
    if params.payer:
        where.append(
            P.c.id.in_(
                sa.select(practitioner_payers.c.practitioner_id).where(
                    practitioner_payers.c.payer_id == ref.payer(params.payer).id
                )
            )
        )
    if params.telehealth:
        where.append(P.c.telehealth.is_(True))
    if params.home_visits:
        where.append(P.c.home_visits.is_(True))
    if params.min_rating:
        where += [P.c.rating_count > 0, P.c.rating_mean >= params.min_rating]
    if params.q:
        where.append(P.c.id.in_(_name_matches(db_session, params.q)))
    distance = None
    if origin is not None:
        distance = great_circle_sql(origin.lat, origin.lng, PR.c.lat, PR.c.lng)
        where.append(distance <= params.radius_km)
    sort = params.effective_sort
    fresher = P.c.confirmed_at.desc()
    if sort == "distance":
        order = [distance, fresher, P.c.name, P.c.id]
    elif sort == "rating":
        order = [P.c.rating_score.desc(), *([distance] if distance is not None else []), fresher, P.c.name, P.c.id]
    else:
        folded = params.q.casefold()
        name = sa.func.lower(P.c.name)
        relevance = sa.case(
            (name == folded, 0),
            (name.like(f"{folded}%"), 1),
            (name.like(f"% {folded}%"), 2),
            (sa.func.lower(PR.c.name).like(f"{folded}%"), 3),
            else_=4,
        )
        order = [relevance, distance if distance is not None else P.c.rating_score.desc(), fresher, P.c.id]
    base = (
        sa.select(P.c.id, distance if distance is not None else sa.null())
        .select_from(P.join(PR, PR.c.id == P.c.practice_id))
        .where(*where)
    )
    total = db_session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
    rows = db_session.execute(
        base.order_by(*order).offset((params.page - 1) * params.per_page).limit(params.per_page)
    ).all()
    return [(row[0], None if row[1] is None else round(row[1], 2)) for row in rows], total


def _random_args(db_session, rng) -> dict:
    args: dict = {}
    if rng.random() < 0.85:
        lat, lng = rng.choice(CENTRES) if rng.random() < 0.5 else SYDNEY
        lat, lng = point_at(lat, lng, rng.uniform(0, 2 * math.pi), rng.uniform(0, 4))
        args.update(lat=repr(lat), lng=repr(lng))
        exact = _exact_radius(db_session, lat, lng) if rng.random() < 0.25 else None
        args["radius_km"] = repr(exact) if exact else str(rng.choice([1, 2, 5, 10, 25, 50, 100]))
        args["sort"] = rng.choice(["distance", "distance", "rating", "rating", "relevance"])
    else:
        args["sort"] = rng.choice(["rating", "rating", "relevance"])
    if args["sort"] == "relevance" or rng.random() < 0.1:
        args["q"] = rng.choice(["an", "Ben", "clinic 1", "o", "hana sato", "zz", "Ruiz", "lee clinic", "Ña", "!!"])
    for name, choices in (
        ("profession", ["physiotherapist", "remedial-massage-therapist"]),
        ("specialty", ["sports-injuries", "back-and-neck-pain", "dry-needling", "cupping"]),
        ("payer", ["private-health", "dva", "hicaps"]),
    ):
        if rng.random() < 0.3:
            args[name] = rng.choice(choices)
    if rng.random() < 0.15:
        args["telehealth"] = "1"
    if rng.random() < 0.1:
        args["home_visits"] = "1"
    if rng.random() < 0.1:
        args["min_rating"] = rng.choice(["3", "4", "4.5"])
    args["per_page"] = str(rng.choice([1, 3, 7, 20]))
    args["page"] = str(rng.choice([1, 1, 2, 3]))
    return args


def _check(db_session, rng, queries: int) -> int:
    resolver = OfflineResolver()
    compared = 0
    for _ in range(queries):
        args = _random_args(db_session, rng)
        try:
            params = parse_search_params(db_session, args)
        except Exception:  # e.g. a specialty outside the profession is still a valid search
            raise
        result = services.search_practitioners(db_session, params, resolver)
        expected, total = _reference(db_session, params, result.origin)
        got = [(hit.practitioner.id, hit.distance_km) for hit in result.hits]
        assert got == expected, args
        if result.total_exact:
            assert result.total == total, args
        else:
            assert result.total < total, args
        assert result.has_more == (params.page * params.per_page < total), args
        compared += 1
        if result.next_cursor is not None:  # the keyset page equals the OFFSET page
            after = {**args, "page": str(params.page + 1), "after": result.next_cursor.token()}
            following = services.search_practitioners(db_session, parse_search_params(db_session, after), resolver)
            params_next = parse_search_params(db_session, {**args, "page": str(params.page + 1)})
            expected_next, _ = _reference(db_session, params_next, None)
            assert [(h.practitioner.id, h.distance_km) for h in following.hits] == expected_next, after
    return compared


def test_default_plans_match_brute_force(db_session, world):
    assert _check(db_session, world, 250) == 250


def _prefer(monkeypatch, plan: str) -> None:
    """Every search that ``plan`` can answer is answered by it, whatever the estimates say."""
    estimated = services._plan_costs

    def costs(*args):
        found = estimated(*args)
        if plan in found:
            found[plan] = (0.0, *found[plan][1:])
        return found

    monkeypatch.setattr(services, "_plan_costs", costs)


def test_rating_index_walk_matches_brute_force(db_session, world, monkeypatch):
    _prefer(monkeypatch, "walk")  # every best-rated search inside a circle walks
    assert _check(db_session, world, 150) == 150


def test_area_walks_match_brute_force(db_session, world, monkeypatch):
    """Every best-rated search inside a circle of up to about 50 km walks the rating order of the
    areas of the map its box touches (one to four; Sydney's centre has areas on two sides)."""
    _prefer(monkeypatch, "area")
    built, walked = statements.statement, []

    def noted(shape):
        walked.append(shape.plan)
        return built(shape)

    monkeypatch.setattr(statements, "statement", noted)
    assert _check(db_session, world, 150) == 150
    assert walked.count("area") >= 30


def test_area_walks_with_a_cut_off_from_one_area_match_brute_force(db_session, world, monkeypatch):
    """Any one area's cut-off is a true one: with only one area walking to its cut-off (the one
    that holds most of the circle, or the first), every area read at or above it gives the page."""
    _prefer(monkeypatch, "area")
    estimated, cut = services._area_walk_rows, []

    def one_area_cuts(areas, counts, share, wanted):
        rows, _ = estimated(areas, counts, share, wanted)
        used = [(in_both, area) for area, (_, in_both) in zip(areas, counts, strict=True) if area != NO_AREA]
        chosen = max(used)[1] if len(cut) % 2 else used[0][1]
        cut.append(chosen)
        return rows, tuple(area if area == chosen else NO_AREA for area in areas)

    monkeypatch.setattr(services, "_area_walk_rows", one_area_cuts)
    assert _check(db_session, world, 150) == 150
    assert len(cut) >= 30


def test_only_the_areas_expected_to_give_about_the_highest_cut_off_walk():
    """An area that holds the page but far fewer of the circle than another would walk far down
    its order for a cut-off that is not used: it is only read at or above the other's."""
    a, b, c = 62266, 62267, 61266
    thin = services._area_walk_rows((a, b, NO_AREA, NO_AREA), [(1e5, 4e4), (1e5, 500), (0, 0), (0, 0)], 0.1, 21)
    assert thin[1] == (a, NO_AREA, NO_AREA, NO_AREA)
    assert thin[0] < 1000  # the top 0.5% of A walked, then A and B read down to its cut-off
    alike = services._area_walk_rows((a, b, c, NO_AREA), [(1e5, 4e4), (1e5, 3e4), (5e4, 10), (0, 0)], 0.1, 21)
    assert alike[1] == (a, b, NO_AREA, NO_AREA)  # two walks: one wrong estimate does not cost a full read
    none = services._area_walk_rows((a, b, NO_AREA, NO_AREA), [(1e5, 100), (1e5, 50), (0, 0), (0, 0)], 0.1, 21)
    assert none[1] == (a, b, NO_AREA, NO_AREA)  # none expected to hold the page: every area walks


def test_whole_circles_match_brute_force(db_session, world, monkeypatch):
    _prefer(monkeypatch, "circle")
    assert _check(db_session, world, 100) == 100


def test_small_rings_and_their_fallback_match_brute_force(db_session, world, monkeypatch):
    monkeypatch.setattr(services, "RING_MARGIN", 0.01)  # rings far too small: most fall back
    _prefer(monkeypatch, "ring")
    assert _check(db_session, world, 150) == 150


def test_reading_a_specialty_or_payer_list_matches_brute_force(db_session, world, monkeypatch):
    _prefer(monkeypatch, "link")
    assert _check(db_session, world, 150) == 150


def test_rings_and_circles_through_a_lists_own_spatial_index_match_brute_force(db_session, world, monkeypatch):
    """A search with a specialty or a payer reads that list's own spatial index: nearest first by
    a ring (too small on purpose, so that many fall back to the whole circle), or the whole circle."""
    monkeypatch.setattr(services, "RING_MARGIN", 0.3)
    estimated, built, read = services._plan_costs, statements.statement, set()

    def costs(*args):
        found = estimated(*args)
        for name in found:
            if ":" in name:
                found[name] = (0.0 if name.startswith("ring") else 0.1, *found[name][1:])
        return found

    def noted(shape):
        if shape.mapped:
            read.add((shape.plan, shape.mapped))
        return built(shape)

    monkeypatch.setattr(services, "_plan_costs", costs)
    monkeypatch.setattr(statements, "statement", noted)
    assert _check(db_session, world, 200) == 200
    assert read == {(plan, name) for plan in ("ring", "circle") for name in ("specialty", "payer")}


def test_reading_a_telehealth_or_home_visits_list_matches_brute_force(db_session, world, monkeypatch):
    """The list of those who offer telehealth or home visits (of the profession asked for, or of
    both) drives the search whenever the search has that filter."""
    _prefer(monkeypatch, "link")
    shortest, read = services._shortest_link, []

    def yes_or_no_first(params, ref, est):
        for name in ("home_visits", "telehealth"):
            if getattr(params, name):
                return name, 0.0
        return shortest(params, ref, est)

    built = statements.statement

    def noted(shape):
        if shape.link in ("telehealth", "home_visits"):
            read.append((shape.link, "profession" in shape.filters))
        return built(shape)

    monkeypatch.setattr(services, "_shortest_link", yes_or_no_first)
    monkeypatch.setattr(statements, "statement", noted)
    assert _check(db_session, world, 200) == 200
    assert set(read) == {(name, of) for name in ("telehealth", "home_visits") for of in (True, False)}


def test_the_cursor_of_a_nationwide_list_is_not_a_way_in(db_session, world):
    with pytest.raises(Exception) as refused:
        parse_search_params(db_session, {"after": "bm90IGEgY3Vyc29y", "sort": "rating"})
    assert getattr(refused.value, "field", None) == "after"
    assert Cursor.from_token(Cursor(7).token()) == Cursor(7)
