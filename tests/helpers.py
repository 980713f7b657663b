"""What every feature's tests share: posting forms as a browser does (CSRF on), signing in, reading
what was mailed, and storing rows built by the fixtures in ``conftest.py``."""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer
from werkzeug.serving import make_server

from directory.extensions import db
from directory.geo.distance import EARTH_RADIUS_KM
from directory.practitioners.models import Practitioner

# Known centres (CBD or suburb centre) of the capitals' postcodes, for "within a few km" checks.
CAPITAL_CENTRES = {
    "2000": (-33.8688, 151.2093),
    "3000": (-37.8136, 144.9631),
    "4000": (-27.4698, 153.0251),
    "5000": (-34.9285, 138.6007),
    "6000": (-31.9523, 115.8613),
    "7000": (-42.8821, 147.3272),
    "0800": (-12.4634, 130.8456),
    "2601": (-35.2809, 149.1300),
}

# Search parameters that the search page and the API refuse, with the field each error names.
BAD_SEARCH_PARAMETERS = [
    ("lat=999&lng=151", "lat"),
    ("near=2000&radius_km=-5", "radius_km"),
    ("near=2000&radius_km=100000", "radius_km"),
    ("profession=dentist", "profession"),
    ("page=-1", "page"),
    ("per_page=100000", "per_page"),
    ("sort=DROP%20TABLE", "sort"),
    ("sort=DROP TABLE practitioners;--", "sort"),
    ("min_rating=abc", "min_rating"),
]

# The hidden input, with its attributes in either order.
_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')
_LINK = re.compile(r"https?://\S+")


# --- forms --------------------------------------------------------------------------------------


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on the page."""
    match = _CSRF.search(html)
    assert match, "no csrf_token input on the page"
    return match.group(1) or match.group(2)


def page_token(client, path: str) -> str:
    """GET ``path`` (it must answer 200) and return the CSRF token of its first form."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return csrf_token(response.get_data(as_text=True))


def session_csrf_token(client) -> str:
    """A valid token for the client's session when the page in hand has no form (as Flask-WTF makes one)."""
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", hashlib.sha1(os.urandom(64)).hexdigest())
    return URLSafeTimedSerializer(client.application.secret_key, salt="wtf-csrf-token").dumps(raw)


def submit(client, url: str, data: dict | None = None, *, page: str | None = None, follow: bool = False):
    """GET ``page`` (default ``url``), then POST ``data`` with that page's CSRF token to ``url``."""
    payload = {"csrf_token": page_token(client, page or url)} | (data or {})
    return client.post(url, data=payload, follow_redirects=follow)


def without_csrf(html: str) -> str:
    """The page with every CSRF token value blanked, for comparing two answers."""
    return _CSRF.sub(lambda m: m.group(0).replace(m.group(1) or m.group(2), "TOKEN"), html)


# --- who is asking --------------------------------------------------------------------------------


def login_as(client, user) -> None:
    """Put ``user`` in the client's session the way Flask-Login does, without the login form."""
    with client.session_transaction() as session:
        session["_user_id"] = user.session_id
        session["_fresh"] = True


def log_in(client, email: str, password: str, next: str | None = None, follow: bool = False):
    """Submit the login form (with ``?next=`` when given)."""
    url = "/account/login" + (f"?{urlencode({'next': next})}" if next is not None else "")
    return submit(client, url, {"email": email, "password": password}, follow=follow)


def client_from(app, address: str):
    """A test client whose requests come from ``address`` (what Flask-Limiter keys on by default)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


# --- what was mailed ------------------------------------------------------------------------------


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage, contains: str) -> str:
    """The path (and query) of the first link in an e-mail whose address contains ``contains``,
    e.g. ``link_in(message, "/account/confirm/")``."""
    body = body_of(message)
    for url in _LINK.findall(body):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if contains in path:
            return path
    raise AssertionError(f"no link with {contains!r} in: {body}")


def code_in(message: EmailMessage) -> str:
    """The 6-digit code on a line of its own in an e-mail."""
    match = re.search(r"^\s+(\d{6})\s*$", body_of(message), re.M)
    assert match, "no code in the message"
    return match.group(1)


def mails_to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == address]


# --- storing what builders make ---------------------------------------------------------------------


def store(app, row) -> int:
    """Add ``row`` in its own app context, commit, and return its id."""
    with app.app_context():
        db.session.add(row)
        db.session.commit()
        row_id = row.id
        db.session.remove()
    return row_id


def scalar(app, statement):
    """The value of one SQL statement, read in its own app context."""
    with app.app_context():
        value = db.session.scalar(statement)
        db.session.remove()
    return value


def owner_of(app, practitioner) -> int | None:
    """The id of the account that owns the listing, or None."""
    return scalar(app, sa.select(Practitioner.owner_id).where(Practitioner.id == practitioner.id))


# --- a real server over HTTP ---------------------------------------------------------------------


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve ``app`` from a thread (werkzeug, one thread per request) on a free port of 127.0.0.1;
    yields its base URL. Requests then go through a real socket, as a browser's or a tool's do."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def point_at(lat: float, lng: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lng) along ``bearing`` (radians) on the sphere."""
    d = km / EARTH_RADIUS_KM
    phi1, lmb1 = math.radians(lat), math.radians(lng)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(bearing))
    lmb2 = lmb1 + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lmb2)


def join_practice(app, practitioner, practice_id: int) -> None:
    """Move ``practitioner`` to the practice ``practice_id`` (a colleague joining, as an import may
    do), straight in the database."""
    with app.app_context():
        db.session.execute(
            sa.update(Practitioner).where(Practitioner.id == practitioner.id).values(practice_id=practice_id)
        )
        db.session.commit()
        db.session.remove()


def two_transactions_at_once(app, first, second) -> None:
    """``first`` writes and holds its transaction open while ``second`` writes in another; then
    both commit (``second`` waits for ``first`` where the database makes it)."""
    started, waiting = threading.Event(), threading.Event()

    def run_first() -> None:
        with app.app_context():
            first()
            db.session.flush()  # written and locked, not committed
            started.set()
            waiting.wait(5)
            time.sleep(0.3)  # the other transaction is writing meanwhile
            db.session.commit()
            db.session.remove()

    def run_second() -> None:
        started.wait(5)
        with app.app_context():
            waiting.set()
            second()
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
