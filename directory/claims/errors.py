"""What the claim and ownership rules answer when they refuse a request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from directory.errors import Conflict, InvalidInput, NotAllowed, RateLimited

if TYPE_CHECKING:
    from directory.claims.models import Claim


class EmailNotConfirmed(NotAllowed):
    """Only an account with a confirmed e-mail address may claim a listing."""


class AlreadyOwner(Conflict):
    """The claimant already owns this listing."""


class OwnsAnotherListing(Conflict):
    """One account manages one listing (``practitioners.owner_id`` is unique)."""


class AlreadyClaimed(Conflict):
    """Someone else became the owner first. ``claim`` is the claim sent to review instead."""

    def __init__(self, message: str, claim: Claim | None = None) -> None:
        super().__init__(message)
        self.claim = claim


class ClaimInProgress(Conflict):
    """This account's claim on this listing already waits for an administrator."""


class NoPracticeEmail(Conflict):
    """The listing has no practice e-mail that can verify a claim."""


class ClaimLocked(RateLimited):
    """Too many wrong codes: the claim is locked for a while."""


class CodeExpired(InvalidInput):
    """The code's 30 minutes are over."""


class WrongCode(InvalidInput):
    """The code is not right; ``attempts_left`` more tries before the claim locks."""

    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message, field="code")
        self.attempts_left = attempts_left


class CodeUsed(InvalidInput):
    """The claim is no longer waiting for a code (used, withdrawn, decided)."""


class ClaimNotPending(Conflict):
    """The claim or contact change has already been decided."""


class OwnershipChanged(Conflict):
    """The listing's owner changed between reading it and deciding."""


class ReasonRequired(InvalidInput):
    """A decision that the claimant or owner is told about needs a reason."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or "Give a reason: the claimant is told it and it is kept in the audit log.", field="reason"
        )
