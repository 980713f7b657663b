"""Backups: ``flask backup PATH`` and ``flask restore PATH``, and the fingerprint that proves a
restore is whole (row counts and checksums of every table).

SQLite is copied with its online backup API (a consistent copy while the site serves); PostgreSQL
with ``pg_dump --format=custom`` and restored with ``pg_restore``, both from the PostgreSQL client
tools, which must be on the PATH and of the server's major version or newer.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from directory.extensions import db


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str  # SHA-256 of every row, in primary-key order, as the database returns it


def fingerprint(
    connection: sa.Connection, metadata: sa.MetaData, tables: list[sa.Table] | None = None
) -> dict[str, TableFingerprint]:
    """Row count and checksum of every table of ``metadata`` (or of ``tables``): equal before a
    backup and after its restore when nothing was lost, doubled or changed."""
    result = {}
    for table in metadata.sorted_tables if tables is None else tables:
        digest = hashlib.sha256()
        rows = 0
        order = list(table.primary_key.columns) or list(table.columns)
        for row in connection.execute(sa.select(table).order_by(*order)).yield_per(5000):
            digest.update(repr(tuple(_plain(value) for value in row)).encode())
            rows += 1
        result[table.name] = TableFingerprint(rows, digest.hexdigest())
    return result


def _plain(value):
    # Timestamps compare by instant, whichever way the database returns them.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def is_sqlite(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def _libpq_url(app: Flask) -> str:
    """The database URL as the PostgreSQL tools take it (without SQLAlchemy's driver name)."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _schema(app: Flask) -> str | None:
    """The schema named by a ``-csearch_path=…`` connect option (tests run in a schema of their own)."""
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options", "")
    match = re.search(r"search_path=([A-Za-z0-9_]+)", options or "")
    return match.group(1) if match else None


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (postgresql-client).")
    return found


def backup(app: Flask, path: Path) -> None:
    """Write a consistent copy of the database to ``path`` while the site may be serving."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(app):
        target = sqlite3.connect(path)
        try:
            raw = db.engine.raw_connection()
            try:
                raw.driver_connection.backup(target)
            finally:
                raw.close()
        finally:
            target.close()
        return
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), _libpq_url(app)]
    schema = _schema(app)
    if schema:
        command[1:1] = ["--schema", schema]
    _run(command)


def restore(app: Flask, path: Path) -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if is_sqlite(app):
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (PRAGMA integrity_check failed).")
            db.session.remove()
            db.engine.dispose()
            raw = db.engine.raw_connection()
            try:
                source.backup(raw.driver_connection)
            finally:
                raw.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a SQLite backup: {error}") from None
        finally:
            source.close()
        db.engine.dispose()
        return
    db.session.remove()
    db.engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _libpq_url(app),
            str(path),
        ]
    )


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")
