"""Claiming a listing by a 6-digit code sent to the practice e-mail on record.

Plain functions with explicit arguments. They flush, never commit: the view owns the
transaction. When one of them raises, whatever it flushed before raising is meant to be kept
(a failed attempt, a lock, a claim sent to review), so callers commit in that case too.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import NoReturn

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record, recorder
from directory.claims import services
from directory.claims.errors import (
    AlreadyClaimed,
    AlreadyOwner,
    ClaimLocked,
    CodeExpired,
    CodeUsed,
    NoPracticeEmail,
    OwnershipChanged,
    OwnsAnotherListing,
    WrongCode,
)
from directory.claims.models import Claim
from directory.claims.ownership import add_claim, owned_listing, set_owner, take_write_lock, update_claim
from directory.clock import as_utc, utcnow
from directory.errors import NotAllowed
from directory.practitioners.models import Practitioner
from directory.tokens import InvalidToken, keyed_hash, make_token, read_token

CODE_TTL = timedelta(minutes=30)
MAX_FAILED_ATTEMPTS = 5
# After a lock, the same account waits this long before a new code for the same listing.
LOCK_COOLDOWN = timedelta(hours=1)
CLAIM_LINK_PURPOSE = "claim-code"


def code_expired(claim: Claim, now: datetime | None = None) -> bool:
    """True once a code claim's 30 minutes are over."""
    expires_at = as_utc(claim.code_expires_at)
    return expires_at is None or (now or utcnow()) >= expires_at


def code_hash(claim_id: int, code: str) -> str:
    """HMAC-SHA256 of a code, keyed with SECRET_KEY and bound to its claim."""
    return keyed_hash("claim", f"{claim_id}:{code}")


def start_email_claim(session: Session, practitioner: Practitioner, user: User) -> tuple[Claim, str | None]:
    """Start a claim by a code sent to the practice e-mail on record.

    Returns the claim and the 6-digit code to send (the database keeps only its HMAC). On a
    listing that already has an owner the claim goes to an administrator instead
    (``pending_review``, ``contested``) and the code is None: the view tells the owner.
    Raises EmailNotConfirmed, AlreadyOwner, OwnsAnotherListing, ClaimInProgress,
    NoPracticeEmail, ClaimLocked (a recent lock on this listing).
    """
    services.check_claimant(session, practitioner, user)
    practice = practitioner.practice
    if practitioner.owner_id is not None:
        event = {"action": "claim.submitted", "method": "email_code", "contested": True}
        claim = add_claim(
            session, practitioner, user, event, method="email_code", status="pending_review", contested=True
        )
        return claim, None
    if not services.practice_email_is_trusted(practice):
        raise NoPracticeEmail(
            "We cannot verify this listing by e-mail: there is no practice e-mail on record that we can rely on. "
            "Give your registration or membership number instead."
        )
    now = utcnow()
    recent_lock = session.scalar(
        sa.select(Claim.id).where(
            Claim.practitioner_id == practitioner.id,
            Claim.user_id == user.id,
            Claim.status == "locked",
            Claim.updated_at > now - LOCK_COOLDOWN,
        )
    )
    if recent_lock is not None:
        raise ClaimLocked(
            "Too many wrong codes were entered on your last claim of this listing. Try again in an hour, or contact us."
        )
    log = recorder(session, actor_id=user.id, practitioner_id=practitioner.id)
    # A new code replaces any earlier one of this account for this listing.
    for old in session.scalars(
        sa.select(Claim).where(
            Claim.practitioner_id == practitioner.id, Claim.user_id == user.id, Claim.status == "awaiting_code"
        )
    ).all():
        if update_claim(session, old, "awaiting_code", status="withdrawn", code_hash=None):
            log("claim.withdrawn", claim_id=old.id, reason="replaced by a new code")
    code = f"{secrets.randbelow(10**6):06d}"
    claim = add_claim(
        session,
        practitioner,
        user,
        {"action": "claim.started", "method": "email_code"},
        method="email_code",
        status="awaiting_code",
        code_sent_to=practice.email,
        code_expires_at=now + CODE_TTL,
    )
    claim.code_hash = code_hash(claim.id, code)
    session.flush()
    expires_at = claim.code_expires_at.isoformat()
    log("claim.code_sent", claim_id=claim.id, to=services.mask_email(practice.email), expires_at=expires_at)
    return claim, code


def current_code_claim(session: Session, practitioner: Practitioner, user: User) -> Claim | None:
    """This account's newest claim on this listing that waits for a code (or was just locked)."""
    return session.scalar(
        sa.select(Claim)
        .where(
            Claim.practitioner_id == practitioner.id,
            Claim.user_id == user.id,
            Claim.method == "email_code",
            Claim.status.in_(("awaiting_code", "locked")),
        )
        .order_by(Claim.id.desc())
        .limit(1)
    )


