"""What a listing page shows of other sources: fresh figures only, each with its source, in one
statement; and the combined figure, whose method the page states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, raiseload

from directory.clock import as_utc, utcnow
from directory.sources.models import ExternalRating, RatingSource
from directory.sources.services import expires_at


@dataclass(frozen=True)
class Excerpt:
    author: str
    date: date | None
    text: str

    @property
    def written(self) -> str:
        """``"3 June 2026"``, or empty."""
        return f"{self.date.day} {self.date:%B %Y}" if self.date else ""


@dataclass(frozen=True)
class RatingElsewhere:
    source_slug: str
    source_name: str
    source_home: str
    terms_url: str | None
    subject_name: str | None
    average: float
    count: int
    retrieved_at: datetime
    url: str
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True)
class Combined:
    """Every shown average (ours included) weighted by its number of ratings."""

    average: float
    count: int
    sources: int


def ratings_elsewhere(
    session: Session, practitioner_id: int, adapters_on: set[str] | frozenset[str], now: datetime | None = None
) -> list[RatingElsewhere]:
    """The listing's figures on other sources that may be shown now: within their source's caching
    limit (a stale figure is hidden, never shown stale), from a feed source or an adapter that is on.
    One statement."""
    now = now or utcnow()
    rows = session.execute(
        sa.select(ExternalRating, RatingSource)
        .join(RatingSource, RatingSource.id == ExternalRating.source_id)
        .where(ExternalRating.practitioner_id == practitioner_id, ExternalRating.rating.is_not(None))
        .order_by(RatingSource.name)
        .options(raiseload(ExternalRating.source))
    ).all()
    shown = []
    for link, source in rows:
        if source.kind == "api" and source.slug not in adapters_on:
            continue
        if expires_at(source, link.retrieved_at) <= now:
            continue
        excerpts = tuple(_excerpt(e) for e in (link.excerpts or [])) if source.excerpts_allowed else ()
        shown.append(
            RatingElsewhere(
                source_slug=source.slug,
                source_name=source.name,
                source_home=source.home_url,
                terms_url=source.terms_url,
                subject_name=link.subject_name,
                average=link.rating,
                count=link.rating_count,
                retrieved_at=as_utc(link.retrieved_at),
                url=link.url or source.home_url,
                excerpts=excerpts,
            )
        )
    return shown


def _excerpt(data: dict) -> Excerpt:
    try:
        written = date.fromisoformat(data.get("date") or "")
    except ValueError:
        written = None
    return Excerpt(author=str(data.get("author") or ""), date=written, text=str(data.get("text") or ""))


def combined(our_mean: float | None, our_count: int, elsewhere: list[RatingElsewhere]) -> Combined | None:
    """The average of every shown figure, each weighted by its count (so a source with 200 ratings
    counts 200 times one with 1), or None when there is nothing to combine."""
    parts = [(r.average, r.count) for r in elsewhere]
    if our_count and our_mean is not None:
        parts.append((our_mean, our_count))
    if len(parts) < 2:
        return None
    total = sum(count for _, count in parts)
    return Combined(round(sum(mean * count for mean, count in parts) / total, 2), total, len(parts))
