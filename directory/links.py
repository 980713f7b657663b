"""Absolute links: e-mails, the sitemap, structured data and the API's ``url`` fields.

Every absolute link is built from BASE_URL when it is set (production refuses to start without
it), never from the request's Host header, which a client chooses: a forged header must not
point a reset link, a sitemap entry or an API ``url`` at another site.
"""

from __future__ import annotations

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint``: BASE_URL + its path, or (development, BASE_URL unset)
    the request's own scheme and host."""
    base = current_app.config.get("BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
