"""``flask backup PATH`` and ``flask restore PATH``: a backup restores into a fresh database with
the same row count and checksum in every table, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from directory import create_app
from directory.backups import fingerprint
from directory.extensions import db


@pytest.fixture
def some_of_everything(app, make_practitioner, make_review, make_user, set_owner):
    for n in range(5):
        listing = make_practitioner(specialties=("sports-injuries",), payers=("private-health",))
        for rating in range(1, n + 2):
            make_review(listing, rating=rating)
        if n == 0:
            owner = make_user()
            set_owner(listing, owner)
    make_review(listing, status="held", email="held@example.net")


def _fingerprint(app):
    with app.app_context(), db.engine.connect() as connection:
        return fingerprint(connection, db.metadata)


@contextmanager
def fresh_database(app, backend, tmp_path):
    """An app on a new, empty database of the same kind."""
    if backend == "sqlite":
        url, options, cleanup = f"sqlite:///{tmp_path / 'fresh.sqlite3'}", {}, None
    else:
        source = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        name = f"restore_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(source, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = source.set(database=name).render_as_string(hide_password=False)
        options = {"connect_args": app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]}

        def cleanup():
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    fresh = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options}
    )
    try:
        yield fresh
    finally:
        with fresh.app_context():
            db.session.remove()
            db.engine.dispose()
        if cleanup:
            cleanup()


def test_a_backup_restores_with_identical_counts_and_checksums(app, backend, runner, tmp_path, some_of_everything):
    before = _fingerprint(app)
    assert before["reviews"].rows == 16 and before["practitioners"].rows == 5
    path = tmp_path / "directory.backup"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "reviews: 16 rows" in result.output

    with fresh_database(app, backend, tmp_path) as fresh:
        restored = fresh.test_cli_runner().invoke(args=["restore", str(path)])
        assert restored.exit_code == 0, restored.output
        after = _fingerprint(fresh)
    assert after == before


def test_restore_refuses_to_replace_data_without_yes(app, runner, tmp_path, some_of_everything):
    path = tmp_path / "directory.backup"
    runner.invoke(args=["backup", str(path)])
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "--yes" in result.output


def test_restore_refuses_what_is_not_a_backup(app, backend, tmp_path):
    path = tmp_path / "not-a-backup"
    path.write_bytes(b"hello")
    with fresh_database(app, backend, tmp_path) as fresh:
        result = fresh.test_cli_runner().invoke(args=["restore", str(path)])
    assert result.exit_code != 0 and "Error" in result.output
