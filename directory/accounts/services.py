"""Account rules: registering, confirming, signing in, resetting the password, changing the e-mail.

Plain functions with explicit arguments. They change state and ``flush``; the caller (a view or a
CLI command) commits once and sends any e-mail after the commit. Links in e-mails carry signed,
expiring tokens (directory.tokens); each reader below also checks something that changes once the
link has been used, which makes every link single use.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import Session

from directory.accounts import passwords
from directory.accounts.models import User
from directory.errors import Conflict, InvalidInput
from directory.tokens import InvalidToken, make_token, read_token

CONFIRM_PURPOSE = "confirm-email"
RESET_PURPOSE = "reset-password"
CHANGE_EMAIL_PURPOSE = "change-email"
CONFIRM_MAX_AGE = 48 * 3600
RESET_MAX_AGE = 3600
CHANGE_EMAIL_MAX_AGE = 48 * 3600
EMAIL_MAX_LENGTH = 254

USED_LINK = "This link has already been used or is no longer valid. Ask for a new one."


class InvalidEmail(InvalidInput):
    """Not an e-mail address we can store and send to."""


class PasswordRejected(InvalidInput):
    """The new password breaks the password rules."""


class WrongPassword(InvalidInput):
    """The current password given does not match."""


class EmailTaken(Conflict):
    """Another account has this address."""


def _now() -> datetime:
    return datetime.now(UTC)


@lru_cache(maxsize=4096)  # the same addresses come again (an import file's practices, logins)
def normalise_email(raw: str) -> str:
    """The address as we store, compare and key it: the one rule for e-mail addresses.

    Compatibility forms are folded first (NFKC: full-width letters, ligatures), then the address
    is checked for form (not deliverability), international domain names are turned into their
    ASCII (IDNA) form and the whole is lower-cased. Addresses with a non-ASCII local part are
    refused (we send plain SMTP). The result is plain ASCII, so Python and any database agree on
    it and two spellings of one mailbox give one string. Raises InvalidEmail. The answers for the
    most recent 4,096 addresses are remembered (checking one takes about 0.1 ms).
    """
    candidate = unicodedata.normalize("NFKC", raw or "").strip()
    if len(candidate) > EMAIL_MAX_LENGTH:
        raise InvalidEmail("This e-mail address is too long.", field="email")
    try:
        result = validate_email(candidate, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise InvalidEmail(f"Enter a valid e-mail address. {error}", field="email") from None
    email = (result.ascii_email or result.normalized).lower()
    if len(email) > EMAIL_MAX_LENGTH:
        raise InvalidEmail("This e-mail address is too long.", field="email")
    if not email.isascii():
        raise InvalidEmail("Enter a valid e-mail address.", field="email")
    return email


def lookup_key(raw: str | None) -> str:
    """A typed address as lookups and per-address rate limits key it: ``normalise_email``'s form
    when it is a valid address (so every spelling of one mailbox shares one key), otherwise the
    text trimmed and lower-cased (it matches no stored address)."""
    try:
        return normalise_email(raw or "")
    except InvalidEmail:
        return unicodedata.normalize("NFKC", raw or "").strip().lower()[:EMAIL_MAX_LENGTH]


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == lookup_key(email)))


# --- registering and confirming ---------------------------------------------------------------


@dataclass
class Registration:
    user: User
    created: bool  # False: the address already had an account, and nothing was changed


def register_account(session: Session, email: str, password: str) -> Registration:
    """Create an unconfirmed account, or report the existing one for this address unchanged.

    Raises InvalidEmail or PasswordRejected. The password is hashed in both cases so that the
    answer takes as long whether or not the address is known. A concurrent registration of the
    same address surfaces as IntegrityError on flush; the caller rolls back.
    """
    email = normalise_email(email)
    problem = passwords.password_problem(password, email)
    if problem:
        raise PasswordRejected(problem, field="password")
    password_hash = passwords.hash_password(password)
    existing = find_user_by_email(session, email)
    if existing is not None:
        return Registration(existing, created=False)
    user = User(email=email, password_hash=password_hash)
    session.add(user)
    session.flush()
    return Registration(user, created=True)


def confirmation_token(user: User) -> str:
    return make_token(CONFIRM_PURPOSE, {"uid": user.id, "email": user.email})


def user_for_confirmation(session: Session, token: str) -> User:
    """The account a confirmation link is for. Raises InvalidToken when bad, expired or used."""
    payload = read_token(CONFIRM_PURPOSE, token, CONFIRM_MAX_AGE)
    user = session.get(User, payload.get("uid")) if isinstance(payload.get("uid"), int) else None
    if user is None or user.email != payload.get("email") or user.email_confirmed:
        raise InvalidToken(USED_LINK)
    return user


def confirm_email(session: Session, token: str) -> User:
    """Mark the address confirmed. Raises InvalidToken (a used link fails: already confirmed)."""
    user = user_for_confirmation(session, token)
    user.email_confirmed_at = _now()
    session.flush()
    return user


def user_for_resend(session: Session, email: str) -> User | None:
    """The unconfirmed account with this address, or None (the caller answers the same either way)."""
    user = find_user_by_email(session, email)
    return user if user is not None and not user.email_confirmed else None


# --- signing in and out -----------------------------------------------------------------------


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The account when the password is right, else None (unknown address or wrong password).

    Spends the same time either way. On success stores a fresh hash when the hashing parameters
    have changed, and records the login time.
    """
    user = find_user_by_email(session, email)
    if not passwords.verify_password(user.password_hash if user else None, password):
        return None
    assert user is not None  # verify_password is never True without a hash
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = _now()
    session.flush()
    return user


