"""The site as visitors see it: `make audit` (Lighthouse on the home, search and listing pages,
scores written to docs/audit.md) and `make screenshots` (PNGs of the main pages at a laptop's and
a phone's size in docs/screenshots/, shown in the README).

Both serve the site with gunicorn on 127.0.0.1 (compression on, as deployed) over a SQLite
database of demo data made once in instance/showcase/ (`seed-demo --practitioners 2000 --seed 1`,
so the pages are the same from run to run), and drive Debian's Chromium. No tile service is set:
no page asks another host for anything, and the browser is told to refuse any such request.

    python scripts/showcase.py audit [--runs 3]
    python scripts/showcase.py screenshots
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "instance" / "showcase"
DATABASE = WORK / "showcase.sqlite3"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "audit" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
SEARCH = "/search?near=Surry+Hills+NSW+2010&radius_km=10"


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "SECRET_KEY": "showcase",
        "OUTBOX_DIR": str(WORK / "outbox"),
        "MAP_TILE_URL": "",
        "MAP_TILE_ATTRIBUTION": "",
    }


def prepare() -> None:
    """The demo database: upgraded every time, loaded and seeded once."""
    fresh = not DATABASE.exists()
    WORK.mkdir(parents=True, exist_ok=True)
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    commands = [["db", "upgrade"]]
    if fresh:
        commands += [["places", "load"], ["seed-demo", "--practitioners", "2000", "--seed", "1"]]
    for command in commands:
        subprocess.run(
            flask + command, cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve():
    """gunicorn on a free port of 127.0.0.1; yields its base URL; stops it afterwards."""
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def listing_path() -> str:
    """The demo listing with the most reviews (ties: the first by id): the same every run."""
    with sqlite3.connect(DATABASE) as connection:
        (slug,) = connection.execute(
            "SELECT slug FROM practitioners WHERE is_demo ORDER BY rating_count DESC, id LIMIT 1"
        ).fetchone()
    return f"/practitioners/{slug}"


# --- make audit -----------------------------------------------------------------------------


def _lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={output}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
        )
        return json.loads(output.read_text())


def audit(runs: int) -> None:
    prepare()
    pages = {"home": "/", "search": SEARCH, "listing": listing_path()}
    results: dict[str, list[dict]] = {name: [] for name in pages}
    with serve() as base:
        for name, path in pages.items():
            for _ in range(runs):
                results[name].append(_lighthouse(base + path))
    version = results["home"][0]["lighthouseVersion"]
    chrome = results["home"][0]["environment"]["hostUserAgent"]
    lines = [
        "# Lighthouse audit",
        "",
        f"Written by `make audit` (`scripts/showcase.py`) on {time.strftime('%Y-%m-%d')}: Lighthouse {version}",
        "(npm, pinned in "
        "`audit/package-lock.json`), its default mobile profile (simulated slow 4G, a mid-range phone), Debian's",
        f"Chromium (`{chrome}`), gunicorn with 2 workers on 127.0.0.1 serving 2,000 demo practitioners",
        f"(`seed-demo --seed 1`), responses gzipped by the app, no tile service. Each page ran {runs} times; the",
        "median score of each category is shown (0–100). Bytes: everything the page transferred, compressed.",
        "",
        "| page | address | performance | accessibility | best practices | SEO | transferred | LCP |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, path in pages.items():
        reports = results[name]
        scores = [round(statistics.median(r["categories"][c]["score"] * 100 for r in reports)) for c in CATEGORIES]
        transferred = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
        lcp = statistics.median(r["audits"]["largest-contentful-paint"]["numericValue"] for r in reports)
        cells = " | ".join(str(s) for s in scores)
        lines.append(f"| {name} | `{path}` | {cells} | {transferred / 1024:.1f} KB | {lcp / 1000:.1f} s |")
    lines += [
        "",
        "The search page draws its map as a plan (no tile service set), so nothing is left to load after",
        "what is counted above; with a tile service, tiles come on top.",
        "",
    ]
    (ROOT / "docs" / "audit.md").write_text("\n".join(lines))
    print("\n".join(lines))


# --- make screenshots -------------------------------------------------------------------------

SHOTS = (
    ("home", "/", False),
    ("search", SEARCH, False),
    ("search-by-need", "/search?near=back+pain+Fitzroy+VIC", False),
    ("listing", None, False),
    ("landing", "/physiotherapists/melbourne-vic", False),
    ("guide", "/guide/remedial-massage-vs-physiotherapy", False),
)


def screenshots() -> None:
    from playwright.sync_api import sync_playwright

    prepare()
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with serve() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split()[1:])
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            context.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort()
            )
            page = context.new_page()
            for name, path, full in SHOTS:
                page.goto(base + (path or listing_path()))
                page.wait_for_load_state("networkidle")
                out = target / f"{name}-{size}.png"
                page.screenshot(path=str(out), full_page=full)
                print(out.relative_to(ROOT))
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("audit", "screenshots"))
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is kept)")
    args = parser.parse_args()
    if args.what == "audit":
        audit(args.runs)
    else:
        screenshots()


if __name__ == "__main__":
    main()
