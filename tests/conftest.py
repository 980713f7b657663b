"""Shared fixtures: one migrated database per backend per session, emptied after every test.

Every test that takes ``app`` (or ``client``, ``db_session``…) runs once on a fresh SQLite file
and once on PostgreSQL (its own schema in TEST_DATABASE_URL). Without TEST_DATABASE_URL the
PostgreSQL runs are skipped with a reason, unless REQUIRE_POSTGRES=1, which makes that a failure.
"""

from __future__ import annotations

import functools
import itertools
import os
import socket
import uuid
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from directory import create_app
from directory.extensions import db
from directory.geo.extract import load_places
from directory.geo.gazetteer import forget_names_cache
from directory.practitioners.models import Payer, Practice, Practitioner, Profession, Specialty
from directory.practitioners.queries import forget_demo_flag
from directory.reviews.models import Review
from directory.reviews.status import apply_to_aggregates
from directory.search.estimates import forget_estimates
from tests.helpers import login_as

# Figures that tests measure and report (readability grades, the screening corpus's precision and
# recall), printed at the end of the run by pytest_terminal_summary.
FIGURES: dict[str, object] = {}

# Tables that hold reference data or the gazetteer: loaded once per session, never emptied.
KEEP_TABLES = {"alembic_version", "places", "professions", "specialties", "specialty_professions", "payers"}


def _require(name: str) -> bool:
    return os.environ.get(name, "").strip() not in {"", "0", "false", "no"}


