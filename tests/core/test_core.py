"""Home page, health check, sitemap, headers, settings."""

import pytest

from directory import create_app
from directory.config import ConfigError


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'name="near"' in response.get_data(as_text=True)


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_sitemap_lists_listings(client, make_practitioner):
    p = make_practitioner()
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    assert "<sitemapindex" in response.get_data(as_text=True)
    listings = client.get("/sitemaps/listings-1.xml")
    assert listings.mimetype == "application/xml"
    assert f"/practitioners/{p.slug}</loc>" in listings.get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_footer_credits_geonames(client):
    assert "GeoNames" in client.get("/").get_data(as_text=True)


def test_demo_notice_only_while_demo_data_is_loaded(client, runner):
    # The flag is read at most once a minute; seeding demo data makes pages say so at once.
    assert 'data-testid="demo-notice"' not in client.get("/").get_data(as_text=True)
    result = runner.invoke(args=["seed-demo", "--practitioners", "3", "--reviews", "0"])
    assert result.exit_code == 0, result.output
    assert 'data-testid="demo-notice"' in client.get("/").get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app, backend):
    import sqlalchemy as sa

    from directory.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        assert conn.dialect.name == backend
        if backend == "sqlite":
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() == 5000
            assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_behind_a_proxy_the_forwarded_client_address_is_used(monkeypatch):
    monkeypatch.setenv("PROXY_COUNT", "1")
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @app.get("/_whoami")
    def whoami():
        from flask import request

        return request.remote_addr

    response = app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"
