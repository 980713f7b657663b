"""Map tiles come only from the tile service the operator set (MAP_TILE_URL); without one no page
names or asks another host (decision 0012)."""

from __future__ import annotations

import re

import pytest

from directory import create_app
from directory.config import ConfigError, load_config
from directory.core.hooks import content_security_policy, tile_origins

TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"


def test_without_a_tile_url_the_policy_and_pages_name_no_other_host(client, make_practitioner):
    listing = make_practitioner(
        lat=-37.8, lng=144.97, practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"}
    )
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy and "http" not in policy
    for path in (f"/practitioners/{listing.slug}", "/search?near=Fitzroy+VIC"):
        html = client.get(path).get_data(as_text=True)
        assert "openstreetmap" not in html
        assert 'data-tiles=""' in html or "data-tiles" not in html
    # No tiles: the listing has no map at all, and loads no map script.
    assert "leaflet" not in client.get(f"/practitioners/{listing.slug}").get_data(as_text=True)


def test_with_a_tile_url_the_policy_allows_that_service_only(session_app, make_practitioner):
    listing = make_practitioner()
    app = create_app(
        {
            **{k: session_app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "OUTBOX_DIR")},
            "SQLALCHEMY_ENGINE_OPTIONS": session_app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "MAP_TILE_URL": TILES,
            "MAP_TILE_ATTRIBUTION": "© Example Tiles",
        }
    )
    client = app.test_client()
    response = client.get(f"/practitioners/{listing.slug}")
    policy = response.headers["Content-Security-Policy"]
    img = re.search(r"img-src ([^;]+)", policy).group(1).split()
    assert img == [
        "'self'",
        "data:",
        "https://a.tiles.example.org",
        "https://b.tiles.example.org",
        "https://c.tiles.example.org",
    ]
    html = response.get_data(as_text=True)
    assert f'data-tiles="{TILES}"' in html and 'data-attribution="© Example Tiles"' in html
    assert "leaflet.js" in html
    assert "Map tiles: © Example Tiles." in html
    with app.app_context():
        from directory.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_tile_origins_and_policy():
    assert tile_origins("") == []
    assert tile_origins("https://tiles.example.org:8443/{z}/{x}/{y}.png?key=1") == ["https://tiles.example.org:8443"]
    assert "img-src 'self' data: https://t.example" in content_security_policy("https://t.example/{z}/{x}/{y}.png")


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MAP_TILE_URL": "https://t.example/tiles.png", "MAP_TILE_ATTRIBUTION": "x"}, "{z}"),
        ({"MAP_TILE_URL": "ftp://t.example/{z}/{x}/{y}.png", "MAP_TILE_ATTRIBUTION": "x"}, "https"),
        ({"MAP_TILE_URL": "https://t.example/{z}/{x}/{y}.png' ; script-src *", "MAP_TILE_ATTRIBUTION": "x"}, "https"),
        ({"MAP_TILE_URL": "https://t.example/{z}/{x}/{y}.png"}, "MAP_TILE_ATTRIBUTION"),
        ({"MAP_TILE_MAX_ZOOM": "99"}, "MAP_TILE_MAX_ZOOM"),
    ],
)
def test_bad_map_settings_refuse_to_start(tmp_path, monkeypatch, env, message):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(tmp_path)


def test_map_settings_default_to_no_tiles(tmp_path, monkeypatch):
    for key in ("MAP_TILE_URL", "MAP_TILE_ATTRIBUTION", "MAP_TILE_MAX_ZOOM"):
        monkeypatch.delenv(key, raising=False)
    config = load_config(tmp_path)
    assert (config["MAP_TILE_URL"], config["MAP_TILE_ATTRIBUTION"], config["MAP_TILE_MAX_ZOOM"]) == ("", "", 18)
