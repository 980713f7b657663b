"""Pages served by gunicorn (2 sync workers) and loaded by wrk (16 connections) from a second
process: the search page for a dense Sydney suburb at 10 km, against the bench-only bare page and
the same page in the site's layout, in the same run; then the peak memory of each worker."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import BENCH_DIR, ROOT, Spread
from bench.data import Target

SEARCH_PAGE = "/search?near=Surry+Hills+NSW+2010&radius_km=10"
PAGES = {"bare": "/bench/bare", "layout": "/bench/layout", "search": SEARCH_PAGE}
WORKERS = 2
CONNECTIONS = 16


@dataclass
class Served:
    """Requests per second of each page in each round, and the workers' peak memory."""

    rounds: list[dict[str, float]] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    latency_p99_ms: dict[str, list[float]] = field(default_factory=dict)

    def rate(self, page: str) -> Spread:
        return Spread.of([r[page] for r in self.rounds])

    def ratio(self, page: str, other: str) -> Spread:
        return Spread.of([r[page] / r[other] for r in self.rounds])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see {log}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within 60 s: see {log}")


def _wrk(url: str, seconds: int) -> tuple[float, float]:
    """Requests per second and the 99th percentile latency (ms) of one wrk run."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw failed requests on {url}:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rate, p99


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", text, re.MULTILINE):
            found.append(int(status.parent.name))
    return found


def _peak_rss_mb(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE).group(1)) / 1024


def serve_and_load(target: Target, runs: int, seconds: int) -> Served:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk); `make bench` installs it")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = BENCH_DIR / f"gunicorn-{target.label.lower()}.log"
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": target.url_with_schema,
        "APP_ENV": "production",
        "SECRET_KEY": "bench-only-secret-key",
        "BASE_URL": base,
        "TRUSTED_HOSTS": "127.0.0.1",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(gunicorn), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "bench.site:create()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(base, process, log)
        for path in PAGES.values():
            _wrk(base + path, 3)  # warm: both workers, every cache
        served = Served()
        for _ in range(runs):
            rates = {}
            for page, path in PAGES.items():
                rates[page], p99 = _wrk(base + path, seconds)
                served.latency_p99_ms.setdefault(page, []).append(p99)
            served.rounds.append(rates)
        served.peak_rss_mb = [_peak_rss_mb(pid) for pid in _children(process.pid)]
        return served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
