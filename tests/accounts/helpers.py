"""Submitting forms as a browser does: fetch the page, read its CSRF token, post it back."""

from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import urlencode

_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on the page."""
    match = _CSRF.search(html)
    assert match, "no csrf_token input on the page"
    return match.group(1) or match.group(2)


def submit(client, url: str, data: dict | None = None, *, page: str | None = None, follow: bool = False):
    """GET ``page`` (default ``url``), then POST ``data`` with that page's CSRF token to ``url``."""
    form_page = client.get(page or url)
    assert form_page.status_code == 200, (page or url, form_page.status_code)
    payload = {"csrf_token": csrf_token(form_page.get_data(as_text=True))} | (data or {})
    return client.post(url, data=payload, follow_redirects=follow)


def without_csrf(html: str) -> str:
    """The page with every CSRF token value blanked, for comparing two answers."""
    return _CSRF.sub(lambda m: m.group(0).replace(m.group(1) or m.group(2), "TOKEN"), html)


def link_in(message: EmailMessage, path: str) -> str:
    """The path (from ``path`` on) of the link in an e-mail, e.g. link_in(m, "/account/confirm/")."""
    body = message.get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(path) + r"[^\s]+)", body)
    assert match, f"no {path} link in: {body}"
    return match.group(1)


def mails_to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == address]


def log_in(client, email: str, password: str, next: str | None = None, follow: bool = False):
    """Submit the login form (with ``?next=`` when given)."""
    url = "/account/login" + (f"?{urlencode({'next': next})}" if next is not None else "")
    return submit(client, url, {"email": email, "password": password}, follow=follow)


def client_from(app, address: str):
    """A test client whose requests come from ``address`` (what Flask-Limiter keys on by default)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client
