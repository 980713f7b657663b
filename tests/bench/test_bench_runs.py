"""`make bench` keeps working: the whole harness on a tiny data set, on SQLite and PostgreSQL, in
a process of its own (as `make bench` runs it), without the served part (wrk is not on every CI
machine). It checks that a report is written with every section; it asserts no timing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import statements

ROOT = Path(__file__).resolve().parents[2]


def test_bench_runs_end_to_end_on_a_tiny_data_set(tmp_path):
    postgres = os.environ.get("TEST_DATABASE_URL")
    if not postgres and os.environ.get("REQUIRE_POSTGRES") != "1":
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    out = tmp_path / "benchmarks.md"
    command = [
        sys.executable,
        "-m",
        "bench",
        "--practitioners",
        "300",
        "--reviews",
        "900",
        "--queries",
        "40",
        "--runs",
        "1",
        "--repeat",
        "2",
        "--import-rows",
        "200",
        "--skip",
        "serve",
        "--postgres",
        postgres,
        "--out",
        str(out),
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=os.environ | {"BENCH_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = out.read_text()
    for heading in ("## Targets (issue 9)", "## SQLite", "## PostgreSQL", "mixed queries", "import-practitioners"):
        assert heading in report, heading
    assert "listing with 2,000 reviews" in report


@pytest.mark.parametrize(("count", "said"), [(1, "1 SQL statement"), (2, "2 SQL statements")])
def test_the_report_counts_statements_in_english(count, said):
    assert statements(count) == said
