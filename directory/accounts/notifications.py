"""The e-mails of accounts: who gets which message, with which links.

Each function returns a ``mail.Email``; the view sends it after the commit with ``mail.send``.
"""

from __future__ import annotations

from directory.accounts import services
from directory.accounts.models import User
from directory.mail import Email, link_for


def confirm_address(user: User) -> Email:
    """The link that confirms a new account's address."""
    link = link_for("accounts.confirm", token=services.confirmation_token(user))
    return Email(user.email, "Confirm your e-mail address", "accounts/email/confirm.txt", {"link": link})


def already_registered(user: User) -> Email:
    """Sent instead of a confirmation when someone registers an address that has an account."""
    return Email(
        user.email,
        "Someone tried to register with your e-mail address",
        "accounts/email/already_registered.txt",
        {"login_link": link_for("accounts.login"), "reset_link": link_for("accounts.reset_request")},
    )


def reset_password(user: User) -> Email:
    """The link that chooses a new password."""
    link = link_for("accounts.reset_password", token=services.password_reset_token(user))
    return Email(user.email, "Choose a new password", "accounts/email/reset_password.txt", {"link": link})


def email_change_confirm(change: services.EmailChange) -> Email:
    """The link, to the new address, that applies a change of address."""
    link = link_for("accounts.confirm_email_change", token=services.email_change_token(change))
    return Email(
        change.new_email, "Confirm your new e-mail address", "accounts/email/change_email_confirm.txt", {"link": link}
    )


def email_change_taken(change: services.EmailChange) -> Email:
    """Sent to the owner of an address that another account tried to move to."""
    return Email(
        change.new_email,
        "Someone tried to use your e-mail address",
        "accounts/email/change_email_taken.txt",
        {"reset_link": link_for("accounts.reset_request")},
    )


def email_change_notice(change: services.EmailChange) -> Email:
    """Tells the current address that a change away from it was asked for."""
    return Email(
        change.old_email,
        "A change of your e-mail address was requested",
        "accounts/email/change_email_notice.txt",
        {"new_email": change.new_email, "reset_link": link_for("accounts.reset_request")},
    )