def _skip_or_fail(requirement: str, reason: str) -> None:
    if _require(requirement):
        pytest.fail(f"{requirement}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def pytest_collection_modifyitems(config, items):
    """Browser journeys run once, on SQLite: the database layer is covered on both elsewhere."""
    keep, drop = [], []
    for item in items:
        is_browser = item.get_closest_marker("browser") is not None
        (drop if is_browser and "postgresql" in item.nodeid else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def report_figure():
    """``report_figure(name, value)``: print ``value`` in the summary at the end of the run."""

    def report(name: str, value: object) -> None:
        FIGURES[name] = value

    return report


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("measured figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    if request.param == "postgresql" and _postgres_url() is None:
        _skip_or_fail("REQUIRE_POSTGRES", "TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    return request.param


class BufferedClient(FlaskClient):
    """A test client that reads each response whole and closes it, as a server does: work a view
    defers until the response has gone out (``mail.send_after_response``) is done by then.
    Pass ``buffered=False`` to look at a response before it is closed."""

    def open(self, *args, buffered: bool = True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


def _make_app(url: str, connect_args: dict, tmp_path_factory) -> Flask:
    outbox = tmp_path_factory.mktemp("outbox")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": url,
            # Room for the concurrency tests' twenty threads, each with its own connection.
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": connect_args, "pool_size": 25, "max_overflow": 5},
            "OUTBOX_DIR": str(outbox),
            "GEOCODER": "offline",
        }
    )
    app.test_client_class = BufferedClient
    return app


@pytest.fixture(scope="session")
def session_app(backend, tmp_path_factory) -> Iterator[Flask]:
    """A migrated database with the gazetteer loaded, for the whole session."""
    schema = None
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        url, connect_args = f"sqlite:///{path}", {}
    else:
        url = _postgres_url()
        schema = f"test_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        except sa.exc.OperationalError as error:
            engine.dispose()
            _skip_or_fail("REQUIRE_POSTGRES", f"PostgreSQL at TEST_DATABASE_URL is unreachable: {error}")
        engine.dispose()
        connect_args = {"options": f"-csearch_path={schema}"}
    app = _make_app(url, connect_args, tmp_path_factory)
    app.config["TEST_DATABASE_SCHEMA"] = schema
    with app.app_context():
        upgrade()
        load_places(db.session)
        db.session.commit()
        forget_names_cache()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def empty_tables(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in KEEP_TABLES:
                    conn.execute(table.delete())


@pytest.fixture
def app(session_app) -> Iterator[Flask]:
    from directory.extensions import limiter

    limiter.reset()
    yield session_app
    empty_tables(session_app)
    forget_estimates()  # they describe the data this test made, which is gone
    forget_demo_flag()
    limiter.reset()
    for message in Path(session_app.config["OUTBOX_DIR"]).glob("*.eml"):
        message.unlink()


@pytest.fixture
def outbox(app):
    """Read the e-mails written so far: ``outbox()`` → list of email.message.EmailMessage, oldest first."""

    def read() -> list[EmailMessage]:
        paths = sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))
        return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in paths]

    return read


@pytest.fixture
def mail_server_down(app, monkeypatch):
    """Mail goes to an SMTP server that refuses connections (a port nobody listens on)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    """The app's session inside an app context, for service-level tests (not around requests)."""
    with app.app_context():
        yield db.session
        db.session.rollback()


_counter = itertools.count(1)


@pytest.fixture
def make_practitioner(app):
    """Builder: ``make_practitioner(profession="physiotherapist", lat=…, lng=…, **overrides)``.

    Commits, and returns a plain namespace (slug, id, practice_id, lat, lng) usable outside
    the app context.
    """

    def build(
        profession: str = "physiotherapist",
        lat: float = -33.8688,
        lng: float = 151.2093,
        specialties: tuple[str, ...] = (),
        payers: tuple[str, ...] = (),
        practice: dict | None = None,
        reviews: tuple[int, ...] = (),
        **overrides,
    ) -> SimpleNamespace:
        n = next(_counter)
        with app.app_context():
            session = db.session
            profession_row = session.scalars(sa.select(Profession).where(Profession.slug == profession)).one()
            practice_values = {
                "name": f"Test Practice {n}",
                "address": f"{n} Test Street",
                "suburb": "Sydney",
                "state": "NSW",
                "postcode": "2000",
                "lat": lat,
                "lng": lng,
                "phone": "(02) 5550 1234",
                "email": f"reception{n}@example.com",
            } | (practice or {})
            practice_row = Practice(**practice_values)
            values = {
                "slug": f"test-practitioner-{n}",
                "name": f"Test Practitioner {n}",
                "bio": "Works with people of all ages.",
                "languages": ["English"],
                "hours": {"mon": "08:00-17:00"},
            } | overrides
            row = Practitioner(profession=profession_row, practice=practice_row, **values)
            if specialties:
                row.specialties = list(session.scalars(sa.select(Specialty).where(Specialty.slug.in_(specialties))))
            if payers:
                row.payers = list(session.scalars(sa.select(Payer).where(Payer.slug.in_(payers))))
            session.add(row)
            session.flush()
            for i, rating in enumerate(reviews):
                session.add(
                    Review(
                        practitioner_id=row.id,
                        rating=rating,
                        title="",
                        body="Friendly and on time. " * 3,
                        display_name=f"Reviewer {i}",
                        email=f"r{n}-{i}@example.net",
                        email_key=f"r{n}-{i}@example.net",
                        visit_month="2026-01",
                        status="published",
                        published_at=sa.func.now(),
                    )
                )
            session.flush()
            for rating in reviews:
                apply_to_aggregates(session, row.id, rating, +1)
            session.commit()
            result = SimpleNamespace(
                id=row.id,
                slug=row.slug,
                name=row.name,
                practice_id=practice_row.id,
                lat=lat,
                lng=lng,
                profession=profession,
            )
            db.session.remove()
            return result

    return build


@pytest.fixture
def set_owner(app):
    """``set_owner(practitioner, user)``: make ``user`` (or nobody) the listing's owner, committed."""

    def apply(practitioner, user) -> None:
        with app.app_context():
            db.session.execute(
                sa.update(Practitioner)
                .where(Practitioner.id == practitioner.id)
                .values(owner_id=user.id if user else None)
            )
            db.session.commit()
            db.session.remove()

    return apply


@pytest.fixture
def make_review(app):
    """Builder: ``make_review(practitioner, status="published", rating=4, reports=(), **overrides)`` → id.

    A published review also counts in the practitioner's aggregates, as the services keep them.
    ``reports`` is a tuple of report reasons, each added as an open report.
    """
    from directory.reviews.keys import fingerprint, reviewer_key
    from directory.reviews.models import ReviewReport

    counter = itertools.count(1)

    def build(
        practitioner, status: str = "published", rating: int = 4, reports: tuple[str, ...] = (), **overrides
    ) -> int:
        n = next(counter)
        with app.app_context():
            values = {
                "practitioner_id": practitioner.id,
                "rating": rating,
                "title": f"Review {n}",
                "body": f"Review number {n}: the appointment started on time and fees were explained.",
                "display_name": f"Reviewer {n}",
                "email": f"reviewer{n}@example.net",
                "visit_month": "2026-01",
                "status": status,
            } | overrides
            if status in ("published", "held"):
                values.setdefault("confirmed_at", sa.func.now())
            if status == "published":
                values.setdefault("published_at", sa.func.now())
            values.setdefault("fingerprint", fingerprint(values["body"]))
            values.setdefault("email_key", reviewer_key(values["email"]))
            review = Review(**values)
            db.session.add(review)
            db.session.flush()
            if status == "published":
                apply_to_aggregates(db.session, practitioner.id, rating, +1)
            for reason in reports:
                db.session.add(
                    ReviewReport(
                        review_id=review.id,
                        reason=reason,
                        note="Please check.",
                        reporter_email=f"reporter{n}@example.org",
                    )
                )
            db.session.commit()
            review_id = review.id
            db.session.remove()
            return review_id

    return build


@functools.lru_cache
def _password_hash(password: str) -> str:
    """argon2id is slow on purpose; the builders hash each test password once per session."""
    from directory.accounts.passwords import hash_password

    return hash_password(password)


@pytest.fixture
def make_user(app):
    """Builder: ``make_user(email=…, password=…, confirmed=True, admin=False)`` → namespace."""
    from directory.accounts.models import User

    def build(
        email: str | None = None,
        password: str = "correct horse battery staple",
        confirmed: bool = True,
        admin: bool = False,
    ) -> SimpleNamespace:
        n = next(_counter)
        email = (email or f"user{n}@example.com").lower()
        with app.app_context():
            user = User(email=email, password_hash=_password_hash(password), is_admin=admin)
            if confirmed:
                user.email_confirmed_at = sa.func.now()
            db.session.add(user)
            db.session.commit()
            result = SimpleNamespace(id=user.id, email=email, password=password, session_id=user.get_id())
            db.session.remove()
            return result

    return build


@pytest.fixture
def admin(make_user):
    return make_user(email="admin@example.org", admin=True)


@pytest.fixture
def admin_client(client, admin):
    """A client logged in as an administrator."""
    login_as(client, admin)
    return client


@pytest.fixture
def count_queries(app, monkeypatch):
    """Context manager that counts SQL statements sent to the database, COPY included (bulk.py sends
    it to PostgreSQL through the driver, where SQLAlchemy's events do not see it)."""
    from contextlib import contextmanager

    import psycopg

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        copy = psycopg.Cursor.copy

        def copy_counted(cursor, statement, *args, **kwargs):
            statements.append(str(statement))
            return copy(cursor, statement, *args, **kwargs)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        monkeypatch.setattr(psycopg.Cursor, "copy", copy_counted)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)
            monkeypatch.setattr(psycopg.Cursor, "copy", copy)

    return counting
