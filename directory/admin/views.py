"""The administrators' area as one blueprint: one module per queue or page, all on the blueprint
of ``admin.common``. Importing them here registers their routes."""

from directory.admin import audit_log, claims_queue, contact_changes, overview, ownership, review_queue  # noqa: F401
from directory.admin.common import bp

__all__ = ["bp"]
