"""Owners manage their listing: the dashboard and the edit form."""
