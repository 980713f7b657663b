"""``flask sources refresh``: what each API adapter that is on reads, within its terms.

For each adapter with a key: first the owners' open requests to link a listing to a page on it (the
automatic check: the page's phone number, or its name and postcode, must be the listing's; else the
request waits for an administrator), then the linked listings whose figure is missing or has passed
half its caching limit, oldest first, at most ``limit`` requests a run. Figures past the limit of any
source are deleted first. A source that refuses more requests (its rate limit) is left until the
next run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.clock import utcnow
from directory.sources.adapters import Adapter, Business, NotAtSource, SourceError, SourceLimited
from directory.sources.feed import match_key
from directory.sources.models import ExternalRating, SourceLinkRequest
from directory.sources.services import adapter_source, approve_request, clear_figure, purge_expired, set_figure


@dataclass
class RefreshReport:
    purged: int = 0
    read: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    approved: int = 0
    left_for_admin: int = 0
    stopped: list[str] = field(default_factory=list)  # sources that refused more requests


def _digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")[-9:]


def same_business(business: Business, practitioner) -> bool:
    """Whether the source's page is the listing's: the same phone number (its last nine digits), or
    the practice's (or practitioner's) name and the postcode."""
    practice = practitioner.practice
    if _digits(practice.phone) and _digits(practice.phone) == _digits(business.phone):
        return True
    names = {match_key(practice.name), match_key(practitioner.name)}
    return bool(business.postcode) and business.postcode == practice.postcode and match_key(business.name) in names


def refresh(session: Session, adapters: dict[str, Adapter], limit: int = 500, now: datetime | None = None):
    """Flushes; the command commits."""
    now = now or utcnow()
    report = RefreshReport(purged=purge_expired(session, now))
    for slug, adapter in adapters.items():
        source = adapter_source(session, adapter)
        report.read[slug] = report.failed[slug] = 0
        budget = limit
        try:
            for request in session.scalars(
                sa.select(SourceLinkRequest)
                .where(SourceLinkRequest.source_id == source.id, SourceLinkRequest.status == "pending")
                .order_by(SourceLinkRequest.created_at, SourceLinkRequest.id)
                .limit(budget)
            ).all():
                budget -= 1
                try:
                    business = adapter.business(request.external_id)
                except NotAtSource:
                    request.note = f"{source.name} has no such page; an administrator will check it."
                    report.left_for_admin += 1
                    continue
                if same_business(business, request.practitioner):
                    link = approve_request(session, request, None, business.external_id, "Checked automatically.")
                    set_figure(link, business, now)
                    report.approved += 1
                    report.read[slug] += 1
                else:
                    request.note = (
                        f"The automatic check did not find this listing's phone, or its name and postcode, on "
                        f"that {source.name} page; an administrator will check it."
                    )
                    report.left_for_admin += 1
            due = now - timedelta(hours=source.max_age_hours / 2)
            for link in session.scalars(
                sa.select(ExternalRating)
                .where(
                    ExternalRating.source_id == source.id,
                    sa.or_(ExternalRating.retrieved_at.is_(None), ExternalRating.retrieved_at <= due),
                )
                .order_by(ExternalRating.retrieved_at.is_not(None), ExternalRating.retrieved_at, ExternalRating.id)
                .limit(max(budget, 0))
            ).all():
                try:
                    set_figure(link, adapter.business(link.external_id), now)
                    report.read[slug] += 1
                except NotAtSource as error:
                    clear_figure(link)
                    link.last_error = error.message
                    report.failed[slug] += 1
        except SourceLimited:
            report.stopped.append(slug)
        except SourceError as error:
            # The service is down or refuses the key: try again on the next run.
            report.stopped.append(slug)
            report.failed[slug] += 1
            session.execute(
                sa.update(ExternalRating)
                .where(ExternalRating.source_id == source.id, ExternalRating.retrieved_at.is_(None))
                .values(last_error=error.message[:200])
            )
        session.flush()
    return report
