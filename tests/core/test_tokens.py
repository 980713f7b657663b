"""Keyed hashes: values stored before the helper existed (claim codes, client keys) still match."""

from __future__ import annotations

import hashlib
import hmac

from directory.tokens import keyed_hash


def test_keyed_hash_is_the_hmac_that_stored_values_were_made_with(app):
    with app.app_context():
        key = app.config["SECRET_KEY"].encode()
        assert keyed_hash("claim", "12:345678") == hmac.new(key, b"claim:12:345678", hashlib.sha256).hexdigest()
        assert keyed_hash("client", "203.0.113.9") != keyed_hash("claim", "203.0.113.9")
