"""Secrets derived from SECRET_KEY: signed, expiring tokens for links in e-mails, and keyed hashes.

Single use of a token is each caller's job: put something in the payload that changes once the
token has been used (and check it when reading). Services call these helpers rather than reading
the secret key themselves.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from directory.errors import InvalidInput


class InvalidToken(InvalidInput):
    """A link's token is malformed, tampered with, expired, or already used."""


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` for ``purpose``, keyed with SECRET_KEY (hex): comparable with
    another keyed hash of the same value, useless to anyone without the key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"movewell.{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int) -> dict:
    """The payload of a token made for ``purpose``. Raises InvalidToken when bad or expired."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        raise InvalidToken("This link has expired. Ask for a new one.") from None
    except BadSignature:
        raise InvalidToken("This link is not valid. Check that you copied all of it.") from None
    if not isinstance(payload, dict):
        raise InvalidToken("This link is not valid.")
    return payload
