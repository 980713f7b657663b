"""Claiming a listing and the administrators' decisions on claims, ownership and contacts.

Plain functions with explicit arguments. They flush, never commit: the view owns the
transaction. When one of them raises a ``ClaimError`` whatever it flushed before raising is
meant to be kept (a failed attempt, a lock, a claim sent to review), so callers commit in
that case too; the decisions that change ownership leave nothing behind when they refuse.

One owner per listing is kept by the database: ownership is granted with a conditional
``UPDATE … WHERE owner_id IS NULL`` (or ``= :previous``) whose row count says who won, and
the unique constraint on ``practitioners.owner_id`` refuses a second listing for one account.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import NoReturn

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record
from directory.claims.models import Claim, ContactChange
from directory.clock import as_utc as _aware
from directory.clock import utcnow
from directory.errors import DomainError
from directory.listings.models import Practice, Practitioner
from directory.listings.taxonomy import PHYSIO
from directory.mail import link_for
from directory.tokens import InvalidToken, make_token, read_token

CODE_TTL = timedelta(minutes=30)
MAX_FAILED_ATTEMPTS = 5
# After a lock, the same account waits this long before a new code for the same listing.
LOCK_COOLDOWN = timedelta(hours=1)
AHPRA_NUMBER = re.compile(r"^[A-Z]{3}[0-9]{10}$")
MEMBERSHIP_MIN, MEMBERSHIP_MAX = 3, 40
NOTE_MAX = 2000
CLAIM_LINK_PURPOSE = "claim-code"
OPEN_STATUSES = ("awaiting_code", "pending_review")


# --- errors -----------------------------------------------------------------------------


class ClaimError(DomainError):
    """A claim or ownership rule refused the request."""

    code = "claim_refused"
    status = 409


class NotAllowed(ClaimError):
    code = "not_allowed"
    status = 403


class EmailNotConfirmed(ClaimError):
    code = "email_not_confirmed"
    status = 403


class AlreadyOwner(ClaimError):
    """The claimant already owns this listing."""

    code = "already_owner"


class OwnsAnotherListing(ClaimError):
    """One account manages one listing (``practitioners.owner_id`` is unique)."""

    code = "owns_another_listing"


class AlreadyClaimed(ClaimError):
    """Someone else became the owner first. ``claim`` is the claim sent to review instead."""

    code = "already_claimed"

    def __init__(self, message: str, claim: Claim | None = None) -> None:
        super().__init__(message)
        self.claim = claim


class ClaimInProgress(ClaimError):
    code = "claim_in_progress"


class NoPracticeEmail(ClaimError):
    code = "no_practice_email"


class ClaimLocked(ClaimError):
    code = "claim_locked"
    status = 429


class CodeExpired(ClaimError):
    code = "code_expired"
    status = 400


class WrongCode(ClaimError):
    code = "wrong_code"
    status = 400

    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message, field="code")
        self.attempts_left = attempts_left


class CodeUsed(ClaimError):
    """The claim is no longer waiting for a code (used, withdrawn, decided)."""

    code = "code_used"
    status = 400


class ClaimNotPending(ClaimError):
    code = "claim_not_pending"


class OwnershipChanged(ClaimError):
    code = "ownership_changed"


class InvalidEvidence(ClaimError):
    code = "invalid_evidence"
    status = 400


class ReasonRequired(ClaimError):
    code = "reason_required"
    status = 400

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or "Give a reason: the claimant is told it and it is kept in the audit log.", field="reason"
        )


# --- small helpers ----------------------------------------------------------------------


def code_expired(claim: Claim, now: datetime | None = None) -> bool:
    """True once a code claim's 30 minutes are over."""
    expires_at = _aware(claim.code_expires_at)
    return expires_at is None or (now or utcnow()) >= expires_at


