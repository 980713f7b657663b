"""With a tile service set (MAP_TILE_URL), the maps' tiles load from it, the Content Security
Policy lets them in, and nothing else leaves the site; the tile service here is a second local
server on another port, so the policy is really tested across origins."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from directory import create_app
from tests.e2e.conftest import SIZES
from tests.helpers import serve

pytestmark = pytest.mark.browser

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class _Tiles(BaseHTTPRequestHandler):
    served: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        _Tiles.served.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def tile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Tiles.served = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def tiled_site(session_app, tile_server):
    keys = ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "OUTBOX_DIR", "GEOCODER")
    app = create_app(
        {
            **{key: session_app.config[key] for key in keys},
            "MAP_TILE_URL": tile_server + "/{z}/{x}/{y}.png",
            "MAP_TILE_ATTRIBUTION": "© Test Tiles",
            "MAP_TILE_MAX_ZOOM": 17,
        }
    )
    with serve(app) as url:
        yield url
    with app.app_context():
        from directory.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_tiles_load_from_the_tile_service_the_operator_set(browser, tiled_site, tile_server, size, make_practitioner):
    listing = make_practitioner(
        name="Tia Tiles", lat=-37.8004, lng=144.9745, practice={"suburb": "Fitzroy", "state": "VIC", "postcode": "3065"}
    )
    width, height = SIZES[size]
    context = browser.new_context(base_url=tiled_site, viewport={"width": width, "height": height})
    outside: list[str] = []
    blocked: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(tiled_site) or url.startswith(tile_server):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    for path, map_id in (
        (f"/practitioners/{listing.slug}", "#listing-map"),
        ("/search?near=Fitzroy+VIC", "#results-map"),
    ):
        _Tiles.served = []
        page.goto(path)
        tiles = page.locator(f"{map_id} img.leaflet-tile-loaded")
        expect(tiles.first).to_be_visible()
        assert _Tiles.served and all(p.endswith(".png") for p in _Tiles.served), path
        expect(page.locator(f"{map_id} .leaflet-control-attribution")).to_contain_text("© Test Tiles")
    context.close()
    assert not outside and not blocked, (outside, blocked)
