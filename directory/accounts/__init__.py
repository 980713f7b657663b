"""Accounts: register, confirm, log in and out, reset the password, change the e-mail."""

from directory.accounts.views import bp

__all__ = ["bp"]
