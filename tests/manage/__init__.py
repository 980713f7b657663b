"""Owners: the dashboard, the edit form, contact changes."""
