"""Statement budgets: however many results, a search page runs at most 4 SQL statements, an API
search at most 3 (once the per-process caches are warm: reference data, estimates, demo flag).
What ends a request's transaction is not counted: the ROLLBACK, or on PostgreSQL the COMMIT of a
request that wrote nothing and the one-row check before it (read_only.py), sent by the driver."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.search import services

SEARCHES = [
    "near=2000",
    "near=2000&radius_km=50&sort=rating",
    "near=Fitzroy+VIC&specialty=sports-injuries",
    "lat=-33.87&lng=151.21&radius_km=25&q=test",
    "sort=rating",
    "sort=rating&page=2&per_page=5",
    "q=practitioner",
    "near=back+pain+Fitzroy+VIC",
    "q=sports+massage+3000",
    "near=pregnancy",
]


@pytest.fixture
def crowd(make_practitioner):
    """Thirty practitioners around Sydney's centre: enough for several pages and for rings."""
    for i in range(30):
        make_practitioner(lat=-33.8688 + i / 2000, specialties=("sports-injuries",), reviews=(5, 4)[: i % 3])


@pytest.mark.parametrize("query", SEARCHES)
def test_search_page_and_api_stay_within_their_budgets(client, crowd, count_queries, query):
    client.get("/search?near=3000")  # warm the per-process caches
    with count_queries() as page:
        assert client.get(f"/search?{query}").status_code == 200
    with count_queries() as api:
        assert client.get(f"/api/v1/practitioners?{query}").status_code == 200
    assert len(page) <= 4, page
    assert len(api) <= 3, api


def test_a_ring_that_holds_too_few_costs_one_more_statement_and_no_more(client, crowd, count_queries, monkeypatch):
    monkeypatch.setattr(services, "RING_MARGIN", 0.01)  # the first ring is far too small
    client.get("/search?near=3000")
    with count_queries() as api:
        data = client.get("/api/v1/practitioners?near=2000&radius_km=50&per_page=20").get_json()
    assert len(data["results"]) == 20
    assert len(api) <= 3, api


def test_a_best_rated_search_by_areas_is_one_statement(client, crowd, count_queries, monkeypatch):
    estimated = services._plan_costs

    def areas_first(*args):
        found = estimated(*args)
        if "area" in found:  # a best-rated search inside a circle of up to about 50 km
            found["area"] = (0.0, *found["area"][1:])
        return found

    monkeypatch.setattr(services, "_plan_costs", areas_first)
    # Warm the per-process caches, the place look-up included.
    assert client.get("/api/v1/practitioners?near=2000&radius_km=25&sort=rating").status_code == 200
    with count_queries() as api:
        response = client.get("/api/v1/practitioners?near=2000&radius_km=25&sort=rating&page=2&per_page=5")
    assert response.status_code == 200 and response.get_json()["results"]
    assert len(api) == 1, api
    assert "area" in api[0]


def test_the_next_page_of_a_nationwide_list_follows_the_cursor(client, crowd, count_queries):
    first = client.get("/api/v1/practitioners?sort=rating&per_page=5").get_json()
    assert first["next_after"]
    with count_queries() as api:
        second = client.get(f"/api/v1/practitioners?sort=rating&per_page=5&page=2&after={first['next_after']}")
    assert len(api) <= 3
    by_offset = client.get("/api/v1/practitioners?sort=rating&per_page=5&page=2").get_json()
    assert second.get_json()["results"] == by_offset["results"]


def test_postgresql_sessions_start_no_parallel_workers(app):
    """A search reads a few hundred rows; starting a parallel worker costs more than that (decision
    0010), so the application's connections turn them off."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL only")
        assert db.session.scalar(sa.text("SHOW max_parallel_workers_per_gather")) == "0"
        db.session.remove()
