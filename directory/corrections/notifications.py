"""The e-mails of corrections: the owner hears of a report about their listing (never who sent
it), and the reporter hears what was decided. Each function returns a ``mail.Email``."""

from __future__ import annotations

from directory.corrections.models import ListingCorrection
from directory.mail import Email, link_for
from directory.practitioners.models import Practitioner


def to_owner(correction: ListingCorrection, practitioner: Practitioner) -> Email | None:
    """Tells a listing's owner that someone reported incorrect information (None when unclaimed)."""
    owner = practitioner.owner
    if owner is None:
        return None
    return Email(
        owner.email,
        f"Someone reported incorrect information on the listing of {practitioner.name}",
        "corrections/email/to_owner.txt",
        {
            "correction": correction,
            "practitioner": practitioner,
            "edit": link_for("manage.edit", slug=practitioner.slug),
            "dashboard": link_for("manage.dashboard"),
        },
    )


def decision(correction: ListingCorrection, practitioner: Practitioner) -> Email | None:
    """Tells the reporter what an administrator decided (None when they gave no e-mail)."""
    if not correction.reporter_email:
        return None
    accepted = correction.status == "accepted"
    return Email(
        correction.reporter_email,
        f"Your report about {practitioner.name}: {'thank you, we corrected it' if accepted else 'we checked it'}",
        "corrections/email/decision.txt",
        {
            "correction": correction,
            "practitioner": practitioner,
            "listing": link_for("listings.detail", slug=practitioner.slug),
        },
    )