def logout_everywhere(session: Session, user: User) -> None:
    """End every session of this account: the session id names the version, which moves on."""
    user.session_version = (user.session_version or 1) + 1
    session.flush()


# --- password reset ---------------------------------------------------------------------------


def _password_fingerprint(user: User) -> str:
    # A digest of the current hash and address rather than a piece of either: the link changes
    # nothing once the password or the e-mail address has changed, and carries neither.
    return hashlib.sha256(f"{user.password_hash}\0{user.email}".encode()).hexdigest()[:16]


def request_password_reset(session: Session, email: str) -> User | None:
    """The account to send a reset link to, or None. Changes nothing."""
    return find_user_by_email(session, email)


def password_reset_token(user: User) -> str:
    return make_token(RESET_PURPOSE, {"uid": user.id, "fp": _password_fingerprint(user)})


def user_for_password_reset(session: Session, token: str) -> User:
    """The account a reset link is for. Raises InvalidToken when bad, expired or used."""
    payload = read_token(RESET_PURPOSE, token, RESET_MAX_AGE)
    user = session.get(User, payload.get("uid")) if isinstance(payload.get("uid"), int) else None
    if user is None or payload.get("fp") != _password_fingerprint(user):
        raise InvalidToken(USED_LINK)
    return user


def reset_password(session: Session, token: str, new_password: str) -> User:
    """Set a new password from a reset link; ends every other session; confirms the address.

    Raises InvalidToken or PasswordRejected.
    """
    user = user_for_password_reset(session, token)
    problem = passwords.password_problem(new_password, user.email)
    if problem:
        raise PasswordRejected(problem, field="password")
    user.password_hash = passwords.hash_password(new_password)
    user.session_version = (user.session_version or 1) + 1
    if not user.email_confirmed:
        user.email_confirmed_at = _now()  # following the link proved control of the address
    session.flush()
    return user


# --- changing the e-mail address --------------------------------------------------------------


@dataclass
class EmailChange:
    user: User
    old_email: str
    new_email: str
    taken_by: User | None  # another account already has the new address: nothing was changed


def request_email_change(session: Session, user: User, new_email: str, current_password: str) -> EmailChange:
    """Remember ``new_email`` as pending until a link sent to it is followed.

    Raises WrongPassword, or InvalidEmail (also when it is already this account's address).
    When another account has the address, ``taken_by`` says so: the caller sends no link (the
    change can never be applied, confirm_email_change checks again) but answers exactly as if
    the address were free, and the pending address is recorded all the same so that the account
    page does not tell the difference either.
    """
    if not passwords.verify_password(user.password_hash, current_password):
        raise WrongPassword("That is not your current password.", field="password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise InvalidEmail("That is already your e-mail address.", field="email")
    owner = find_user_by_email(session, new_email)
    user.pending_email = new_email
    session.flush()
    return EmailChange(user, user.email, new_email, taken_by=owner)


def email_change_token(change: EmailChange) -> str:
    return make_token(CHANGE_EMAIL_PURPOSE, {"uid": change.user.id, "old": change.old_email, "new": change.new_email})


def user_for_email_change(session: Session, token: str) -> tuple[User, str]:
    """The account and new address of a change link. Raises InvalidToken when bad, expired or used."""
    payload = read_token(CHANGE_EMAIL_PURPOSE, token, CHANGE_EMAIL_MAX_AGE)
    user = session.get(User, payload.get("uid")) if isinstance(payload.get("uid"), int) else None
    new_email = payload.get("new")
    if user is None or user.email != payload.get("old") or not new_email or user.pending_email != new_email:
        raise InvalidToken(USED_LINK)
    return user, new_email


def confirm_email_change(session: Session, token: str) -> User:
    """Apply a pending change of address. Raises InvalidToken, or EmailTaken when another account
    took the address meanwhile (IntegrityError on flush when that happens concurrently)."""
    user, new_email = user_for_email_change(session, token)
    owner = find_user_by_email(session, new_email)
    if owner is not None and owner.id != user.id:
        raise EmailTaken("Another account now uses that address, so we could not change yours.", field="email")
    user.email = new_email
    user.pending_email = None
    user.email_confirmed_at = _now()
    # A new address ends every session (and, through the fingerprint, every reset link).
    user.session_version = (user.session_version or 1) + 1
    session.flush()
    return user


def cancel_email_change(session: Session, user_id: int) -> None:
    """Forget a pending change of address (after it could not be applied)."""
    user = session.get(User, user_id)
    if user is not None and user.pending_email is not None:
        user.pending_email = None
        session.flush()
