"""`make bench`: time search and listing requests on a large demo data set; write docs/benchmarks.md.

Each figure is the median and 95th percentile of repeated in-process requests through Flask's
test client (no network), next to a baseline measured in the same process a moment earlier:
`GET /healthz`, one trivial query and a response. Ratios against that baseline travel between
machines better than absolute times do.

    python -m bench [--practitioners 100000] [--reviews 1000000] [--repeat 60] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    ("search: near=2000 (Sydney CBD), 10 km, distance", "/search?near=2000"),
    ("search: near=2000, 50 km, distance", "/search?near=2000&radius_km=50"),
    ("search: near=3000 (Melbourne), 25 km, rating", "/search?near=3000&radius_km=25&sort=rating"),
    ("search: near=Ballarat VIC, 10 km, physiotherapists", "/search?near=Ballarat+VIC&profession=physiotherapist"),
    (
        "search: near=2000, 25 km, specialty + telehealth",
        "/search?near=2000&radius_km=25&specialty=sports-injuries&telehealth=1",
    ),
    ("search: no location, sort by rating, page 50", "/search?sort=rating&page=50"),
    ("API: near=2000, 25 km", "/api/v1/practitioners?near=2000&radius_km=25"),
    ("API: places autocomplete q=rich", "/api/v1/places?q=rich"),
]


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _time(client, path: str, repeat: int) -> tuple[float, float]:
    client.get(path)  # warm caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples), _percentile(samples, 95)


def _prepare(url: str, practitioners: int, reviews: int, connect_args: dict | None = None):
    from flask_migrate import upgrade

    from directory import create_app
    from directory.demo.seed import seed_demo
    from directory.extensions import db
    from directory.geo.extract import load_places, places_loaded
    from directory.practitioners.models import Practitioner

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": connect_args or {}},
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        upgrade()
        if not places_loaded(db.session):
            load_places(db.session)
            db.session.commit()
        have = db.session.scalar(sa.select(sa.func.count(Practitioner.id)))
        if have != practitioners:
            started = time.perf_counter()
            print(f"  seeding {practitioners:,} practitioners and {reviews:,} reviews…", flush=True)
            seed_demo(db.session, practitioners=practitioners, reviews=reviews, seed=1)
            db.session.commit()
            print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
        slug = db.session.scalar(sa.select(Practitioner.slug).order_by(Practitioner.rating_count.desc()).limit(1))
    return app, slug


def _run(label: str, app, slug: str, repeat: int) -> tuple[list[tuple[str, float, float, float]], float]:
    """The timed requests, and the seconds one full recount of the rating aggregates takes."""
    from directory.extensions import db
    from directory.reviews.status import aggregate_differences

    client = app.test_client()
    base_median, base_p95 = _time(client, "/healthz", repeat)
    rows = [(f"baseline: GET /healthz ({label})", base_median, base_p95, 1.0)]
    cases = CASES + [
        (f"listing page with the most reviews ({slug})", f"/practitioners/{slug}"),
        ("the same listing, lowest-rated reviews first, page 3", f"/practitioners/{slug}?order=lowest&page=3"),
        ("API: the same listing's reviews, lowest first", f"/api/v1/practitioners/{slug}/reviews?order=lowest"),
    ]
    for name, path in cases:
        median, p95 = _time(client, path, repeat)
        rows.append((name, median, p95, median / base_median))
    with app.app_context():
        started = time.perf_counter()
        differences = aggregate_differences(db.session)
        recount = time.perf_counter() - started
        db.session.remove()
    if differences:
        raise SystemExit(f"{label}: {len(differences)} practitioners' stored aggregates differ from a recount")
    return rows, recount


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} × {cpu}{mem}, "
        f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    )
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()

    results: list[tuple[str, list]] = []
    bench_dir = ROOT / "instance" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    sqlite_path = bench_dir / f"bench-{args.practitioners}-{args.reviews}.sqlite3"
    print(f"SQLite: {sqlite_path}", flush=True)
    app, slug = _prepare(f"sqlite:///{sqlite_path}", args.practitioners, args.reviews)
    results.append(("SQLite", _run("SQLite", app, slug, args.repeat)))

    if args.postgres:
        schema = f"bench_{args.practitioners}_{args.reviews}"
        engine = sa.create_engine(args.postgres)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        engine.dispose()
        print(f"PostgreSQL: {args.postgres} schema {schema}", flush=True)
        app, slug = _prepare(args.postgres, args.practitioners, args.reviews, {"options": f"-csearch_path={schema}"})
        results.append(("PostgreSQL", _run("PostgreSQL", app, slug, args.repeat)))

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); rerun it after a change that touches search, listings "
        "or reviews.",
        f"Requests go through Flask's test client in one process, {args.repeat} repetitions after one warm-up;",
        "the ratio column divides each median by the baseline's median measured in the same run.",
        "",
        f"- When: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit `{commit or 'uncommitted'}`",
        f"- Machine: {_machine()}",
        f"- Data: {args.practitioners:,} demo practitioners, {args.reviews:,} reviews (seed 1)",
        "",
    ]
    for backend, (rows, recount) in results:
        lines += [f"## {backend}", "", "| request | median ms | p95 ms | × baseline |", "|---|---:|---:|---:|"]
        lines += [f"| {name} | {median:.2f} | {p95:.2f} | {ratio:.1f} |" for name, median, p95, ratio in rows]
        lines += [
            "",
            f"A full recount of every practitioner's rating aggregates (`flask reviews verify-aggregates`, "
            f"run once) took {recount:.1f} s and found no difference.",
            "",
        ]
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
