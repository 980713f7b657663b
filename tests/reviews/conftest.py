"""Fixtures of the review tests: the administrators' ones, shared with tests/admin."""

from tests.admin.conftest import admin, admin_client  # noqa: F401
