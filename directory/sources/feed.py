"""``flask import-ratings FILE``: a feed of ratings from another source, as CSV or JSON (README).

Each row names a registered feed source, the listing's page there (its external id and address),
the figure (average 1–5 and count), when it was read, and optional excerpts. It is matched to
listings: by ``slug`` when given; else by the external id when listings are linked to it on that
source (all of them: a practice's page may be linked from each of its practitioners); else by the
match key, ``postcode`` with ``practice_name`` and/or ``name``, compared ignoring case, spaces and
punctuation: one listing matches, none is *unmatched*, several are *ambiguous*. Both are reported,
never guessed. A row writes nothing unless every value is right (feed_rows.py checks them).
Importing the same file again changes nothing. Excerpts are kept only where the source's terms
allow them, and never a positive clinical testimonial on a registered practitioner's listing
(decision 0008).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.audit.services import record_many
from directory.clock import as_utc, utcnow
from directory.practitioners.models import Practice, Practitioner, Profession
from directory.reviews.testimonials import testimonial_sentences
from directory.sources.feed_rows import FeedRow, RowProblem, parse_row
from directory.sources.models import ExternalRating, RatingSource

BATCH = 500


@dataclass
class Outcome:
    line: int
    outcome: str  # unmatched, ambiguous, rejected
    column: str
    message: str
    raw: dict


@dataclass
class FeedReport:
    created: int = 0  # figures of listings, not rows: one row may update every listing linked to a page
    updated: int = 0
    unchanged: int = 0
    excerpts_left_out: int = 0
    problems: list[Outcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for p in self.problems if p.outcome == outcome)


# --- matching ------------------------------------------------------------------------------------------


def match_key(text: str) -> str:
    """Names as the match compares them: accents, case, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


@dataclass(frozen=True)
class _Listing:
    id: int
    name: str
    practice_name: str
    postcode: str
    regulated: bool


def _listing_columns():
    return (
        Practitioner.id,
        Practitioner.name,
        Practice.name,
        Practice.postcode,
        Profession.regulated,
        Practitioner.slug,
    )


def _matches(session: Session, rows: list[FeedRow]) -> dict[int, list[_Listing] | str]:
    """For each row (by line): its listings, or "unmatched" / "ambiguous: …" / "no key". A few
    statements for the batch."""
    base = (
        sa.select(*_listing_columns())
        .join(Practice, Practitioner.practice_id == Practice.id)
        .join(Profession, Practitioner.profession_id == Profession.id)
    )
    by_slug = {}
    slugs = {row.slug for row in rows if row.slug}
    if slugs:
        by_slug = {r.slug: _Listing(*r[:5]) for r in session.execute(base.where(Practitioner.slug.in_(slugs)))}
    linked: dict[tuple[int, str], list[_Listing]] = {}
    ids = {row.external_id for row in rows if not row.slug}
    if ids:
        for source_id, external_id, *listing in session.execute(
            sa.select(ExternalRating.source_id, ExternalRating.external_id, *_listing_columns()[:5])
            .join(Practitioner, Practitioner.id == ExternalRating.practitioner_id)
            .join(Practice, Practitioner.practice_id == Practice.id)
            .join(Profession, Practitioner.profession_id == Profession.id)
            .where(ExternalRating.external_id.in_(ids))
            .order_by(Practitioner.id)
        ):
            linked.setdefault((source_id, external_id), []).append(_Listing(*listing))
    by_postcode: dict[str, list[_Listing]] = {}
    postcodes = {row.postcode for row in rows if not row.slug and row.postcode}
    if postcodes:
        for r in session.execute(base.where(Practice.postcode.in_(postcodes)).order_by(Practitioner.id)):
            by_postcode.setdefault(r[3], []).append(_Listing(*r[:5]))
    found: dict[int, list[_Listing] | str] = {}
    for row in rows:
        if row.slug:
            found[row.line] = [by_slug[row.slug]] if row.slug in by_slug else f"No listing has the slug “{row.slug}”."
            continue
        if (row.source.id, row.external_id) in linked:
            found[row.line] = linked[(row.source.id, row.external_id)]
            continue
        if not row.postcode or not (row.name or row.practice_name):
            found[row.line] = "Not linked yet: give slug, or postcode with practice_name and/or name."
            continue
        name, practice = match_key(row.name), match_key(row.practice_name)
        candidates = [
            listing
            for listing in by_postcode.get(row.postcode, [])
            if (not name or match_key(listing.name) == name)
            and (not practice or match_key(listing.practice_name) == practice)
        ]
        if not candidates:
            found[row.line] = "No listing has this name, practice and postcode."
        elif len(candidates) > 1:
            found[row.line] = "ambiguous: " + ", ".join(f"{c.name} at {c.practice_name}" for c in candidates[:5])
        else:
            found[row.line] = candidates
    return found


