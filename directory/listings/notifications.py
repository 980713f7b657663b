"""The e-mails of listings: the reminder to confirm a listing's details.

Each function returns a ``mail.Email``; the command sends it with ``mail.send``.
"""

from __future__ import annotations

from directory.clock import as_utc
from directory.mail import Email, link_for
from directory.practitioners.freshness import STALE_AFTER
from directory.practitioners.models import Practitioner


def confirm_reminder(practitioner: Practitioner) -> Email:
    """Asks the owner of a listing not confirmed for STALE_AFTER to confirm or correct it."""
    confirmed = as_utc(practitioner.confirmed_at)
    return Email(
        practitioner.owner.email,
        f"Are the details of {practitioner.name} on MoveWell still correct?",
        "listings/email/confirm_reminder.txt",
        {
            "practitioner": practitioner,
            "confirmed_on": f"{confirmed.day} {confirmed:%B %Y}",
            "months": round(STALE_AFTER.days / 30.5),
            "dashboard": link_for("manage.dashboard"),
            "edit": link_for("manage.edit", slug=practitioner.slug),
            "listing": link_for("listings.detail", slug=practitioner.slug),
        },
    )
