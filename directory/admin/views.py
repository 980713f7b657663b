"""The administrators' area as one blueprint: one module per queue or page, all on the blueprint
of ``admin.common``. Importing them here registers their routes."""

from directory.admin import (  # noqa: F401
    audit_log,
    claims_queue,
    contact_changes,
    corrections_queue,
    credentials_queue,
    listing_facts,
    overview,
    ownership,
    requests_queue,
    responses_queue,
    review_queue,
    sources_queue,
)
from directory.admin.common import bp

__all__ = ["bp"]
