"""Password rules and hashing: at least 12 characters, not a common password, argon2id."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 is slow by design; do not hash megabytes someone posted
_COMMON = Path(__file__).parent / "data" / "common-passwords.txt.gz"
# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile. When they change,
# check_needs_rehash() says so and the next successful login stores a fresh hash.
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when there is no account, so timing does not reveal which it was.
    Made at the first password check of the process (whether or not the account exists), not at
    import: hashing takes argon2's 64 MiB and about 0.1 s, which a process that never checks a
    password (a worker serving only searches, a CLI command) should not pay."""
    return _hasher.hash("no account has this password, it only spends the time")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(_COMMON, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip())


def _repeats_common(password: str, common: frozenset[str]) -> bool:
    """ "passwordpassword", "dragondragondragon": a common word said again is still common."""
    for times in range(2, 5):
        size, rest = divmod(len(password), times)
        if not rest and password[:size] * times == password and password[:size] in common:
            return True
    return False


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why this password is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.lower()
    common = common_passwords()
    # "password1234" is "password" with digits added: as guessable as the word itself.
    core = re.sub(r"[\d\W_]+$", "", re.sub(r"^[\d\W_]+", "", lowered))
    if (
        lowered in common
        or core in common
        or len(set(lowered)) < 4
        or lowered.isdigit()
        or _repeats_common(lowered, common)
    ):
        return "This password is too common or too easy to guess. Choose another, e.g. a few unrelated words."
    if email and email.split("@")[0].lower() in lowered and len(email.split("@")[0]) >= 4:
        return "Do not use your e-mail address in your password."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. With no hash (no account) the same work is done."""
    if len(password) > MAX_LENGTH:
        return False
    dummy = _dummy_hash()  # made here for every first check, so the first one tells nothing either
    try:
        return _hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
