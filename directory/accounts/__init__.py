"""Accounts: register, confirm, log in and out, reset the password, change the e-mail."""
