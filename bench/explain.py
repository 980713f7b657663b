"""The query plans of the search's statements on the bench data set, from both databases:
``python -m bench.explain [--postgres URL]`` writes docs/explain.md (decision 0010 quotes it).

Each request is sent once through the test client to capture the statement the search runs and
its bound values; the plan is then asked for with those values (SQLite: EXPLAIN QUERY PLAN;
PostgreSQL: EXPLAIN (ANALYZE, BUFFERS), run with the same values as a custom plan).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bench.common import ROOT, machine
from bench.data import postgres_target, prepare, sqlite_target

REQUESTS = [
    ("nearest first around Sydney's centre, 10 km", "/api/v1/practitioners?near=2000"),
    ("best-rated within 50 km of Sydney's centre", "/api/v1/practitioners?near=2000&radius_km=50&sort=rating"),
    ("nationwide best-rated, the next page by its cursor", None),
    (
        "best-rated hand therapists within 50 km of Sydney's centre",
        "/api/v1/practitioners?near=2000&radius_km=50&specialty=hand-therapy&sort=rating",
    ),
    (
        "best-rated remedial massage therapists who dry-needle within 50 km of Bald Hills QLD (by areas)",
        "/api/v1/practitioners?near=Bald+Hills+QLD+4036&radius_km=50&profession=remedial-massage-therapist"
        "&specialty=dry-needling&sort=rating",
    ),
    (
        "nearest dry-needling practitioners offering telehealth within 25 km of Brisbane, page 10 (the specialty's"
        " own spatial index)",
        "/api/v1/practitioners?lat=-27.4197&lng=153.0694&radius_km=25&specialty=dry-needling&telehealth=1&page=10",
    ),
    ("everything within 50 km of Broome (few in range)", "/api/v1/practitioners?near=Broome+WA&radius_km=50"),
    (
        "remedial massage by telehealth within 50 km of Melbourne's centre",
        "/api/v1/practitioners?near=3000&radius_km=50&profession=remedial-massage-therapist&telehealth=1",
    ),
]


def _captured(app, path: str) -> tuple[str, object, str]:
    """The longest statement the request sent, its values, and the plans the search chose."""
    from directory.extensions import db
    from directory.search import services

    with app.app_context():
        engine = db.engine
    seen: list = []

    def grab(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    plans: list[str] = []
    run = services._run

    def noting(session, shape, values, cap):
        plans.append(
            shape.plan
            + (f" ({shape.link} list)" if shape.link else "")
            + (f" (through the {shape.mapped} list's spatial index)" if shape.mapped else "")
        )
        return run(session, shape, values, cap)

    client = app.test_client()
    client.get(path)
    sa.event.listen(engine, "before_cursor_execute", grab)
    services._run = noting
    try:
        response = client.get(path)
    finally:
        services._run = run
        sa.event.remove(engine, "before_cursor_execute", grab)
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    statement, parameters = max(seen, key=lambda pair: len(pair[0]))
    return statement, parameters, ", then ".join(plans)


def _plan(app, label: str, statement: str, parameters) -> list[str]:
    from directory.extensions import db

    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if label == "SQLite":
                rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
                by_id = {row[0]: row for row in rows}

                def depth(row) -> int:
                    level, parent = 0, row[1]
                    while parent in by_id:
                        level, parent = level + 1, by_id[parent][1]
                    return level

                return ["  " * depth(row) + row[3] for row in rows]
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, parameters, prepare=False)
            return [row[0] for row in cursor.fetchall()]
        finally:
            raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--out", default=str(ROOT / "docs" / "explain.md"))
    args = parser.parse_args()
    targets = [sqlite_target(100_000, 1_000_000)]
    if args.postgres:
        targets.append(postgres_target(args.postgres, 100_000, 1_000_000))
    lines = [
        "# Query plans of the search",
        "",
        "Written by `python -m bench.explain` on the `make bench` data set (100,000 practitioners); quoted by",
        "decision 0010. Each plan is the database's own account of the statement the search sent.",
        "",
        f"- When: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        "",
    ]
    for target in targets:
        prepared = prepare(target, 100_000, 1_000_000)
        lines += [f"## {target.label}", ""]
        for name, path in REQUESTS:
            if path is None:
                first = prepared.app.test_client().get("/api/v1/practitioners?sort=rating").get_json()
                path = f"/api/v1/practitioners?sort=rating&page=2&after={first['next_after']}"
            statement, parameters, plans = _captured(prepared.app, path)
            plan = _plan(prepared.app, target.label, statement, parameters)
            lines += [f"### {name}", "", f"`GET {path}`: plan {plans}", "", "```", *plan, "```", ""]
    Path(args.out).write_text("\n".join(lines).rstrip() + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
