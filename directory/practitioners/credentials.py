"""Credentials on a listing: an Ahpra registration number for a physiotherapist, an association
membership number for a remedial massage therapist. The same rules check a number typed into a
claim and a number in an imported file.

What we know of the number is its state (decision 0009): "self_declared" (given to us by the
practitioner or in imported data, not checked), "checked" (an administrator found it current on
Ahpra's public register, or with the association, on ``credential_checked_at``) or "lapsed" (not
current when last checked). Only an administrator's check changes it; a new number starts again
as self-declared. Listings show exactly that, with the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record
from directory.clock import as_utc, utcnow
from directory.errors import InvalidInput, NotAllowed
from directory.practitioners.models import Practitioner
from directory.practitioners.taxonomy import PHYSIO

# A checked number is due for another check after a year (registration is renewed every year).
RECHECK_AFTER = timedelta(days=365)
CHECK_RESULTS = {"current": "checked", "not_current": "lapsed"}

AHPRA_NUMBER = re.compile(r"^[A-Z]{3}[0-9]{10}$")
MEMBERSHIP_MIN, MEMBERSHIP_MAX = 3, 40


class InvalidNumber(InvalidInput):
    """A registration or membership number that cannot be right for the profession."""


def normalise_number(profession_slug: str, number: str) -> str:
    """The number as stored: an Ahpra number without spaces, upper-cased; a membership number
    stripped. Raises InvalidNumber (field ``number``)."""
    number = (number or "").strip()
    if profession_slug == PHYSIO:
        number = re.sub(r"\s+", "", number).upper()
        if not AHPRA_NUMBER.match(number):
            raise InvalidNumber(
                "An Ahpra registration number is three letters and ten digits, like PHY0001234567.", field="number"
            )
        return number
    if not MEMBERSHIP_MIN <= len(number) <= MEMBERSHIP_MAX:
        raise InvalidNumber(
            f"Give your association membership number ({MEMBERSHIP_MIN}–{MEMBERSHIP_MAX} characters).", field="number"
        )
    return number


class NoNumber(InvalidInput):
    """There is no registration or membership number on the listing to check."""


@dataclass(frozen=True)
class CredentialState:
    """What a listing says of its number: ``status`` (one of CREDENTIAL_STATUSES, or "none" when
    there is no number) and the date of the last check."""

    status: str
    checked_at: datetime | None

    @property
    def checked_on(self) -> str | None:
        return f"{self.checked_at.day} {self.checked_at:%B %Y}" if self.checked_at else None


def state_of(practitioner: Practitioner) -> CredentialState:
    if not practitioner.registration_number:
        return CredentialState("none", None)
    return CredentialState(practitioner.credential_status, as_utc(practitioner.credential_checked_at))


def record_check(session: Session, practitioner: Practitioner, admin: User, result: str, note: str = "") -> None:
    """An administrator looked the number up on the public register (physiotherapists) or with the
    association (massage therapists) today: ``result`` is "current" or "not_current". Raises
    NotAllowed, NoNumber, InvalidInput (an unknown result). Flushes; the caller commits."""
    if not getattr(admin, "is_admin", False):
        raise NotAllowed("Only an administrator can record a check.")
    if result not in CHECK_RESULTS:
        raise InvalidInput("Say whether the number is current.", field="result")
    if not practitioner.registration_number:
        raise NoNumber("This listing has no number to check.", field="result")
    previous = practitioner.credential_status
    practitioner.credential_status = CHECK_RESULTS[result]
    practitioner.credential_checked_at = utcnow()
    practitioner.credential_checked_by_id = admin.id
    record(
        session,
        "credential.checked",
        actor_id=admin.id,
        practitioner_id=practitioner.id,
        number=practitioner.registration_number,
        result=result,
        status=[previous, practitioner.credential_status],
        note=note,
    )
    session.flush()


def number_changed(practitioner: Practitioner) -> None:
    """A new number is self-declared until an administrator checks it."""
    practitioner.credential_status = "self_declared"
    practitioner.credential_checked_at = None
    practitioner.credential_checked_by_id = None


def due_for_check(now: datetime | None = None):
    """SQL condition: listings with a number that was never checked, or checked over a year ago."""
    cutoff = (now or utcnow()) - RECHECK_AFTER
    return sa.and_(
        Practitioner.registration_number.is_not(None),
        sa.or_(Practitioner.credential_status == "self_declared", Practitioner.credential_checked_at < cutoff),
    )
