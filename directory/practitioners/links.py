"""The address of each listing on a page of results, built once for the page."""

from __future__ import annotations

from collections.abc import Sequence

from flask import url_for


def listing_urls(slugs: Sequence[str], external: bool = False) -> dict[str, str]:
    """Each listing's address by slug: ``url_for`` once, then the same address with each slug.
    Slugs are lower-case letters, digits and hyphens, which a URL never escapes. (Twenty
    ``url_for`` calls cost more than the rest of a page of results.)"""
    if not slugs:
        return {}
    first = url_for("listings.detail", slug=slugs[0], _external=external)
    if not first.endswith(slugs[0]):
        raise ValueError(f"a listing's address does not end with its slug: {first}")
    prefix = first[: -len(slugs[0])]
    return {slug: prefix + slug for slug in slugs}
