"""The error vocabulary: every domain error's status comes from its kind, and its code is stable."""

from __future__ import annotations

import importlib
import pkgutil

import directory
from directory.errors import Conflict, DomainError, InvalidInput, NotAllowed, NotFound, RateLimited

KINDS = {InvalidInput: 400, NotAllowed: 403, NotFound: 404, Conflict: 409, RateLimited: 429}


def _all_domain_errors() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages(directory.__path__, "directory."):
        importlib.import_module(module.name)
    found, todo = [], [DomainError]
    while todo:
        for subclass in todo.pop().__subclasses__():
            found.append(subclass)
            todo.append(subclass)
    return found


def test_every_domain_error_is_one_kind_and_has_that_kinds_status():
    errors = _all_domain_errors()
    assert len(errors) >= 30
    for error in errors:
        kinds = [kind for kind in KINDS if issubclass(error, kind)]
        assert len(kinds) == 1, f"{error.__module__}.{error.__name__} is not exactly one kind: {kinds}"
        assert error.status == KINDS[kinds[0]], error


def test_codes_are_unique_snake_case_and_the_published_ones_are_unchanged():
    codes = {error.code: error for error in _all_domain_errors()}
    assert len(codes) == len(_all_domain_errors()), "two error classes share a code"
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)
    # Codes that API clients and earlier releases see.
    for code in (
        "invalid_parameter",
        "place_not_found",
        "ambiguous_place",
        "not_found",
        "invalid_token",
        "review_refused",
        "invalid_invite",
        "claim_locked",
        "wrong_code",
        "already_owner",
        "owns_another_listing",
        "not_allowed",
        "invalid_email",
        "email_taken",
    ):
        assert code in codes, code
