"""Credentials on a listing: an Ahpra registration number for a physiotherapist, an association
membership number for a remedial massage therapist. The same rules check a number typed into a
claim and a number in an imported file."""

from __future__ import annotations

import re

from directory.errors import InvalidInput
from directory.practitioners.taxonomy import PHYSIO

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