def verify_claim_code(session: Session, claim: Claim, user: User, code: str) -> Practitioner:
    """Check a code and make ``user`` the owner, atomically. Returns the practitioner.

    Raises NotAllowed (not this account's claim), CodeUsed, ClaimLocked, CodeExpired,
    WrongCode (a failed attempt was counted; commit it), OwnsAnotherListing, AlreadyOwner,
    AlreadyClaimed (someone else won a moment ago: this claim now waits for an administrator;
    commit that too).
    """
    if claim.user_id != user.id:
        raise NotAllowed("This claim belongs to another account.")
    take_write_lock(session)
    session.refresh(claim)
    practitioner = session.get(Practitioner, claim.practitioner_id)
    session.refresh(practitioner, ["owner_id"])
    if claim.status == "locked":
        raise ClaimLocked("Too many wrong codes: this claim is locked. Start a new claim in an hour, or contact us.")
    if claim.status != "awaiting_code" or claim.code_hash is None:
        raise CodeUsed("This code is no longer valid: it has been used or replaced. Start a new claim if you need one.")
    if code_expired(claim):
        if update_claim(session, claim, "awaiting_code", status="expired", code_hash=None):
            record(session, "claim.expired", actor_id=user.id, practitioner_id=claim.practitioner_id, claim_id=claim.id)
        raise CodeExpired("This code has expired (codes last 30 minutes). Ask for a new one.", field="code")

    given = re.sub(r"\s+", "", code or "")
    if not hmac.compare_digest(code_hash(claim.id, given), claim.code_hash):
        _count_failure(session, claim, user)

    if practitioner.owner_id == user.id:
        raise AlreadyOwner("You already own this listing.")
    other = owned_listing(session, user)
    if other is not None and other.id != practitioner.id:
        raise OwnsAnotherListing(
            f"Your account already manages the listing of {other.name}. One account manages one listing."
        )

    claim_id, practitioner_id = claim.id, practitioner.id
    log = recorder(session, actor_id=user.id, practitioner_id=practitioner_id, claim_id=claim_id)
    try:
        with session.begin_nested():
            if not update_claim(
                session,
                claim,
                "awaiting_code",
                status="approved",
                code_hash=None,
                decided_at=utcnow(),
                decision_reason="code to the practice e-mail",
            ):
                raise CodeUsed("This code has just been used.")
            set_owner(session, practitioner_id, None, user.id)
    except OwnershipChanged:
        # Someone else's claim finished first: ours goes to an administrator.
        update_claim(session, claim, "awaiting_code", status="pending_review", contested=True, code_hash=None)
        log("claim.contested", reason="another claim was completed first")
        raise AlreadyClaimed(
            "Someone else completed a claim on this listing moments ago; an administrator will review yours.",
            claim=claim,
        ) from None
    except IntegrityError:
        # The unique owner_id: this account became the owner of another listing meanwhile.
        session.expire(claim)
        raise OwnsAnotherListing(
            "Your account already manages another listing. One account manages one listing."
        ) from None
    log("claim.approved", method="email_code")
    log("ownership.granted", owner_id=user.id)
    session.flush()
    session.expire(practitioner)
    return practitioner


def _count_failure(session: Session, claim: Claim, user: User) -> NoReturn:
    """Count a wrong code in SQL (concurrent tries cannot lose an increment); lock at the limit."""
    table = Claim.__table__
    log = recorder(session, actor_id=user.id, practitioner_id=claim.practitioner_id, claim_id=claim.id)
    claim_id = claim.id
    attempts = session.execute(
        sa.update(table)
        .where(table.c.id == claim_id, table.c.status == "awaiting_code")
        .values(failed_attempts=table.c.failed_attempts + 1, updated_at=sa.func.now())
        .returning(table.c.failed_attempts)
    ).scalar()
    session.expire(claim)
    locked = "Too many wrong codes: this claim is locked. Start a new claim in an hour, or contact us."
    if attempts is None:
        # Another attempt changed the claim first (it locked it, or the right code won).
        if claim.status == "locked":
            raise ClaimLocked(locked)
        raise CodeUsed("This code is no longer valid. Start a new claim if you need one.")
    log("claim.code_failed", attempt=attempts)
    if attempts >= MAX_FAILED_ATTEMPTS:
        if update_claim(session, claim, "awaiting_code", status="locked", code_hash=None):
            log("claim.locked", attempts=attempts)
        raise ClaimLocked(locked)
    left = MAX_FAILED_ATTEMPTS - attempts
    raise WrongCode(f"That code is not right. You have {left} more {'try' if left == 1 else 'tries'}.", left)


def make_claim_link_token(claim: Claim, code: str) -> str:
    return make_token(CLAIM_LINK_PURPOSE, {"claim": claim.id, "code": code})


def read_claim_link_token(token: str) -> tuple[int, str]:
    """(claim id, code) from a link. Raises tokens.InvalidToken."""
    payload = read_token(CLAIM_LINK_PURPOSE, token, int(CODE_TTL.total_seconds()))
    claim_id, code = payload.get("claim"), payload.get("code")
    if not isinstance(claim_id, int) or not isinstance(code, str):
        raise InvalidToken("This link is not valid.")
    return claim_id, code
