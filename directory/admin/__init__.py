"""The administrators' area: claims queue, ownership, contact changes, audit log."""

from directory.admin.views import bp

__all__ = ["bp"]
