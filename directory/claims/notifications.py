"""The e-mails of claims and ownership: who gets which message, with which links.

Each function returns a ``mail.Email``; the view sends it after the commit with ``mail.send``.
"""

from __future__ import annotations

from directory.accounts.models import User
from directory.claims.codes import make_claim_link_token
from directory.claims.contact_changes import make_contact_token
from directory.claims.models import Claim, ContactChange
from directory.mail import Email, link_for
from directory.practitioners.models import Practitioner


def _listing_url(practitioner: Practitioner) -> str:
    return link_for("listings.detail", slug=practitioner.slug)


def claim_code(claim: Claim, code: str) -> Email:
    """The 6-digit code (and a link that carries it) for a claim, to the practice e-mail."""
    practitioner = claim.practitioner
    link = link_for("claims.verify_link", slug=practitioner.slug, token=make_claim_link_token(claim, code))
    return Email(
        claim.code_sent_to or "",
        f"Your code to claim {practitioner.name} on MoveWell",
        "claims/email/code.txt",
        {"practitioner": practitioner, "code": code, "link": link},
    )


def claim_contested(claim: Claim, owner: User) -> Email:
    """Tells the current owner that another account claims their listing."""
    practitioner = claim.practitioner
    return Email(
        owner.email,
        f"Someone has claimed your listing of {practitioner.name}",
        "claims/email/contested.txt",
        {"practitioner": practitioner, "listing_url": _listing_url(practitioner)},
    )


def claim_decided(claim: Claim) -> Email:
    """Tells the claimant how an administrator decided their claim."""
    practitioner = claim.practitioner
    context = {"claim": claim, "practitioner": practitioner, "listing_url": _listing_url(practitioner)}
    if claim.status == "approved":
        context["edit_url"] = link_for("manage.edit", slug=practitioner.slug)
        return Email(
            claim.user.email,
            f"Your claim of {practitioner.name} was approved",
            "claims/email/claim_approved.txt",
            context,
        )
    return Email(
        claim.user.email,
        f"Your claim of {practitioner.name} was not approved",
        "claims/email/claim_rejected.txt",
        context,
    )


def ownership_granted(practitioner: Practitioner, new_owner: User, reason: str) -> Email:
    """Tells an account that an administrator gave it a listing."""
    return Email(
        new_owner.email,
        f"You now manage {practitioner.name} on MoveWell Directory",
        "claims/email/ownership_granted.txt",
        {"practitioner": practitioner, "listing_url": _listing_url(practitioner), "reason": reason},
    )


def ownership_removed(practitioner: Practitioner, former_owner_email: str, reason: str, because: str) -> Email:
    """Tells the former owner that they no longer manage a listing, and ``because`` of what."""
    return Email(
        former_owner_email,
        f"You no longer manage {practitioner.name} on MoveWell Directory",
        "claims/email/ownership_removed.txt",
        {
            "practitioner": practitioner,
            "listing_url": _listing_url(practitioner),
            "reason": reason,
            "because": because,
        },
    )


def practice_email_confirmation(change: ContactChange) -> Email:
    """The link that confirms a new practice e-mail, to that address."""
    link = link_for("manage.confirm_practice_email", token=make_contact_token(change))
    return Email(
        change.new_value,
        "Confirm the new practice e-mail on MoveWell",
        "claims/email/practice_email_confirm.txt",
        {"practitioner": change.practitioner, "change": change, "link": link},
    )


def contact_change_decided(change: ContactChange, requester_email: str, approve: bool, reason: str) -> Email:
    """Tells the owner who asked for a contact change how an administrator decided it."""
    practitioner = change.practitioner
    return Email(
        requester_email,
        f"Your change to {practitioner.name} on MoveWell Directory was " + ("approved" if approve else "not approved"),
        "claims/email/contact_change_decided.txt",
        {"change": change, "approve": approve, "practitioner": practitioner, "reason": reason},
    )
