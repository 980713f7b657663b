"""Helpers for posting forms as a browser does (CSRF on) and reading what was mailed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no csrf_token hidden input on the page"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict | None = None, form_url: str | None = None, **kwargs):
    """GET the page with the form (``form_url``, default ``url``), then POST ``data`` with its token."""
    page = client.get(form_url or url)
    assert page.status_code == 200, (page.status_code, form_url or url)
    payload = {"csrf_token": csrf_token(page.get_data(as_text=True))} | (data or {})
    return client.post(url, data=payload, **kwargs)


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def code_from(outbox) -> str:
    """The 6-digit code in the newest message."""
    match = re.search(r"^\s+(\d{6})\s*$", body_of(outbox()[-1]), re.M)
    assert match, "no code in the last message"
    return match.group(1)


def link_from(outbox, contains: str) -> str:
    """The path of the first link containing ``contains`` in the newest message."""
    match = re.search(r"(https?://\S*" + re.escape(contains) + r"\S*)", body_of(outbox()[-1]))
    assert match, f"no link with {contains!r} in the last message"
    parts = urlsplit(match.group(1))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def session_csrf_token(client) -> str:
    """A valid token for the client's session when the page in hand has no form (as Flask-WTF makes one)."""
    import hashlib
    import os

    from itsdangerous import URLSafeTimedSerializer

    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", hashlib.sha1(os.urandom(64)).hexdigest())
    secret = client.application.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)
