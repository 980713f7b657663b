"""API adapters: public services whose terms let a site show a business's rating and count, each
configured by a key in settings and off without it (then the site says nothing about it).

An adapter knows its source's terms (``Terms``), turns what an owner pastes (a page's address or an
id) into the service's id, and reads one business: its name, average, count, page, phone and
postcode (the last two for the automatic check of an owner's link). It never runs while a page is
served: ``flask sources refresh`` calls it.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from flask import Flask


@dataclass(frozen=True)
class Terms:
    """What a source's terms allow, as we read them (decision 0013)."""

    name: str
    home_url: str
    terms_url: str
    max_age_hours: int  # how long a figure may be kept and shown
    excerpts_allowed: bool


@dataclass(frozen=True)
class Business:
    """One business as a source describes it."""

    external_id: str
    name: str
    rating: float | None
    count: int
    url: str | None
    phone: str | None
    postcode: str | None


class SourceError(Exception):
    """The source could not give the figure; ``message`` says why (kept as the link's last error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAtSource(SourceError):
    """The source has no such business (any more)."""


class SourceLimited(SourceError):
    """The source refuses more requests for now (its daily or per-second limit)."""


class Adapter(Protocol):
    slug: str
    terms: Terms

    def external_id_from(self, text: str) -> str | None: ...

    def business(self, external_id: str) -> Business: ...


class YelpAdapter:
    """Yelp Places API (formerly Fusion): ``GET /v3/businesses/{id or alias}`` with a Bearer key.

    Its terms, as we read them: business ids may be kept; other content for at most 24 hours, shown
    with Yelp's name and a link to the business's Yelp page. The rating is of the business (often
    the practice, not the practitioner), and the listing says so. Excerpts are not read.
    """

    slug = "yelp"
    terms = Terms(
        name="Yelp",
        home_url="https://www.yelp.com.au/",
        terms_url="https://terms.yelp.com/developers/api_terms/",
        max_age_hours=24,
        excerpts_allowed=False,
    )
    _PAGE = re.compile(r"^https?://(?:[a-z]+\.)?yelp\.[a-z.]+/biz/([^/?#]+)", re.I)
    _ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")

    def __init__(self, api_key: str, base_url: str = "https://api.yelp.com/v3", timeout: float = 10.0) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def external_id_from(self, text: str) -> str | None:
        """The business id or alias in a Yelp page's address (``…/biz/harbour-physio-fitzroy``), or
        the text itself when it looks like one; None otherwise."""
        text = (text or "").strip()
        match = self._PAGE.match(text)
        candidate = urllib.parse.unquote(match.group(1)) if match else text
        return candidate if self._ID.match(candidate) else None

    def business(self, external_id: str) -> Business:
        request = urllib.request.Request(
            f"{self.base_url}/businesses/{urllib.parse.quote(external_id, safe='')}",
            headers={"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (https or the test server)
                data = json.load(response)
        except urllib.error.HTTPError as error:
            code = _error_code(error)
            if error.code == 404 or code == "BUSINESS_NOT_FOUND":
                raise NotAtSource("Yelp has no such business.") from None
            if error.code == 429:
                raise SourceLimited(f"Yelp refused more requests for now ({code or 'rate limit'}).") from None
            raise SourceError(f"Yelp answered {error.code} ({code or 'no code'}).") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SourceError(f"Yelp could not be reached: {error}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise SourceError("Yelp's answer was not JSON.") from None
        try:
            count = int(data.get("review_count") or 0)
            rating = float(data["rating"]) if count and data.get("rating") is not None else None
            location = data.get("location") or {}
            return Business(
                external_id=str(data.get("id") or external_id),
                name=str(data.get("name") or "")[:160],
                rating=rating if rating is None or 1 <= rating <= 5 else None,
                count=count if rating is not None else 0,
                url=_page_url(data.get("url")),
                phone=data.get("phone") or None,
                postcode=(location.get("zip_code") or None) if isinstance(location, dict) else None,
            )
        except (TypeError, ValueError, KeyError, AttributeError):
            raise SourceError("Yelp's answer did not have the expected fields.") from None


def _error_code(error: urllib.error.HTTPError) -> str | None:
    try:
        return str(json.load(error)["error"]["code"])
    except Exception:  # noqa: BLE001 (any body that is not Yelp's error shape)
        return None


def _page_url(url) -> str | None:
    """The business's page without the tracking query Yelp adds."""
    if not isinstance(url, str) or not url.startswith("https://"):
        return None
    return url.split("?", 1)[0][:300]


def configured_adapters(app: Flask) -> dict[str, Adapter]:
    """The adapters whose key is set, by source slug. Without its key an adapter is off."""
    adapters: dict[str, Adapter] = {}
    if app.config.get("YELP_API_KEY"):
        adapters[YelpAdapter.slug] = YelpAdapter(app.config["YELP_API_KEY"], app.config["YELP_API_URL"])
    return adapters


ADAPTER_TERMS = {YelpAdapter.slug: YelpAdapter.terms}


def adapters_on(app: Flask) -> frozenset[str]:
    """The slugs of the API sources whose adapter is on: the site speaks only of these (and feeds)."""
    return frozenset(slug for slug, key in (("yelp", "YELP_API_KEY"),) if app.config.get(key))
