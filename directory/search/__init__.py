"""Search: find practitioners near a place, filtered and sorted."""

from directory.search.views import bp

__all__ = ["bp"]
