"""Browser fixtures: the app served from a thread, driven by Debian's Chromium via Playwright.

Without /usr/bin/chromium these tests are skipped with a reason, unless REQUIRE_BROWSER=1,
which makes that a failure. `playwright install` is never used (it downloads browsers).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import _skip_or_fail

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _skip_or_fail("REQUIRE_BROWSER", f"Chromium not found at {CHROMIUM}: browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        _skip_or_fail("REQUIRE_BROWSER", "playwright is not installed: browser tests skipped")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server)
    # Nothing outside the test server may be reached (map tiles included).
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(live_server) else route.abort()
    )
    page = context.new_page()
    yield page
    context.close()
