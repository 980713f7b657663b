"""Browser fixtures: the app served from a thread, driven by Debian's Chromium via Playwright.

Without /usr/bin/chromium these tests are skipped with a reason, unless REQUIRE_BROWSER=1,
which makes that a failure. `playwright install` is never used (it downloads browsers).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import _skip_or_fail
from tests.e2e.axe import describe, run_axe
from tests.helpers import serve

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
    with serve(app) as url:
        yield url


# Every journey runs at both sizes: a laptop and a phone (CSS pixels).
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=sorted(SIZES))
def size(request) -> str:
    return request.param


@pytest.fixture
def page(browser, live_server, size):
    width, height = SIZES[size]
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    # Nothing outside the test server may be reached (map tiles included): every other request is
    # refused and recorded, and the test fails if there was one.
    outside: list[str] = []

    def route(route):
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not outside, f"requests left the machine: {outside}"


@pytest.fixture
def axe(report_figure, size):
    """``axe(page, name)``: run the vendored axe-core on the page as it is (WCAG 2.0, 2.1 and 2.2
    A and AA rules) and fail on any serious or critical violation. Counts go to the summary."""

    def check(page, name: str) -> None:
        violations = run_axe(page)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        report_figure(f"axe serious/critical, {name}, {size}", sum(len(v["nodes"]) for v in serious))
        assert not serious, describe(serious)

    return check
