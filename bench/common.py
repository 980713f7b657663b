"""What every part of the bench shares: the machine, the statistics, the settings of a bench app."""

from __future__ import annotations

import hashlib
import os
import platform
import sqlite3
import statistics
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the data sets and logs go (BENCH_DIR in the environment: elsewhere, e.g. a test's tmp dir).
BENCH_DIR = Path(os.environ.get("BENCH_DIR") or ROOT / "instance" / "bench")

# The site as it runs, but with an API limit no benchmark reaches: the limiter still does its work
# on every request (it is part of the cost), and never refuses one.
BENCH_SETTINGS = {
    "SECRET_KEY": "bench",
    "API_RATE_LIMIT": "100000000 per minute",
    "RATELIMIT_STORAGE_URI": "memory://",
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} × {cpu}{memory}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass(frozen=True)
class Latency:
    """Percentiles of one set of samples, in milliseconds."""

    p50: float
    p95: float
    p99: float
    count: int

    @classmethod
    def of(cls, samples_ms: list[float]) -> Latency:
        return cls(
            statistics.median(samples_ms), percentile(samples_ms, 95), percentile(samples_ms, 99), len(samples_ms)
        )


@dataclass(frozen=True)
class Spread:
    """The median of repeated runs' figures, with the lowest and the highest."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values))

    def show(self, digits: int = 1) -> str:
        if self.low == self.high:
            return f"{self.median:.{digits}f}"
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}–{self.high:.{digits}f})"


def data_version() -> str:
    """Eight hex digits naming the demo data the code makes: a change to the generator gives a new
    bench database instead of figures measured on data the code no longer makes."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "directory" / "demo").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]