# --- writing -------------------------------------------------------------------------------------------


def _kept_excerpts(row: FeedRow, listing: _Listing) -> tuple[list[dict], int]:
    if not row.source.excerpts_allowed:
        return [], len(row.excerpts)
    if not listing.regulated:
        return row.excerpts, 0
    kept = [e for e in row.excerpts if not testimonial_sentences(e["text"])]
    return kept, len(row.excerpts) - len(kept)


def import_feed(
    session: Session,
    rows: Iterable[tuple[int, dict]],
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> FeedReport:
    """Import ``(line, row)`` pairs BATCH at a time. Flushes; the caller commits."""
    now = now or utcnow()
    sources = {s.slug: s for s in session.scalars(sa.select(RatingSource))}
    report = FeedReport()
    batch: list[tuple[int, dict]] = []
    for pair in rows:
        batch.append(pair)
        if len(batch) >= BATCH:
            _import_batch(session, batch, sources, now, report, progress)
            batch = []
    if batch:
        _import_batch(session, batch, sources, now, report, progress)
    session.flush()
    report.problems.sort(key=lambda p: p.line)
    return report


def _import_batch(session, batch, sources, now, report: FeedReport, progress) -> None:
    parsed: list[FeedRow] = []
    for line, raw in batch:
        try:
            parsed.append(parse_row(line, raw, sources, now))
        except RowProblem as problem:
            report.problems.append(Outcome(line, "rejected", problem.column, problem.message, raw))
    found = _matches(session, parsed)
    listing_ids = {listing.id for value in found.values() if isinstance(value, list) for listing in value}
    links = (
        {
            (link.source_id, link.practitioner_id): link
            for link in session.scalars(
                sa.select(ExternalRating).where(ExternalRating.practitioner_id.in_(listing_ids))
            )
        }
        if listing_ids
        else {}
    )
    events = []
    for row in parsed:
        value = found[row.line]
        if isinstance(value, str):
            outcome = "ambiguous" if value.startswith("ambiguous: ") else "unmatched"
            message = value.removeprefix("ambiguous: ")
            if outcome == "ambiguous":
                message = f"Several listings match: {message}. Give the slug."
            report.problems.append(Outcome(row.line, outcome, "slug" if row.slug else "name", message, row.raw))
            continue
        conflicts = [
            links[(row.source.id, listing.id)].external_id
            for listing in value
            if (row.source.id, listing.id) in links
            and links[(row.source.id, listing.id)].external_id != row.external_id
        ]
        if conflicts:
            report.problems.append(
                Outcome(
                    row.line,
                    "rejected",
                    "external_id",
                    f"The listing is linked to another page on {row.source.name} ({conflicts[0]}); "
                    "an administrator can change the link.",
                    row.raw,
                )
            )
            continue
        for listing in value:
            excerpts, left_out = _kept_excerpts(row, listing)
            report.excerpts_left_out += left_out
            link = links.get((row.source.id, listing.id))
            figure = {"rating": row.rating, "count": row.count, "retrieved_at": row.retrieved_at.isoformat()}
            if link is None:
                link = ExternalRating(
                    source_id=row.source.id,
                    practitioner_id=listing.id,
                    external_id=row.external_id,
                    linked_by="import",
                )
                session.add(link)
                links[(row.source.id, listing.id)] = link
                report.created += 1
                _write(link, row, excerpts)
                events.append((listing.id, {"source": row.source.slug, "external_id": row.external_id, **figure}))
            elif link.retrieved_at is not None and as_utc(link.retrieved_at) > row.retrieved_at:
                report.unchanged += 1  # we hold a newer figure
            elif _same(link, row, excerpts):
                report.unchanged += 1
            else:
                _write(link, row, excerpts)
                report.updated += 1
                events.append((listing.id, {"source": row.source.slug, "external_id": row.external_id, **figure}))
    session.flush()
    record_many(session, "rating.imported", events, actor_id=None)
    if progress:
        progress(len(batch))


def _same(link: ExternalRating, row: FeedRow, excerpts: list[dict]) -> bool:
    return (
        link.rating == row.rating
        and link.rating_count == row.count
        and link.retrieved_at is not None
        and as_utc(link.retrieved_at) == row.retrieved_at
        and (link.excerpts or []) == excerpts
        and (row.url is None or link.url == row.url)
    )


def _write(link: ExternalRating, row: FeedRow, excerpts: list[dict]) -> None:
    link.rating, link.rating_count, link.retrieved_at = row.rating, row.count, row.retrieved_at
    link.excerpts = excerpts
    if row.url:
        link.url = row.url
    link.last_error = None
