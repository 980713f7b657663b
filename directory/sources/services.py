"""Sources, links and figures: registering a feed source, linking a listing to its page on a source
(by an import, an administrator or an adapter's automatic check), owners' requests and their
decisions, and keeping a figure no longer than the source's terms allow. Services flush; the view or
command commits."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.accounts.models import User
from directory.audit.services import record
from directory.clock import as_utc, utcnow
from directory.errors import Conflict, InvalidInput
from directory.practitioners.models import Practitioner
from directory.sources.adapters import Adapter, Business
from directory.sources.models import ExternalRating, RatingSource, SourceLinkRequest
from directory.text import control_character

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXTERNAL_ID_MAX = 200


class InvalidSourceValue(InvalidInput):
    pass


class LinkDecided(Conflict):
    """The request was decided already."""


def page_url(text: str | None) -> str | None:
    """A page's address on a source as we keep it (http or https, at most 300 characters), or None."""
    text = (text or "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or "") or len(text) > 300:
        return None
    return text


def register_feed_source(
    session: Session,
    slug: str,
    name: str,
    home_url: str,
    terms_url: str | None,
    keep_days: int,
    excerpts_allowed: bool,
) -> tuple[RatingSource, bool]:
    """Add a feed source, or change its name and terms. Returns the source and whether it is new."""
    if not SLUG.match(slug) or len(slug) > 40:
        raise InvalidSourceValue("Use lower-case letters, digits and hyphens for the source's slug.", field="slug")
    if not name.strip() or len(name) > 80 or control_character(name):
        raise InvalidSourceValue("Give the source's name, at most 80 characters.", field="name")
    if page_url(home_url) is None:
        raise InvalidSourceValue("Give the source's home page, like https://example.com.au.", field="home_url")
    if terms_url and page_url(terms_url) is None:
        raise InvalidSourceValue("Give the address of the source's terms, or leave it out.", field="terms_url")
    if not 1 <= keep_days <= 3650:
        raise InvalidSourceValue("Keep figures between 1 and 3,650 days, as the terms allow.", field="keep_days")
    source = session.scalar(sa.select(RatingSource).where(RatingSource.slug == slug))
    if source is not None and source.kind != "feed":
        raise InvalidSourceValue(f"“{slug}” is read by an API adapter; its terms are in the code.", field="slug")
    created = source is None
    if created:
        source = RatingSource(slug=slug, kind="feed")
        session.add(source)
    source.name, source.home_url, source.terms_url = name.strip(), home_url, terms_url or None
    source.max_age_hours, source.excerpts_allowed = keep_days * 24, excerpts_allowed
    session.flush()
    return source, created


def adapter_source(session: Session, adapter: Adapter) -> RatingSource:
    """The row of an adapter's source, made or brought up to date with the terms in its code."""
    terms = adapter.terms
    source = session.scalar(sa.select(RatingSource).where(RatingSource.slug == adapter.slug))
    if source is None:
        source = RatingSource(slug=adapter.slug, kind="api")
        session.add(source)
    source.kind, source.name, source.home_url, source.terms_url = "api", terms.name, terms.home_url, terms.terms_url
    source.max_age_hours, source.excerpts_allowed = terms.max_age_hours, terms.excerpts_allowed
    session.flush()
    return source


def listed_sources(session: Session, adapters: dict[str, Adapter]) -> list[RatingSource]:
    """The sources the site speaks of: every feed source, and API sources whose adapter is on."""
    sources = session.scalars(sa.select(RatingSource).order_by(RatingSource.name)).all()
    return [s for s in sources if s.kind == "feed" or s.slug in adapters]


def expires_at(source: RatingSource, retrieved_at: datetime) -> datetime:
    return as_utc(retrieved_at) + timedelta(hours=source.max_age_hours)


def is_fresh(source: RatingSource, retrieved_at: datetime | None, now: datetime | None = None) -> bool:
    return retrieved_at is not None and expires_at(source, retrieved_at) > (now or utcnow())


def clear_figure(link: ExternalRating) -> None:
    link.rating = link.rating_count = link.retrieved_at = None
    link.excerpts = []


def set_figure(link: ExternalRating, business: Business, retrieved_at: datetime) -> None:
    link.subject_name = business.name or link.subject_name
    link.url = business.url or link.url
    link.last_error = None
    if business.rating is None or business.count < 1:
        clear_figure(link)  # no ratings there yet: nothing to show
        return
    link.rating, link.rating_count, link.retrieved_at = round(business.rating, 2), business.count, retrieved_at
    link.excerpts = []


def link_listing(
    session: Session,
    source: RatingSource,
    practitioner: Practitioner,
    external_id: str,
    url: str | None,
    linked_by: str,
    actor_id: int | None,
) -> ExternalRating:
    """Link the listing to its page on the source (replacing another page's link: the figure of the
    old page goes with it). Records ``source.linked``."""
    link = session.scalar(
        sa.select(ExternalRating).where(
            ExternalRating.source_id == source.id, ExternalRating.practitioner_id == practitioner.id
        )
    )
    previous = None
    if link is None:
        link = ExternalRating(
            source_id=source.id, practitioner_id=practitioner.id, external_id=external_id, excerpts=[]
        )
        session.add(link)
    elif link.external_id != external_id:
        previous = link.external_id
        clear_figure(link)
        link.subject_name = None
    link.external_id, link.linked_by = external_id, linked_by
    link.url = url or (link.url if previous is None else None)
    session.flush()
    record(
        session,
        "source.linked",
        actor_id=actor_id,
        practitioner_id=practitioner.id,
        source=source.slug,
        external_id=external_id,
        linked_by=linked_by,
        **({"replaced": previous} if previous else {}),
    )
    return link


def request_link(
    session: Session,
    practitioner: Practitioner,
    user: User,
    source: RatingSource,
    text: str,
    adapter: Adapter | None,
) -> SourceLinkRequest:
    """An owner's word that their listing is this page (or id) on the source. It replaces their
    open request for that source and links nothing until it is approved."""
    text = (text or "").strip()
    url = page_url(text)
    if adapter is not None:
        external_id = adapter.external_id_from(text)
        if external_id is None:
            raise InvalidSourceValue(
                f"Paste the address of your page on {source.name}, as your browser shows it.", field="address"
            )
    else:
        # A feed names pages by its own ids: an administrator sets the id when approving.
        if not text or len(text) > EXTERNAL_ID_MAX or control_character(text, allow_newlines=False):
            raise InvalidSourceValue(
                f"Paste the address of your page on {source.name} (at most {EXTERNAL_ID_MAX} characters).",
                field="address",
            )
        external_id = text
    pending = session.scalar(
        sa.select(SourceLinkRequest).where(
            SourceLinkRequest.source_id == source.id,
            SourceLinkRequest.practitioner_id == practitioner.id,
            SourceLinkRequest.status == "pending",
        )
    )
    if pending is None:
        pending = SourceLinkRequest(source_id=source.id, practitioner_id=practitioner.id, status="pending")
        session.add(pending)
    pending.external_id, pending.url, pending.requested_by_id = external_id, url, user.id
    pending.created_at = utcnow()
    session.flush()
    record(
        session,
        "source.link_requested",
        actor_id=user.id,
        practitioner_id=practitioner.id,
        source=source.slug,
        external_id=external_id,
    )
    return pending


def _decide(request: SourceLinkRequest, status: str, admin_id: int | None, note: str) -> None:
    if request.status != "pending":
        raise LinkDecided("This request has already been decided.")
    request.status, request.decided_by_id, request.decided_at, request.note = status, admin_id, utcnow(), note


def approve_request(
    session: Session, request: SourceLinkRequest, admin: User | None, external_id: str | None = None, note: str = ""
) -> ExternalRating:
    """Link the listing as requested (an administrator may correct the id). ``admin`` None: the
    automatic check of the source's adapter approved it."""
    external_id = (external_id or request.external_id).strip()
    if not external_id or len(external_id) > EXTERNAL_ID_MAX or control_character(external_id, allow_newlines=False):
        raise InvalidSourceValue("Give the page's id on the source.", field="external_id")
    _decide(request, "approved", admin.id if admin else None, note)
    request.external_id = external_id
    return link_listing(
        session,
        request.source,
        request.practitioner,
        external_id,
        request.url,
        "admin" if admin else "automatic",
        admin.id if admin else None,
    )


def reject_request(session: Session, request: SourceLinkRequest, admin: User, note: str) -> None:
    """Turn the request down, saying why (the owner sees it). The listing keeps what it had."""
    _decide(request, "rejected", admin.id, note.strip())
    session.flush()
    record(
        session,
        "source.link_rejected",
        actor_id=admin.id,
        practitioner_id=request.practitioner_id,
        source=request.source.slug,
        external_id=request.external_id,
        note=note.strip(),
    )


def purge_expired(session: Session, now: datetime | None = None) -> int:
    """Delete every figure past its source's caching limit (the link and its id stay), one UPDATE
    per source. Returns how many were deleted."""
    now = now or utcnow()
    deleted = 0
    for source in session.scalars(sa.select(RatingSource)):
        result = session.execute(
            sa.update(ExternalRating)
            .where(
                ExternalRating.source_id == source.id,
                ExternalRating.retrieved_at <= now - timedelta(hours=source.max_age_hours),
            )
            .values(rating=None, rating_count=None, retrieved_at=None, excerpts=[])
            .execution_options(synchronize_session=False)
        )
        deleted += result.rowcount or 0
    session.expire_all()
    return deleted
