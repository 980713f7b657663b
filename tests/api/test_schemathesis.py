"""The API keeps its published contract: Schemathesis generates requests from /api/v1/openapi.json
(examples, coverage, fuzzing and stateful phases, every check) and sends them to a real server,
on SQLite and on PostgreSQL. Any failure is a difference between the document and the API.

``--max-examples`` bounds the time (40: about 700 cases, some 15 s a database). The seed is
fixed so CI is repeatable; set SCHEMATHESIS_SEED to explore other cases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import serve

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "40")
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261130")


@pytest.fixture
def api_with_data(app, make_practitioner, make_review, monkeypatch):
    """A few listings in two cities, with reviews, and a rate limit no generated run can reach."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000 per minute")
    for n in range(6):
        listing = make_practitioner(
            profession="physiotherapist" if n % 2 else "remedial-massage-therapist",
            lat=-33.8688 + n / 100 if n < 3 else -37.8136 + n / 100,
            lng=151.2093 if n < 3 else 144.9631,
            specialties=("sports-injuries",),
            payers=("private-health",),
        )
        for rating in (5, 4, 2)[: n % 3 + 1]:
            make_review(listing, rating=rating)
    return app


def test_the_api_keeps_its_published_contract(api_with_data, tmp_path):
    assert SCHEMATHESIS.exists(), "schemathesis is in requirements.txt"
    with serve(api_with_data) as base:
        result = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{base}/api/v1/openapi.json",
                "--url",
                f"{base}/api/v1",
                "--checks",
                "all",
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--max-examples",
                MAX_EXAMPLES,
                "--seed",
                SEED,
                "--no-color",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            env=os.environ | {"SCHEMATHESIS_HOOKS": ""},
        )
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    assert " passed" in summary and "failed" not in summary.split("SUMMARY")[-1].lower(), summary
