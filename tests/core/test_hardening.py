"""Issue 10, findings 2, 3, 8 and 9 at the edge of the site: forged Host headers, request size,
IPv6 clients and control characters in addresses and query parameters."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa

from directory import create_app
from directory.config import ConfigError
from directory.extensions import db
from directory.practitioners.models import Practitioner
from tests.helpers import client_from, submit

PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "k" * 32}


# --- finding 2: absolute links come from BASE_URL, never from the Host header ------------------


@pytest.mark.parametrize(
    "env, missing",
    [
        (PRODUCTION | {"TRUSTED_HOSTS": "directory.example.org"}, "BASE_URL"),
        (PRODUCTION | {"BASE_URL": "https://directory.example.org"}, "TRUSTED_HOSTS"),
        (PRODUCTION | {"BASE_URL": "https://other.example.org", "TRUSTED_HOSTS": "directory.example.org"}, "BASE_URL"),
        (PRODUCTION | {"BASE_URL": "directory.example.org", "TRUSTED_HOSTS": "directory.example.org"}, "BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_base_url_and_trusted_hosts(monkeypatch, env, missing):
    for name in ("BASE_URL", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=missing):
        create_app()


def test_production_starts_with_base_url_and_trusted_hosts(monkeypatch, tmp_path):
    for name, value in (
        PRODUCTION | {"BASE_URL": "https://directory.example.org/", "TRUSTED_HOSTS": "directory.example.org"}
    ).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    app = create_app()
    assert app.config["BASE_URL"] == "https://directory.example.org"
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024


@pytest.fixture
def based(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://directory.example.org")
    return app


FORGED = {"Host": "evil.example"}


def test_sitemap_follows_base_url_not_the_host_header(based, make_practitioner):
    listing = make_practitioner()
    client = based.test_client()
    index = client.get("/sitemap.xml", headers=FORGED).get_data(as_text=True)
    assert "evil.example" not in index
    assert "<loc>https://directory.example.org/sitemaps/listings-1.xml</loc>" in index
    body = client.get("/sitemaps/listings-1.xml", headers=FORGED).get_data(as_text=True)
    assert "evil.example" not in body
    assert f"https://directory.example.org/practitioners/{listing.slug}" in body


def test_structured_data_follows_base_url(based, make_practitioner):
    listing = make_practitioner()
    html = based.test_client().get(f"/practitioners/{listing.slug}", headers=FORGED).get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["url"] == f"https://directory.example.org/practitioners/{listing.slug}"


@pytest.mark.parametrize("path", ["/api/v1/practitioners?q=Test", "/api/v1/practitioners/{slug}"])
def test_api_urls_follow_base_url(based, make_practitioner, path):
    listing = make_practitioner()
    body = based.test_client().get(path.format(slug=listing.slug), headers=FORGED).get_data(as_text=True)
    assert "evil.example" not in body and "https://directory.example.org/practitioners/" in body


def test_reset_links_follow_base_url(based, make_user, outbox):
    make_user(email="pat@example.com")
    client = based.test_client()
    submit(client, "/account/reset", {"email": "pat@example.com"})
    assert outbox() and all("evil.example" not in m.as_string() for m in outbox())
    client.environ_base["HTTP_HOST"] = "evil.example"
    submit(client, "/account/reset", {"email": "pat@example.com"})
    body = outbox()[-1].get_body(preferencelist=("plain",)).get_content()
    assert "evil.example" not in body and "https://directory.example.org/account/reset/" in body


def test_an_untrusted_host_is_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["directory.example.org"])
    client = app.test_client()
    assert client.get("/", headers=FORGED).status_code == 400
    assert client.get("/", headers={"Host": "directory.example.org"}).status_code == 200


# --- finding 3: a request body is capped ----------------------------------------------------------


def test_a_large_post_is_refused_with_413_and_the_site_error_page(app, make_practitioner):
    listing = make_practitioner()
    client = app.test_client()
    body = "body=" + "x" * (2 * 1024 * 1024)
    response = client.post(
        f"/practitioners/{listing.slug}/reviews/new",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Too much data" in html and "MoveWell" in html


# --- finding 8: an IPv6 client is its /64 -----------------------------------------------------------


@pytest.mark.parametrize(
    "address, network",
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("not an address", None),
    ],
)
def test_client_network(address, network):
    from directory.clients import client_network

    assert client_network(address) == network


def test_rotating_ipv6_addresses_share_one_limit(app, make_user):
    make_user(email="pat@example.com")
    answers = []
    for n in range(1, 8):
        client = client_from(app, f"2001:db8:abcd:12::{n:x}")
        answers.append(
            submit(client, "/account/login", {"email": f"nobody{n}@example.com", "password": "wrong one"}).status_code
        )
    # The per-client limit on the login form is 10 a minute: the 11th try from the /64 is refused.
    for n in range(8, 12):
        client = client_from(app, f"2001:db8:abcd:12:{n:x}::1")
        answers.append(
            submit(client, "/account/login", {"email": f"nobody{n}@example.com", "password": "wrong one"}).status_code
        )
    assert answers[:10] == [200] * 10 and answers[10] == 429


def test_another_64_is_another_client(app):
    first = [client_from(app, f"2001:db8:abcd:12::{n:x}") for n in range(1, 12)]
    for n, client in enumerate(first):
        submit(client, "/account/login", {"email": f"x{n}@example.com", "password": "wrong one"})
    other = client_from(app, "2001:db8:abcd:13::1")
    assert submit(other, "/account/login", {"email": "y@example.com", "password": "wrong one"}).status_code == 200


# --- finding 9: control characters in addresses and query parameters --------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/practitioners/a%00b",
        "/practitioners/a%00b/reviews/new",
        "/search?near=Syd%00ney",
        "/search?q=%00",
        "/api/v1/practitioners?q=a%00b",
        "/api/v1/practitioners/x%00y",
        "/api/v1/places?q=Syd%00",
        "/account/login?next=%00",
        "/admin?page=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_clear_400(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] in ("invalid_input", "invalid_parameter")
    else:
        assert "control characters" in response.get_data(as_text=True)


def test_newline_and_tab_pass_the_query_check(app):
    assert app.test_client().get("/account/login?next=/a%09b").status_code == 200


def test_a_practitioner_slug_with_a_nul_byte_reaches_no_database(app, make_practitioner, count_queries):
    make_practitioner()
    with count_queries() as statements:
        app.test_client().get("/practitioners/x%00")
    assert not [s for s in statements if "practitioners.slug" in s]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Practitioner.id))) == 1


# --- the database unavailable: 503 with Retry-After, never a 500 (make faults causes it for real) -----


@pytest.fixture
def database_down(app, monkeypatch):
    def fail(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT …", {}, Exception("database is locked"))

    monkeypatch.setattr("directory.listings.views.get_listing", fail)
    monkeypatch.setattr("directory.api.views.get_practitioner", fail)


def test_an_unavailable_database_is_a_friendly_503_with_retry_after(app, database_down, make_practitioner, make_user):
    listing = make_practitioner()
    client = app.test_client()
    from tests.helpers import login_as

    login_as(client, make_user())
    response = client.get(f"/practitioners/{listing.slug}")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Back soon" in response.get_data(as_text=True)
    api = client.get(f"/api/v1/practitioners/{listing.slug}")
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.get_json()["error"]["code"] == "database_unavailable"


def test_retry_after_is_sent_only_where_it_means_something(app, make_practitioner):
    listing = make_practitioner()
    response = app.test_client().get(f"/api/v1/practitioners/{listing.slug}")
    assert response.status_code == 200 and "Retry-After" not in response.headers


def test_ownership_emails_from_the_admin_follow_base_url(based, make_practitioner, make_user, set_owner, outbox):
    from tests.helpers import login_as, page_token

    listing = make_practitioner()
    owner, newcomer = make_user(), make_user()
    set_owner(listing, owner)
    client = based.test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"
    login_as(client, make_user(admin=True))
    page = f"/admin/listings/{listing.slug}/ownership"
    response = client.post(
        page + "/transfer",
        data={"csrf_token": page_token(client, page), "email": newcomer.email, "reason": "Asked by the practice."},
    )
    assert response.status_code == 302
    bodies = [m.get_body(preferencelist=("plain",)).get_content() for m in outbox()]
    assert len(bodies) == 2
    assert all("evil.example" not in b and "https://directory.example.org/practitioners/" in b for b in bodies)
