"""The address of each listing on a page of results, built once for the page."""

from __future__ import annotations

from collections.abc import Sequence

from flask import url_for

from directory.links import absolute_url


def listing_urls(slugs: Sequence[str], external: bool = False) -> dict[str, str]:
    """Each listing's address by slug: built once (``url_for``; ``absolute_url``, from BASE_URL,
    when ``external``), then the same address with each slug. Slugs are lower-case letters,
    digits and hyphens, which a URL never escapes. (Twenty ``url_for`` calls cost more than the
    rest of a page of results.)"""
    if not slugs:
        return {}
    if external:
        first = absolute_url("listings.detail", slug=slugs[0])
    else:
        first = url_for("listings.detail", slug=slugs[0])
    if not first.endswith(slugs[0]):
        raise ValueError(f"a listing's address does not end with its slug: {first}")
    prefix = first[: -len(slugs[0])]
    return {slug: prefix + slug for slug in slugs}
