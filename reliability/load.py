"""`make load`: gunicorn (4 workers) on SQLite and on PostgreSQL with the 100,000-practitioner data
set, and 60 s of mixed traffic from this second process at 64 connections: 70% listing views, 25%
searches near random places, 5% review submissions, each confirmed from its e-mailed link. Then
every accepted review must be stored exactly once and the rating aggregates must recount without
a difference. Writes the figures to docs/reliability.md.

    python -m reliability.load [--seconds 60] [--connections 64] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import threading
import time
import uuid
from collections import defaultdict
from urllib.parse import urlencode

import sqlalchemy as sa

from reliability.common import (
    INSTANCE,
    POSTGRES_URL,
    SQLITE_URL,
    Gunicorn,
    MailSink,
    commit,
    machine,
    prepare,
    stamp,
    write_section,
)

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
WORDS = "clear friendly punctual calm thorough patient tidy welcoming careful helpful quiet prompt".split()


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[int, int] = defaultdict(int)
        self.errors: dict[str, int] = defaultdict(int)
        self.accepted: list[str] = []  # e-mails of reviews the site accepted (302)
        self.refused: list[str] = []  # e-mails of submissions answered otherwise
        self.confirmed: list[str] = []
        self.unconfirmed: list[str] = []

    def record(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[status] += 1


class Visitor:
    """One connection's worth of traffic: requests in a loop until the deadline."""

    def __init__(self, port: int, slugs: list[str], places: list[str], sink: MailSink, results: Results, seed: int):
        self.port, self.slugs, self.places, self.sink, self.results = port, slugs, places, sink, results
        self.rng = random.Random(seed)
        self.ip = self.address()

    def address(self) -> str:
        # A visitor's address as the proxy reports it, from the benchmarking range (RFC 2544).
        return f"198.{self.rng.choice((18, 19))}.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"

    def request(self, kind: str, method: str, path: str, body: str | None = None, cookie: str | None = None):
        headers = {"X-Forwarded-For": self.ip, "Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookie:
            headers["Cookie"] = cookie
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        except OSError as error:
            with self.results.lock:
                self.results.errors[f"{kind}: {type(error).__name__}"] += 1
            return None, "", None
        finally:
            conn.close()
        self.results.record(kind, time.perf_counter() - started, response.status)
        set_cookie = response.getheader("Set-Cookie")
        return response, text, set_cookie.split(";", 1)[0] if set_cookie else cookie

    def run(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            roll = self.rng.random()
            if roll < 0.70:
                self.request("listing view", "GET", f"/practitioners/{self.rng.choice(self.slugs)}")
            elif roll < 0.95:
                query = {"near": self.rng.choice(self.places)}
                if self.rng.random() < 0.3:
                    query["profession"] = self.rng.choice(["physiotherapist", "remedial-massage-therapist"])
                self.request("search", "GET", "/search?" + urlencode(query))
            else:
                self.review()

    def review(self) -> None:
        self.ip = self.address()
        slug = self.rng.choice(self.slugs)
        path = f"/practitioners/{slug}/reviews/new"
        response, text, cookie = self.request("review form", "GET", path)
        token = CSRF.search(text or "")
        if response is None or token is None:
            return
        email = f"load-{uuid.uuid4().hex[:12]}@example.net"
        words = " ".join(self.rng.choice(WORDS) for _ in range(12))
        form = {
            "csrf_token": token.group(1) or token.group(2),
            "rating": str(self.rng.randint(1, 5)),
            "title": "Visit",
            "body": f"The appointment was {words}, and the fees were explained before we began ({email[5:17]}).",
            "display_name": "Load T.",
            "email": email,
            "visit_month": "2026-03",
            "consent": "y",
        }
        response, _, _ = self.request("review submit", "POST", path, urlencode(form), cookie)
        if response is None or response.status != 302:
            with self.results.lock:
                self.results.refused.append(email)
            return
        with self.results.lock:
            self.results.accepted.append(email)
        mails = self.sink.wait(email, seconds=30)
        link = re.search(r"https?://[^/\s]+(/reviews/manage/\S+)", mails[0]) if mails else None
        if link is None:
            with self.results.lock:
                self.results.unconfirmed.append(email)
            return
        manage = link.group(1)
        response, text, cookie = self.request("confirm page", "GET", manage)
        token = CSRF.search(text or "")
        if response is None or token is None:
            with self.results.lock:
                self.results.unconfirmed.append(email)
            return
        body = urlencode({"csrf_token": token.group(1) or token.group(2)})
        response, _, _ = self.request("confirm", "POST", manage + "/confirm", body, cookie)
        with self.results.lock:
            (
                self.results.confirmed if response is not None and response.status == 302 else self.results.unconfirmed
            ).append(email)


def _sample(url: str) -> tuple[list[str], list[str]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        slugs = list(conn.scalars(sa.text("SELECT slug FROM practitioners ORDER BY id")))
        places = list(conn.scalars(sa.text("SELECT DISTINCT postcode FROM practices WHERE postcode IS NOT NULL")))
    engine.dispose()
    rng = random.Random(1)
    return rng.sample(slugs, min(20_000, len(slugs))), places


def _verify(url: str, results: Results) -> dict:
    """Every accepted review stored exactly once; confirmed ones confirmed; aggregates recount clean."""
    from directory import create_app
    from directory.extensions import db
    from directory.reviews.models import Review
    from directory.reviews.status import aggregate_differences

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "verify"})
    with app.app_context():
        rows = db.session.execute(sa.select(Review.email, Review.status).where(Review.email.like("load-%"))).all()
        differences = aggregate_differences(db.session)
        # Leave the data set as it was for the next run.
        db.session.execute(sa.delete(Review.__table__).where(Review.__table__.c.email.like("load-%")))
        db.session.commit()
        from directory.reviews.status import fix_aggregates

        fix_aggregates(db.session, aggregate_differences(db.session))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    stored: dict[str, list[str]] = defaultdict(list)
    for email, status in rows:
        stored[email].append(status)
    accepted = set(results.accepted)
    confirmed = set(results.confirmed)
    return {
        "accepted": len(accepted),
        "confirmed": len(confirmed),
        "lost": sum(1 for e in accepted if not stored.get(e)),
        "doubled": sum(1 for statuses in stored.values() if len(statuses) > 1),
        "confirmed but not confirmed in the database": sum(
            1 for e in confirmed if not set(stored.get(e, [])) & {"published", "held"}
        ),
        "stored without being accepted": sum(1 for e in stored if e not in accepted),
        "aggregate differences": len(differences),
        "published": sum(1 for s in stored.values() if "published" in s),
        "held": sum(1 for s in stored.values() if "held" in s),
    }


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run(label: str, url: str, seconds: int, connections: int, workers: int) -> tuple[str, bool]:
    sink = MailSink()
    slugs, places = _sample(url)
    results = Results()
    env = {
        "DATABASE_URL": url,
        "PROXY_COUNT": "1",
        "API_RATE_LIMIT": "1000000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        **sink.env(),
    }
    with Gunicorn(env, workers=workers, log=INSTANCE / f"load-{label}.log") as server:
        visitors = [Visitor(server.port, slugs, places, sink, results, seed=n) for n in range(connections)]
        started = time.monotonic()
        deadline = started + seconds
        threads = [threading.Thread(target=v.run, args=(deadline,)) for v in visitors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    outcome = _verify(url, results)
    total = sum(len(v) for v in results.latency.values())
    every = [x for v in results.latency.values() for x in v]
    server_errors = sum(n for status, n in results.status.items() if status >= 500)
    lines = [
        f"### {label}",
        "",
        f"{total:,} requests in {elapsed:.0f} s: **{total / elapsed:,.0f} requests/s**; "
        f"p50 {_percentile(every, 0.5):.0f} ms, p95 {_percentile(every, 0.95):.0f} ms, "
        f"p99 {_percentile(every, 0.99):.0f} ms. "
        f"Statuses: {', '.join(f'{s}: {n:,}' for s, n in sorted(results.status.items()))}. "
        f"**5xx: {server_errors}**; connection errors: {sum(results.errors.values())}"
        + (f" ({', '.join(f'{k}: {n}' for k, n in results.errors.items())})" if results.errors else "")
        + ".",
        "",
        "| request | count | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("listing view", "search", "review form", "review submit", "confirm page", "confirm"):
        values = results.latency.get(kind, [])
        lines.append(
            f"| {kind} | {len(values):,} | {_percentile(values, 0.5):.0f} | {_percentile(values, 0.95):.0f} | "
            f"{_percentile(values, 0.99):.0f} |"
        )
    lines += [
        "",
        f"Reviews: {outcome['accepted']:,} accepted, {outcome['confirmed']:,} confirmed "
        f"({outcome['published']:,} published, {outcome['held']:,} held for a moderator); "
        f"**lost {outcome['lost']}, doubled {outcome['doubled']}**, confirmed but not so in the database "
        f"{outcome['confirmed but not confirmed in the database']}, stored without being accepted "
        f"{outcome['stored without being accepted']}; rating aggregates recounted: "
        f"**{outcome['aggregate differences']} differences**.",
        "",
    ]
    ok = (
        server_errors == 0
        and outcome["lost"] == 0
        and outcome["doubled"] == 0
        and outcome["aggregate differences"] == 0
    )
    sink.refuse()
    return "\n".join(lines), ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--practitioners", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    urls = {"sqlite": SQLITE_URL, "postgresql": POSTGRES_URL}
    header = [
        f"- When: {stamp()}, commit `{commit()}`",
        f"- Machine: {machine()}",
        f"- Data: {args.practitioners:,} demo practitioners, {args.reviews:,} reviews (seed 1); gunicorn "
        f"{args.workers} sync workers; {args.connections} connections from one client process for {args.seconds} s "
        "(70% listing views, 25% searches near random postcodes, 5% reviews submitted and confirmed from the "
        "e-mailed link, delivered to an SMTP sink in the client process)",
        "",
    ]
    sections, all_ok = [], True
    for label in args.databases.split(","):
        print(f"load: {label}", flush=True)
        prepare(urls[label], args.practitioners, args.reviews)
        text, ok = run(label, urls[label], args.seconds, args.connections, args.workers)
        print(text, flush=True)
        sections.append(text)
        all_ok &= ok
    write_section("load", "## Load (`make load`)\n\n" + "\n".join(header + sections))
    if not all_ok:
        raise SystemExit("load: 5xx answers, lost or doubled reviews, or aggregate differences (see above)")


if __name__ == "__main__":
    main()
