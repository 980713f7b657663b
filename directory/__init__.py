"""MoveWell Directory: find remedial massage therapists and physiotherapists near you."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory. ``test_config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_mapping(load_config(Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)

    # Registered before the extensions, so it runs after Flask-Limiter's (after_request runs last-in first).
    from directory.errors import settle_retry_after

    app.after_request(settle_retry_after)
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    register_hooks(app)
    # Registered last, so it runs first of the after-request functions (last registered, first
    # run); the others only add headers and none reads the body.
    from directory.compression import register as register_compression

    register_compression(app)
    return app


def register_extensions(app: Flask) -> None:
    from directory import models  # noqa: F401  (every table registered before Alembic looks)
    from directory.accounts.loader import load_user
    from directory.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
    from directory.geo.geocoders import make_resolver
    from directory.practitioners.unmodelled import include_name
    from directory.read_only import register as register_read_only

    db.init_app(app)
    register_read_only(app)
    # The spatial index of practices and the name search index are made by migrations for each
    # database; the ORM does not model them, so autogenerate and `flask db check` leave them out.
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, include_name=include_name)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.user_loader(load_user)
    app.extensions["place_resolver"] = make_resolver(app.config["GEOCODER"], app.config["GEOCODER_USER_AGENT"])

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            sa.event.listen(db.engine, "connect", _sqlite_pragmas)
    elif app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with app.app_context():
            sa.event.listen(db.engine, "connect", _postgresql_settings)


def _postgresql_settings(dbapi_connection, _record) -> None:
    # No parallel workers: a page's statements read a few hundred rows, and starting a worker
    # costs more (about 10 ms) than it saves (decision 0010).
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers and one writer work at once; the busy timeout waits instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    try:
        cursor.execute("SELECT sin(0), radians(0)")
    except sqlite3.OperationalError:
        # SQLite built without its math functions: distances in SQL need these.
        for name, fn in {
            "sin": math.sin,
            "cos": math.cos,
            "asin": math.asin,
            "sqrt": math.sqrt,
            "radians": math.radians,
        }.items():
            dbapi_connection.create_function(name, 1, fn, deterministic=True)
    cursor.close()


def register_blueprints(app: Flask) -> None:
    from directory.accounts.views import bp as accounts_bp
    from directory.admin.views import bp as admin_bp
    from directory.api.views import API_PREFIX
    from directory.api.views import bp as api_bp
    from directory.claims.views import bp as claims_bp
    from directory.core.views import bp as core_bp
    from directory.corrections.views import bp as corrections_bp
    from directory.listings.views import bp as listings_bp
    from directory.manage.views import bp as manage_bp
    from directory.opendata.views import bp as opendata_bp
    from directory.reviews.views import bp as reviews_bp
    from directory.search.views import bp as search_bp
    from directory.sources.views import bp as sources_bp
    from directory.transparency.views import bp as transparency_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(listings_bp)
    app.register_blueprint(api_bp, url_prefix=API_PREFIX)
    app.register_blueprint(accounts_bp, url_prefix="/account")
    app.register_blueprint(claims_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(corrections_bp)
    app.register_blueprint(transparency_bp)
    app.register_blueprint(opendata_bp)
    app.register_blueprint(sources_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")


def register_error_handlers(app: Flask) -> None:
    from directory.errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from directory.cli import register

    register(app)


def register_hooks(app: Flask) -> None:
    from directory.core.hooks import register

    register(app)
