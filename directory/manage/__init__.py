"""Owners manage their listing: the dashboard and the edit form."""

from directory.manage.views import bp

__all__ = ["bp"]
