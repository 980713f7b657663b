"""The bench data set: the demo data at national scale (100,000 practitioners, 1,000,000 reviews by
default) in a SQLite file and in a PostgreSQL schema, each named by the sizes and the version of
the generator, made once and reused; plus one listing with 2,000 published reviews."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench.common import BENCH_DIR, BENCH_SETTINGS, data_version

BUSY_REVIEWS = 2000
# The named hard case: Sydney's centre with the largest radius, where about a fifth of the country's
# practitioners are inside the circle (at least a tenth is required of it).
HARD_CASE = ("Sydney CBD, 50 km", "near=2000&radius_km=50")


@dataclass(frozen=True)
class Target:
    label: str  # "SQLite" or "PostgreSQL"
    url: str
    schema: str | None = None  # PostgreSQL: the schema holding the data set

    @property
    def connect_args(self) -> dict:
        return {"options": f"-csearch_path={self.schema}"} if self.schema else {}

    @property
    def url_with_schema(self) -> str:
        """The URL a separate process (a gunicorn worker) connects with."""
        if not self.schema:
            return self.url
        joiner = "&" if "?" in self.url else "?"
        return f"{self.url}{joiner}options=-csearch_path%3D{self.schema}"


@dataclass(frozen=True)
class Prepared:
    target: Target
    app: object
    busy_slug: str  # the listing with BUSY_REVIEWS published reviews
    practitioners: int
    inside_hard_case: int  # practitioners inside the hard case's circle


def sqlite_target(practitioners: int, reviews: int) -> Target:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    stem = f"bench-{practitioners}-{reviews}"
    path = BENCH_DIR / f"{stem}-{data_version()}.sqlite3"
    for old in BENCH_DIR.glob(f"{stem}*.sqlite3*"):
        if not old.name.startswith(path.name):
            old.unlink()  # made by an earlier generator
    return Target("SQLite", f"sqlite:///{path}")


def postgres_target(url: str, practitioners: int, reviews: int) -> Target:
    stem = f"bench_{practitioners}_{reviews}"
    schema = f"{stem}_{data_version()}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for (old,) in conn.execute(
            sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :stem"), {"stem": f"{stem}%"}
        ):
            if old != schema:
                conn.execute(sa.text(f'DROP SCHEMA "{old}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    return Target("PostgreSQL", url, schema)


def create_bench_app(target: Target):
    from directory import create_app

    return create_app(
        {
            **BENCH_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": target.url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": target.connect_args},
        }
    )


def prepare(target: Target, practitioners: int, reviews: int) -> Prepared:
    """The target's database at the newest schema with the data set, made when missing."""
    from flask_migrate import upgrade

    from directory.demo.seed import seed_demo
    from directory.extensions import db
    from directory.geo.extract import load_places, places_loaded
    from directory.models_base import refresh_planner_statistics
    from directory.practitioners.models import Practitioner

    app = create_bench_app(target)
    with app.app_context():
        upgrade()
        if not places_loaded(db.session):
            load_places(db.session)
            db.session.commit()
        have = db.session.scalar(sa.select(sa.func.count(Practitioner.id)))
        if have != practitioners:
            if have:
                raise SystemExit(f"{target.label}: {have:,} practitioners where {practitioners:,} were expected")
            started = time.perf_counter()
            print(f"  {target.label}: seeding {practitioners:,} practitioners and {reviews:,} reviews…", flush=True)
            seed_demo(db.session, practitioners=practitioners, reviews=reviews, seed=1)
            db.session.commit()
            print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
        busy = _busy_listing(db.session)
        refresh_planner_statistics(db.session)
        db.session.commit()
        inside = _inside_hard_case(db.session)
        db.session.remove()
    return Prepared(target, app, busy, practitioners, inside)


def _busy_listing(session) -> str:
    """The slug of a listing with BUSY_REVIEWS published reviews: the demo listing with the most
    reviews, topped up with demo reviews (once) and its stored aggregates recounted."""
    from directory.practitioners.models import Practitioner
    from directory.reviews.models import Review
    from directory.reviews.status import aggregate_differences, fix_aggregates

    slug, practitioner_id, count = session.execute(
        sa.select(Practitioner.slug, Practitioner.id, Practitioner.rating_count)
        .order_by(Practitioner.rating_count.desc(), Practitioner.id)
        .limit(1)
    ).one()
    if count >= BUSY_REVIEWS:
        return slug
    print(f"  adding {BUSY_REVIEWS - count:,} reviews to {slug}…", flush=True)
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    rows = []
    for n in range(BUSY_REVIEWS - count):
        published = start + timedelta(hours=7 * n)
        rating = (5, 5, 4, 5, 3, 4, 5, 2, 5, 4, 1, 5)[n % 12]
        rows.append(
            {
                "practitioner_id": practitioner_id,
                "rating": rating,
                "title": "",
                "body": f"Visit number {n + 1}. The appointment ran on time and the advice was clear.",
                "display_name": f"Bench reviewer {n + 1}",
                "email": f"bench-reviewer{n + 1}@example.net",
                "email_key": f"bench-reviewer{n + 1}@example.net",
                "visit_month": f"{published:%Y-%m}",
                "status": "published",
                "published_at": published,
                "is_demo": True,
                "created_at": published - timedelta(minutes=30),
                "updated_at": published,
            }
        )
    session.execute(sa.insert(Review.__table__), rows)
    differences = [d for d in aggregate_differences(session) if d.practitioner_id == practitioner_id]
    fix_aggregates(session, differences)
    session.commit()
    return slug


def _inside_hard_case(session) -> int:
    """Practitioners within 50 km of where "2000" puts Sydney's centre, by exact distance, every row
    read (not the search's own count)."""
    from directory.geo.distance import great_circle_km
    from directory.geo.gazetteer import resolve_place
    from directory.practitioners.models import Practice, Practitioner

    centre = resolve_place(session, "2000")
    rows = session.execute(
        sa.select(Practice.lat, Practice.lng).join(Practitioner, Practitioner.practice_id == Practice.id)
    )
    return sum(1 for lat, lng in rows if great_circle_km(centre.lat, centre.lng, lat, lng) <= 50.0)
