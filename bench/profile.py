"""Where the milliseconds of a request go: SQL, template rendering, and the Python around them.

    python -m bench.profile [--postgres URL] [--repeat 30] [--out docs/profile.md]

Uses the data set that `make bench` seeds (100,000 practitioners, 1,000,000 reviews). For each
request it reports the median wall time, the time spent inside the database driver (between
SQLAlchemy's before/after_cursor_execute events), the time between Flask's template signals, the
rest (Python: parsing, ORM, serialising), and the number of SQL statements; then the slowest
statements of the slowest request.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import before_render_template, template_rendered

from bench.common import ROOT, machine
from bench.data import postgres_target, prepare, sqlite_target

REQUESTS = [
    ("search page: near=2000, 10 km", "/search?near=2000"),
    ("search page: near=2000, 50 km", "/search?near=2000&radius_km=50"),
    ("search page: near=3000, 25 km, rating", "/search?near=3000&radius_km=25&sort=rating"),
    ("search page: nationwide by rating, page 50", "/search?sort=rating&page=50"),
    ("API: near=2000, 50 km", "/api/v1/practitioners?near=2000&radius_km=50"),
    ("API: near=Ballarat VIC, 10 km", "/api/v1/practitioners?near=Ballarat+VIC"),
    ("API: places q=rich", "/api/v1/places?q=rich"),
]


class Meter:
    """Times SQL statements and template rendering of the requests made while it is attached."""

    def __init__(self, app, engine) -> None:
        self.app, self.engine = app, engine
        self.sql = self.template = 0.0
        self.statements: list[tuple[float, str]] = []
        self._sql_started = self._template_started = 0.0

    def _before_sql(self, *args) -> None:
        self._sql_started = time.perf_counter()

    def _after_sql(self, conn, cursor, statement, *args) -> None:
        elapsed = time.perf_counter() - self._sql_started
        self.sql += elapsed
        self.statements.append((elapsed, statement))

    def _before_template(self, *args, **kwargs) -> None:
        self._template_started = time.perf_counter()

    def _after_template(self, *args, **kwargs) -> None:
        self.template += time.perf_counter() - self._template_started

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._before_sql)
        sa.event.listen(self.engine, "after_cursor_execute", self._after_sql)
        before_render_template.connect(self._before_template, self.app)
        template_rendered.connect(self._after_template, self.app)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before_sql)
        sa.event.remove(self.engine, "after_cursor_execute", self._after_sql)
        before_render_template.disconnect(self._before_template, self.app)
        template_rendered.disconnect(self._after_template, self.app)


def profile(label: str, app, slug: str, repeat: int) -> list[str]:
    from directory.extensions import db

    with app.app_context():
        engine = db.engine
    client = app.test_client()
    requests = REQUESTS + [("listing page with the most reviews", f"/practitioners/{slug}")]
    lines = [
        f"## {label}",
        "",
        "| request | median ms | SQL ms | template ms | Python ms | statements |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    slowest: tuple[float, str, list] = (0.0, "", [])
    for name, path in requests:
        client.get(path)
        rows = []
        for _ in range(repeat):
            with Meter(app, engine) as meter:
                started = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
            rows.append((total, meter.sql, meter.template, len(meter.statements), meter.statements))
        rows.sort(key=lambda row: row[0])
        total, sql_s, template_s, count, statements = rows[len(rows) // 2]
        python_s = max(0.0, total - sql_s - template_s)
        lines.append(
            f"| {name} | {total * 1000:.1f} | {sql_s * 1000:.1f} | {template_s * 1000:.1f} | "
            f"{python_s * 1000:.1f} | {count} |"
        )
        if total > slowest[0]:
            slowest = (total, name, statements)
    lines += ["", f"Statements of the slowest request ({slowest[1]}), slowest first:", ""]
    for elapsed, statement in sorted(slowest[2], reverse=True)[:5]:
        text = " ".join(statement.split())
        lines.append(f"- {elapsed * 1000:.1f} ms: `{text[:300]}{'…' if len(text) > 300 else ''}`")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--title", default="Profile: where a request's time goes")
    parser.add_argument("--out", default=str(ROOT / "docs" / "profile.md"))
    args = parser.parse_args()
    lines = [
        f"# {args.title}",
        "",
        "Written by `python -m bench.profile` on the `make bench` data set (100,000 practitioners, "
        "1,000,000 reviews), in-process through Flask's test client; the median of "
        f"{args.repeat} requests after a warm-up. SQL is the time inside the database driver; "
        "template the time between Flask's template signals; Python the rest.",
        "",
        f"- When: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        "",
    ]
    targets = [sqlite_target(100_000, 1_000_000)]
    if args.postgres:
        targets.append(postgres_target(args.postgres, 100_000, 1_000_000))
    for target in targets:
        prepared = prepare(target, 100_000, 1_000_000)
        lines += profile(target.label, prepared.app, prepared.busy_slug, args.repeat)
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
