"""`make bench`: the directory at national scale, measured; writes docs/benchmarks.md.

For SQLite and, when a PostgreSQL URL is given (``--postgres``, else BENCH_DATABASE_URL or
TEST_DATABASE_URL), for PostgreSQL:

1. the JSON search API over a mixed set of seeded queries (queries.py): p50, p95, p99 per run;
2. named pages and API calls (pages.py) beside a baseline, and place autocomplete;
3. the search page under gunicorn (2 workers) loaded by wrk from a second process, as a ratio to
   a bare page and to the same page in the site's layout, served the same way in the same run
   (serve.py, site.py); the workers' peak memory;
4. ``flask import-practitioners`` on a CSV file of 100,000 rows (importing.py).

Figures are medians of ``--runs`` runs, with the lowest and highest run in brackets. Nothing here
is asserted by `make test`.

    python -m bench [--practitioners 100000] [--reviews 1000000] [--queries 1000] [--runs 3]
                    [--repeat 60] [--seconds 10] [--import-rows 100000] [--postgres URL]
                    [--skip serve,import] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import importing, pages, queries, serve
from bench.common import ROOT, load_average, machine
from bench.data import postgres_target, prepare, sqlite_target
from bench.report import Measured, write_report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000, help="mixed API queries per run")
    parser.add_argument("--runs", type=int, default=3, help="repeated runs of each measurement")
    parser.add_argument("--repeat", type=int, default=60, help="repetitions of each named request")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    )
    parser.add_argument("--skip", default="", help="comma-separated: serve, import")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}

    started = time.perf_counter()
    targets = [sqlite_target(args.practitioners, args.reviews)]
    if args.postgres:
        targets.append(postgres_target(args.postgres, args.practitioners, args.reviews))
    results = []
    for target in targets:
        print(f"{target.label}: preparing the data set", flush=True)
        prepared = prepare(target, args.practitioners, args.reviews)
        print(f"{target.label}: {args.queries:,} mixed API queries × {args.runs}", flush=True)
        mixed = queries.time_mixed(prepared.app, args.queries, args.runs)
        print(f"{target.label}: named requests", flush=True)
        named, places_new, places_again = pages.time_pages(prepared, args.repeat)
        served = None
        if "serve" not in skip:
            print(f"{target.label}: gunicorn and wrk, {args.runs} rounds of {args.seconds} s a page", flush=True)
            served = serve.serve_and_load(target, args.runs, args.seconds)
        imported = None
        if "import" not in skip:
            print(f"{target.label}: importing {args.import_rows:,} rows × {args.runs}", flush=True)
            imported = importing.measure_import(prepared, args.import_rows, args.runs)
        results.append(Measured(prepared, mixed, named, places_new, places_again, served, imported))

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    text = write_report(
        Path(args.out),
        results,
        when=f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        commit=commit or "uncommitted",
        machine=machine(),
        load=load_average(),
        minutes=(time.perf_counter() - started) / 60,
        args=args,
    )
    print(text)


if __name__ == "__main__":
    main()