def code_hash(claim_id: int, code: str) -> str:
    """HMAC-SHA256 of a code, keyed with SECRET_KEY and bound to its claim."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"claim:{claim_id}:{code}".encode(), hashlib.sha256).hexdigest()


def mask_email(address: str | None) -> str:
    """``reception@example.com`` → ``r…@example.com``: enough to recognise, not to harvest."""
    if not address or "@" not in address:
        return ""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


def _take_write_lock(session: Session) -> None:
    # pysqlite sends BEGIN only before DML: a SAVEPOINT opened first would start the
    # transaction itself and commit it on release. An empty UPDATE begins the transaction
    # and takes SQLite's write lock now, so the checks that follow see the latest state.
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("UPDATE practitioners SET id = id WHERE 1 = 0"))


def _require_admin(user: User) -> None:
    if not getattr(user, "is_admin", False):
        raise NotAllowed("Only administrators can do this.")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return reason[:2000]


def owned_listing(session: Session, user: User) -> Practitioner | None:
    """The listing this account owns, if any (at most one: ``owner_id`` is unique)."""
    return session.scalar(sa.select(Practitioner).where(Practitioner.owner_id == user.id))


def practice_email_is_trusted(session: Session, practice: Practice) -> bool:
    """True when the practice e-mail on record was not supplied by an account.

    A code sent to an address that an owner typed in proves nothing about the practice,
    so such an address cannot verify a claim on its own.
    """
    if not practice.email:
        return False
    supplied = session.scalar(
        sa.select(
            sa.exists().where(
                ContactChange.practice_id == practice.id,
                ContactChange.field == "email",
                ContactChange.status == "confirmed",
                sa.func.lower(ContactChange.new_value) == practice.email.lower(),
            )
        )
    )
    return not supplied


def _check_claimant(session: Session, practitioner: Practitioner, user: User) -> None:
    """Rules every new claim obeys. Raises EmailNotConfirmed, AlreadyOwner, OwnsAnotherListing, ClaimInProgress."""
    if not user.email_confirmed:
        raise EmailNotConfirmed("Confirm your e-mail address before you claim a listing.")
    if practitioner.owner_id == user.id:
        raise AlreadyOwner("You already own this listing.")
    other = owned_listing(session, user)
    if other is not None:
        raise OwnsAnotherListing(
            f"Your account already manages the listing of {other.name}. One account manages one listing: "
            "to manage another, use a separate account, or contact us to move your ownership."
        )
    pending = session.scalar(
        sa.select(Claim.id).where(
            Claim.practitioner_id == practitioner.id, Claim.user_id == user.id, Claim.status == "pending_review"
        )
    )
    if pending is not None:
        raise ClaimInProgress("Your claim on this listing is already waiting for an administrator.")


def _set_owner(session: Session, practitioner_id: int, expected_owner_id: int | None, new_owner_id: int | None) -> None:
    """Move ownership from ``expected_owner_id`` (None: unowned) to ``new_owner_id``, or raise.

    One conditional UPDATE: it changes the row only while the owner is still the expected
    one, so of two concurrent grants exactly one changes a row. Call inside a savepoint.
    Raises OwnershipChanged (0 rows); IntegrityError propagates (the new owner has a listing).
    """
    owner = Practitioner.__table__.c.owner_id
    stmt = sa.update(Practitioner.__table__).where(Practitioner.__table__.c.id == practitioner_id)
    stmt = stmt.where(owner.is_(None) if expected_owner_id is None else owner == expected_owner_id)
    changed = session.execute(stmt.values(owner_id=new_owner_id, updated_at=sa.func.now())).rowcount
    if changed != 1:
        raise OwnershipChanged("The owner of this listing changed a moment ago. Reload and decide again.")


def _update_claim(session: Session, claim: Claim, from_status: str | tuple[str, ...], **values) -> bool:
    """Conditional UPDATE of one claim: True when it was still in ``from_status``."""
    statuses = (from_status,) if isinstance(from_status, str) else from_status
    table = Claim.__table__
    changed = session.execute(
        sa.update(table)
        .where(table.c.id == claim.id, table.c.status.in_(statuses))
        .values(updated_at=sa.func.now(), **values)
    ).rowcount
    session.expire(claim)
    return changed == 1


# --- method A: a code to the practice e-mail ------------------------------------------


def start_email_claim(session: Session, practitioner: Practitioner, user: User) -> tuple[Claim, str | None]:
    """Start a claim by a code sent to the practice e-mail on record.

    Returns the claim and the 6-digit code to send (the database keeps only its HMAC). On a
    listing that already has an owner the claim goes to an administrator instead
    (``pending_review``, ``contested``) and the code is None: the view tells the owner.
    Raises EmailNotConfirmed, AlreadyOwner, OwnsAnotherListing, ClaimInProgress,
    NoPracticeEmail, ClaimLocked (a recent lock on this listing).
    """
    _check_claimant(session, practitioner, user)
    practice = practitioner.practice
    if practitioner.owner_id is not None:
        claim = Claim(
            practitioner_id=practitioner.id,
            user_id=user.id,
            method="email_code",
            status="pending_review",
            contested=True,
            failed_attempts=0,
            note="",
        )
        session.add(claim)
        session.flush()
        record(
            session,
            "claim.submitted",
            actor_id=user.id,
            practitioner_id=practitioner.id,
            claim_id=claim.id,
            method="email_code",
            contested=True,
        )
        return claim, None
    if not practice_email_is_trusted(session, practice):
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
    # A new code replaces any earlier one of this account for this listing.
    for old in session.scalars(
        sa.select(Claim).where(
            Claim.practitioner_id == practitioner.id, Claim.user_id == user.id, Claim.status == "awaiting_code"
        )
    ).all():
        if _update_claim(session, old, "awaiting_code", status="withdrawn", code_hash=None):
            record(
                session,
                "claim.withdrawn",
                actor_id=user.id,
                practitioner_id=practitioner.id,
                claim_id=old.id,
                reason="replaced by a new code",
            )
    code = f"{secrets.randbelow(10**6):06d}"
    claim = Claim(
        practitioner_id=practitioner.id,
        user_id=user.id,
        method="email_code",
        status="awaiting_code",
        code_sent_to=practice.email,
        code_expires_at=now + CODE_TTL,
        failed_attempts=0,
        note="",
    )
    session.add(claim)
    session.flush()
    claim.code_hash = code_hash(claim.id, code)
    session.flush()
    record(
        session,
        "claim.started",
        actor_id=user.id,
        practitioner_id=practitioner.id,
        claim_id=claim.id,
        method="email_code",
    )
    record(
        session,
        "claim.code_sent",
        actor_id=user.id,
        practitioner_id=practitioner.id,
        claim_id=claim.id,
        to=mask_email(practice.email),
        expires_at=claim.code_expires_at.isoformat(),
    )
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
    _take_write_lock(session)
    session.refresh(claim)
    practitioner = session.get(Practitioner, claim.practitioner_id)
    session.refresh(practitioner, ["owner_id"])
    if claim.status == "locked":
        raise ClaimLocked("Too many wrong codes: this claim is locked. Start a new claim in an hour, or contact us.")
    if claim.status != "awaiting_code" or claim.code_hash is None:
        raise CodeUsed("This code is no longer valid: it has been used or replaced. Start a new claim if you need one.")
    if code_expired(claim):
        if _update_claim(session, claim, "awaiting_code", status="expired", code_hash=None):
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
    try:
        with session.begin_nested():
            if not _update_claim(
                session,
                claim,
                "awaiting_code",
                status="approved",
                code_hash=None,
                decided_at=utcnow(),
                decision_reason="code to the practice e-mail",
            ):
                raise CodeUsed("This code has just been used.")
            _set_owner(session, practitioner_id, None, user.id)
    except OwnershipChanged:
        # Someone else's claim finished first: ours goes to an administrator.
        _update_claim(session, claim, "awaiting_code", status="pending_review", contested=True, code_hash=None)
        record(
            session,
            "claim.contested",
            actor_id=user.id,
            practitioner_id=practitioner_id,
            claim_id=claim_id,
            reason="another claim was completed first",
        )
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
    record(
        session,
        "claim.approved",
        actor_id=user.id,
        practitioner_id=practitioner_id,
        claim_id=claim_id,
        method="email_code",
    )
    record(
        session,
        "ownership.granted",
        actor_id=user.id,
        practitioner_id=practitioner_id,
        claim_id=claim_id,
        owner_id=user.id,
    )
    session.flush()
    session.expire(practitioner)
    return practitioner


def _count_failure(session: Session, claim: Claim, user: User) -> NoReturn:
    """Count a wrong code in SQL (concurrent tries cannot lose an increment); lock at the limit."""
    table = Claim.__table__
    claim_id, practitioner_id = claim.id, claim.practitioner_id
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
    record(
        session,
        "claim.code_failed",
        actor_id=user.id,
        practitioner_id=practitioner_id,
        claim_id=claim_id,
        attempt=attempts,
    )
    if attempts >= MAX_FAILED_ATTEMPTS:
        if _update_claim(session, claim, "awaiting_code", status="locked", code_hash=None):
            record(
                session,
                "claim.locked",
                actor_id=user.id,
                practitioner_id=practitioner_id,
                claim_id=claim_id,
                attempts=attempts,
            )
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


# --- method B: a registration or membership number ------------------------------------


def normalise_evidence(profession_slug: str, number: str) -> str:
    """Check a registration (Ahpra) or membership number. Raises InvalidEvidence (field ``number``)."""
    number = (number or "").strip()
    if profession_slug == PHYSIO:
        number = re.sub(r"\s+", "", number).upper()
        if not AHPRA_NUMBER.match(number):
            raise InvalidEvidence(
                "An Ahpra registration number is three letters and ten digits, like PHY0001234567.", field="number"
            )
        return number
    if not MEMBERSHIP_MIN <= len(number) <= MEMBERSHIP_MAX:
        raise InvalidEvidence(
            f"Give your association membership number ({MEMBERSHIP_MIN}–{MEMBERSHIP_MAX} characters).", field="number"
        )
    return number


def submit_registration_claim(
    session: Session, practitioner: Practitioner, user: User, number: str, note: str
) -> Claim:
    """A claim by registration or membership number, for an administrator to review.

    Raises EmailNotConfirmed, AlreadyOwner, OwnsAnotherListing, ClaimInProgress, InvalidEvidence.
    """
    _check_claimant(session, practitioner, user)
    number = normalise_evidence(practitioner.profession.slug, number)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidEvidence(f"Keep the note under {NOTE_MAX} characters.", field="note")
    contested = practitioner.owner_id is not None
    claim = Claim(
        practitioner_id=practitioner.id,
        user_id=user.id,
        method="registration",
        status="pending_review",
        evidence_number=number,
        note=note,
        contested=contested,
        failed_attempts=0,
    )
    session.add(claim)
    session.flush()
    record(
        session,
        "claim.submitted",
        actor_id=user.id,
        practitioner_id=practitioner.id,
        claim_id=claim.id,
        method="registration",
        number=number,
        contested=contested,
    )
    return claim


# --- administrators' decisions ----------------------------------------------------------


def approve_claim(session: Session, claim: Claim, admin: User, reason: str = "") -> None:
    """Grant the claimed listing to the claimant. On a contested claim the previous owner loses it.

    Raises NotAllowed, ClaimNotPending, OwnershipChanged, OwnsAnotherListing; nothing is
    changed when it raises.
    """
    _require_admin(admin)
    _take_write_lock(session)
    session.refresh(claim)
    if claim.status != "pending_review":
        raise ClaimNotPending("This claim has already been decided.")
    practitioner = session.get(Practitioner, claim.practitioner_id)
    session.refresh(practitioner, ["owner_id"])
    previous_owner_id = practitioner.owner_id
    if previous_owner_id == claim.user_id:
        raise AlreadyOwner("The claimant already owns this listing.")
    claim_id, practitioner_id, claimant_id = claim.id, practitioner.id, claim.user_id
    reason = (reason or "").strip()
    try:
        with session.begin_nested():
            if not _update_claim(
                session,
                claim,
                "pending_review",
                status="approved",
                decided_by_id=admin.id,
                decided_at=utcnow(),
                decision_reason=reason,
            ):
                raise ClaimNotPending("This claim has already been decided.")
            _set_owner(session, practitioner_id, previous_owner_id, claimant_id)
    except IntegrityError:
        session.expire(claim)
        raise OwnsAnotherListing(
            "The claimant already manages another listing. Revoke or transfer that one first."
        ) from None
    record(
        session,
        "claim.approved",
        actor_id=admin.id,
        practitioner_id=practitioner_id,
        claim_id=claim_id,
        reason=reason,
        contested=previous_owner_id is not None,
    )
    if previous_owner_id is not None:
        record(
            session,
            "ownership.revoked",
            actor_id=admin.id,
            practitioner_id=practitioner_id,
            claim_id=claim_id,
            owner_id=previous_owner_id,
            reason=reason or "contested claim approved",
        )
    record(
        session,
        "ownership.granted",
        actor_id=admin.id,
        practitioner_id=practitioner_id,
        claim_id=claim_id,
        owner_id=claimant_id,
    )
    session.flush()
    session.expire(practitioner)


def reject_claim(session: Session, claim: Claim, admin: User, reason: str) -> None:
    """Refuse a claim waiting for review (or a locked one). Raises NotAllowed, ReasonRequired, ClaimNotPending."""
    _require_admin(admin)
    reason = _require_reason(reason)
    if not _update_claim(
        session,
        claim,
        ("pending_review", "awaiting_code", "locked"),
        status="rejected",
        code_hash=None,
        decided_by_id=admin.id,
        decided_at=utcnow(),
        decision_reason=reason,
    ):
        raise ClaimNotPending("This claim has already been decided.")
    record(
        session,
        "claim.rejected",
        actor_id=admin.id,
        practitioner_id=claim.practitioner_id,
        claim_id=claim.id,
        reason=reason,
    )
    session.flush()


def transfer_ownership(session: Session, practitioner: Practitioner, new_owner: User, admin: User, reason: str) -> None:
    """Give a listing to another account (owned or not). Raises NotAllowed, ReasonRequired,
    EmailNotConfirmed, AlreadyOwner, OwnershipChanged, OwnsAnotherListing; nothing is changed
    when it raises."""
    _require_admin(admin)
    reason = _require_reason(reason)
    if not new_owner.email_confirmed:
        raise EmailNotConfirmed("This account has not confirmed its e-mail address yet.", field="email")
    _take_write_lock(session)
    session.refresh(practitioner, ["owner_id"])
    previous_owner_id = practitioner.owner_id
    if previous_owner_id == new_owner.id:
        raise AlreadyOwner("That account already owns this listing.")
    practitioner_id = practitioner.id
    try:
        with session.begin_nested():
            _set_owner(session, practitioner_id, previous_owner_id, new_owner.id)
    except IntegrityError:
        raise OwnsAnotherListing("That account already manages another listing.") from None
    record(
        session,
        "ownership.transferred",
        actor_id=admin.id,
        practitioner_id=practitioner_id,
        previous_owner_id=previous_owner_id,
        owner_id=new_owner.id,
        reason=reason,
    )
    session.flush()
    session.expire(practitioner)


def revoke_ownership(session: Session, practitioner: Practitioner, admin: User, reason: str) -> None:
    """Take a listing away from its owner. Raises NotAllowed, ReasonRequired, OwnershipChanged (no owner)."""
    _require_admin(admin)
    reason = _require_reason(reason)
    _take_write_lock(session)
    session.refresh(practitioner, ["owner_id"])
    previous_owner_id = practitioner.owner_id
    if previous_owner_id is None:
        raise OwnershipChanged("This listing has no owner.")
    practitioner_id = practitioner.id
    with session.begin_nested():
        _set_owner(session, practitioner_id, previous_owner_id, None)
    # Contact changes the former owner asked for die with the ownership.
    table = ContactChange.__table__
    session.execute(
        sa.update(table)
        .where(
            table.c.practitioner_id == practitioner_id,
            table.c.requested_by_id == previous_owner_id,
            table.c.status == "pending",
        )
        .values(status="superseded", decided_at=utcnow(), updated_at=sa.func.now())
    )
    record(
        session,
        "ownership.revoked",
        actor_id=admin.id,
        practitioner_id=practitioner_id,
        owner_id=previous_owner_id,
        reason=reason,
    )
    session.flush()
    session.expire(practitioner)


# --- changes to the contacts that verify claims ----------------------------------------


def request_contact_change(
    session: Session, practitioner: Practitioner, user: User, field: str, new_value: str
) -> ContactChange:
    """Hold a new practice e-mail or phone until confirmed. Earlier pending ones are superseded."""
    if field not in ("email", "phone"):
        raise ValueError(field)
    if practitioner.owner_id != user.id:
        raise NotAllowed("Only the owner of this listing can change its contacts.")
    table = ContactChange.__table__
    session.execute(
        sa.update(table)
        .where(table.c.practice_id == practitioner.practice_id, table.c.field == field, table.c.status == "pending")
        .values(status="superseded", decided_at=utcnow(), updated_at=sa.func.now())
    )
    change = ContactChange(
        practice_id=practitioner.practice_id,
        practitioner_id=practitioner.id,
        requested_by_id=user.id,
        field=field,
        new_value=new_value,
        status="pending",
    )
    session.add(change)
    session.flush()
    record(
        session,
        "contact_change.requested",
        actor_id=user.id,
        practitioner_id=practitioner.id,
        field=field,
        new=new_value,
        change_id=change.id,
        confirmed_by="a link sent to the new address" if field == "email" else "an administrator",
    )
    return change


def _apply_contact_change(session: Session, change: ContactChange, actor_id: int, **details) -> None:
    table = ContactChange.__table__
    changed = session.execute(
        sa.update(table)
        .where(table.c.id == change.id, table.c.status == "pending")
        .values(status="confirmed", decided_at=utcnow(), updated_at=sa.func.now())
    ).rowcount
    session.expire(change)
    if changed != 1:
        raise ClaimNotPending("This change has already been decided or replaced.")
    practice = session.get(Practice, change.practice_id)
    old = getattr(practice, change.field)
    setattr(practice, change.field, change.new_value or None)
    record(
        session,
        "contact_change.confirmed",
        actor_id=actor_id,
        practitioner_id=change.practitioner_id,
        change_id=change.id,
        **{change.field: [old, change.new_value or None]},
        **details,
    )
    session.flush()


def confirm_contact_change(session: Session, change: ContactChange, new_value: str) -> None:
    """Apply a new practice e-mail whose link was followed. ``new_value`` comes from the link.

    Raises ClaimNotPending (used, replaced or decided), NotAllowed (the requester no longer owns the listing).
    """
    if change.status != "pending" or change.new_value != new_value or change.field != "email":
        raise ClaimNotPending("This link has already been used or replaced by a newer change.")
    owner_id = session.scalar(sa.select(Practitioner.owner_id).where(Practitioner.id == change.practitioner_id))
    if owner_id != change.requested_by_id:
        raise NotAllowed("This change was asked for by an account that no longer manages the listing.")
    _apply_contact_change(session, change, change.requested_by_id, confirmed_by="link to the new address")


def decide_contact_change(
    session: Session, change: ContactChange, admin: User, approve: bool, reason: str = ""
) -> None:
    """An administrator applies or refuses a held contact change. Raises NotAllowed, ClaimNotPending."""
    _require_admin(admin)
    reason = (reason or "").strip()
    if approve:
        _apply_contact_change(session, change, admin.id, confirmed_by="administrator", reason=reason)
        return
    table = ContactChange.__table__
    changed = session.execute(
        sa.update(table)
        .where(table.c.id == change.id, table.c.status == "pending")
        .values(status="rejected", decided_at=utcnow(), updated_at=sa.func.now())
    ).rowcount
    session.expire(change)
    if changed != 1:
        raise ClaimNotPending("This change has already been decided or replaced.")
    record(
        session,
        "contact_change.rejected",
        actor_id=admin.id,
        practitioner_id=change.practitioner_id,
        change_id=change.id,
        field=change.field,
        new=change.new_value,
        reason=reason,
    )
    session.flush()


# --- messages ----------------------------------------------------------------------------


def code_email(claim: Claim, code: str, link: str) -> tuple[str, str, str]:
    """(to, subject, body) of the message that carries a claim code."""
    practitioner = claim.practitioner
    body = (
        f"Someone asked to manage the MoveWell Directory listing of {practitioner.name} "
        f"({practitioner.practice.name}).\n\n"
        f"If that was you, enter this code on the claim page:\n\n    {code}\n\n"
        f"or open this link while logged in to your MoveWell account:\n\n{link}\n\n"
        "The code works once and expires in 30 minutes.\n\n"
        "If you did not ask for this, ignore this message: nothing changes without the code.\n"
    )
    return claim.code_sent_to or "", f"Your code to claim {practitioner.name} on MoveWell", body


def contested_email(claim: Claim, owner: User) -> tuple[str, str, str]:
    """(to, subject, body) telling the current owner that someone else claims their listing."""
    practitioner = claim.practitioner
    url = link_for("listings.detail", slug=practitioner.slug)
    body = (
        f"Another account has asked to manage the listing of {practitioner.name} on MoveWell Directory "
        f"({url}), which you manage.\n\n"
        "An administrator will review the request. Nothing changes unless they approve it, and you "
        "remain the owner meanwhile. If you think this is a mistake or an attempt to take over your "
        "listing, reply to this message.\n"
    )
    return owner.email, f"Someone has claimed your listing of {practitioner.name}", body


def decision_email(claim: Claim) -> tuple[str, str, str]:
    """(to, subject, body) telling the claimant how an administrator decided. Call after commit."""
    practitioner = claim.practitioner
    listing = link_for("listings.detail", slug=practitioner.slug)
    if claim.status == "approved":
        edit = link_for("manage.edit", slug=practitioner.slug)
        subject = f"Your claim of {practitioner.name} was approved"
        body = (
            f"Good news: you now manage the listing of {practitioner.name} on MoveWell Directory.\n\n"
            f"Edit it here: {edit}\nYour listing: {listing}\n"
        )
        if claim.decision_reason:
            body += f"\nNote from the administrator: {claim.decision_reason}\n"
    else:
        subject = f"Your claim of {practitioner.name} was not approved"
        body = (
            f"An administrator reviewed your claim of the listing of {practitioner.name} ({listing}) "
            f"and did not approve it.\n\nReason: {claim.decision_reason or 'not given'}\n\n"
            "If you think this is wrong, reply to this message with what would show that you are this practitioner.\n"
        )
    return claim.user.email, subject, body


def contact_change_email(change: ContactChange, link: str) -> tuple[str, str, str]:
    """(to, subject, body) of the link that confirms a new practice e-mail."""
    practitioner = change.practitioner
    body = (
        f"The manager of the MoveWell Directory listing of {practitioner.name} asked to use this address "
        f"as the e-mail of {change.practice.name}.\n\nConfirm it here (the link works once, for 2 days):\n\n{link}\n\n"
        "If you did not expect this, ignore this message and nothing changes.\n"
    )
    return change.new_value, "Confirm the new practice e-mail on MoveWell", body
