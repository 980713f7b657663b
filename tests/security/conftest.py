"""The security suite: attacks sent over HTTP to a real server (werkzeug, serving from a thread on
127.0.0.1) in front of the real database, SQLite and PostgreSQL. Each case reads the database
before and after: an attack that is refused must leave every table as it was."""

from __future__ import annotations

import re
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import sqlalchemy as sa
from werkzeug.middleware.proxy_fix import ProxyFix

from directory.backups import fingerprint
from directory.extensions import db
from tests.conftest import KEEP_TABLES
from tests.helpers import csrf_token, serve

PASSWORD = "correct horse battery staple"

# One string for every sink: it breaks out of text, attributes, scripts and JSON if anything
# writes it unescaped.
XSS = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>{{7*7}}</textarea></script>"
XSS_MARKERS = ("<script>alert(1)", "<img src=x onerror", "onerror=alert(2)>")


class Browser(requests.Session):
    """A visitor: cookies kept, redirects not followed, every path relative to the server."""

    def __init__(self, base: str, forwarded_for: str | None = None) -> None:
        super().__init__()
        self.base = base
        if forwarded_for:
            self.headers["X-Forwarded-For"] = forwarded_for

    def request(self, method, url, *args, **kwargs):
        kwargs["allow_redirects"] = False  # Session.get would follow them

        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base + url if url.startswith("/") else url, *args, **kwargs)

    def token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return csrf_token(page.text)

    def submit(self, path: str, data: dict | None = None, page: str | None = None) -> requests.Response:
        return self.post(path, data={"csrf_token": self.token(page or path)} | (data or {}))

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        response = self.submit("/account/login", {"email": email, "password": password})
        assert response.status_code == 302, response.text[:500]


class Site(SimpleNamespace):
    """The server under attack, with ways to look at its database and its outbox."""

    def browser(self, forwarded_for: str | None = None) -> Browser:
        return Browser(self.base, forwarded_for)

    def snapshot(self) -> dict:
        """Every table's row count and checksum."""
        # The gazetteer and the reference rows never change; reading them each time is slow.
        tables = [t for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
        with self.app.app_context(), db.engine.connect() as connection:
            result = fingerprint(connection, sa.MetaData(), tables=tables)
        return result

    def scalar(self, statement):
        with self.app.app_context():
            value = db.session.scalar(statement)
            db.session.remove()
        return value

    def mails(self, wait_for: int = 0) -> list[str]:
        """The e-mails written so far (raw text), oldest first; waits up to 5 s for ``wait_for`` of them
        (mail can leave after the response)."""
        outbox = Path(self.app.config["OUTBOX_DIR"])
        deadline = time.monotonic() + 5
        while True:
            found = [_readable(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]
            if len(found) >= wait_for or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def link(self, mail: str, contains: str) -> str:
        for url in re.findall(r"https?://\S+", mail):
            path = "/" + url.split("/", 3)[3]
            if contains in path:
                return path
        raise AssertionError(f"no link with {contains!r}")


def _readable(raw: bytes) -> str:
    """An e-mail as a person reads it: its headers (decoded) and its plain-text body."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    return headers + "\n" + message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def site(app, monkeypatch):
    # Many requests come from 127.0.0.1 in a short time: the per-client limits stay as they are
    # unless a case gives each visitor an address of its own (X-Forwarded-For, one proxy trusted).
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1))
    with serve(app) as base:
        yield Site(app=app, base=base)


@pytest.fixture
def people(app, make_practitioner, make_user, set_owner, make_review):
    """Two listings at two practices, their owners, a stranger, an administrator, a published review."""
    mine = make_practitioner(practice={"email": "desk@mine.example.com"})
    theirs = make_practitioner(practice={"email": "desk@theirs.example.com"})
    owner, other_owner = make_user(email="owner@example.com"), make_user(email="other@example.com")
    stranger, admin = make_user(email="stranger@example.com"), make_user(email="admin@example.org", admin=True)
    set_owner(mine, owner)
    set_owner(theirs, other_owner)
    review_id = make_review(theirs)
    return SimpleNamespace(
        mine=mine,
        theirs=theirs,
        owner=owner,
        other_owner=other_owner,
        stranger=stranger,
        admin=admin,
        review_id=review_id,
    )


def count(site, model) -> int:
    return site.scalar(sa.select(sa.func.count()).select_from(model))
