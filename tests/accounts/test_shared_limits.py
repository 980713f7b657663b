"""Rate limits held in Redis are shared by every process that serves the site.

Flask-Limiter's ``limiter`` is one object per Python process (directory.extensions), so two apps
created in this process would share its storage whatever the settings say. The honest check is the
production one: two separate processes (as gunicorn runs them), each with its own app and test
client, against one Redis. A control run with in-memory storage shows the limit is then *not* shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379"

# One process: its own app and test client; it posts wrong passwords for one address and prints
# the status codes.
CHILD = """
import json, re, sys
from directory import create_app
config, email, attempts = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
client = create_app(config).test_client()
statuses = []
for _ in range(attempts):
    page = client.get("/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "email": email, "password": "wrong guess 12345"}
    response = client.post("/account/login", data=data)
    statuses.append(response.status_code)
print(json.dumps(statuses))
"""


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"Redis at {REDIS_URL} is unreachable ({error}): shared rate-limit test skipped"
        if os.environ.get("REQUIRE_REDIS", "").strip() in {"1", "true", "yes"} or os.environ.get(
            "REQUIRE_POSTGRES", ""
        ).strip() in {"1", "true", "yes"}:
            pytest.fail(f"REQUIRE_REDIS/REQUIRE_POSTGRES is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return client


def _run(config: dict, email: str, attempts: int) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(config), email, str(attempts)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _config(app, storage_uri: str, prefix: str) -> dict:
    """The session app's database (and PostgreSQL schema), with the given rate-limit storage."""
    return {
        "TESTING": True,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        "OUTBOX_DIR": app.config["OUTBOX_DIR"],
        "GEOCODER": "offline",
        "RATELIMIT_STORAGE_URI": storage_uri,
        # Our own keys only, so that other test runs sharing this Redis are not disturbed.
        "RATELIMIT_KEY_PREFIX": prefix,
    }


def test_two_processes_share_one_login_limit_through_redis(app):
    redis_client = _redis_or_skip()
    prefix = f"movewell-test-{uuid.uuid4().hex[:12]}"
    email = f"{prefix}@example.com"
    config = _config(app, REDIS_URL, prefix)
    try:
        assert _run(config, email, 5) == [200] * 5  # first process spends the account's limit
        assert _run(config, email, 1) == [429]  # the second process is refused
        assert any(redis_client.scan_iter(match=f"*{prefix}*"))
    finally:
        for key in redis_client.scan_iter(match=f"*{prefix}*"):
            redis_client.delete(key)


def test_in_memory_limits_are_per_process(app):
    prefix = f"movewell-test-{uuid.uuid4().hex[:12]}"
    config = _config(app, "memory://", prefix)
    assert _run(config, f"{prefix}@example.com", 5) == [200] * 5
    assert _run(config, f"{prefix}@example.com", 1) == [200]  # why production needs Redis
