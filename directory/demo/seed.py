"""Fictional demo practices, practitioners and reviews, spread over Australia by population.

``seed_demo`` writes with bulk Core inserts and flushes, but never commits: the caller (the
``seed-demo`` command) owns the transaction. Everything comes from ``random.Random(seed)``
(sub-streams derived from it), and every query it reads orders its rows, so the same seed on
the same reference data and gazetteer gives the same rows. Nothing here is real:

- names are drawn from lists of common given names and surnames (no real practitioner);
- e-mail addresses and websites are on the reserved ``example.com``/``.net``/``.org`` domains;
- phone numbers come only from the ranges ACMA reserves for fiction (landline ``5550 xxxx`` and
  ``7010 xxxx`` in every geographic area code, and the listed ``0491 57x xxx`` mobiles);
- physiotherapist registration numbers have the Ahpra shape (``PHY`` + 10 digits) but sit in
  ``PHY0009xxxxxx`` (not checked against the register: the listings are labelled as demo
  data, and the pages link to the public register); membership numbers are made up;
- every practice, practitioner and review row has ``is_demo`` set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.demo.generator import Generator, pick
from directory.demo.geography import Site
from directory.demo.reference import load_reference
from directory.demo.reviews import MONTHS, allocate_reviews, review_body, reviewer_name
from directory.demo.vocabulary import LATEST_PUBLISHED_AT, TITLES
from directory.practitioners.models import (
    Practice,
    Practitioner,
    practitioner_payers,
    practitioner_specialties,
)
from directory.practitioners.queries import forget_demo_flag
from directory.practitioners.rating import bayesian_score
from directory.practitioners.slugs import slugify
from directory.reviews.models import Review

BATCH = 5000


@dataclass(frozen=True)
class SeedReport:
    practices: int
    practitioners: int
    reviews: int


def _insert_returning_ids(session: Session, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert rows and return their new ids in the order of ``rows``."""
    stmt = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(stmt, rows).scalars())


def seed_demo(
    session: Session,
    practitioners: int,
    reviews: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Add ``practitioners`` demo practitioners (at new practices) and ``reviews`` reviews of them.

    Deterministic for a given ``seed`` and database contents. Flushes but does not commit.
    ``progress(n)`` is called after each batch with the number of practitioners or reviews just
    written (so the calls add up to ``practitioners + reviews``).
    """
    if practitioners < 0 or reviews < 0:
        raise ValueError("practitioners and reviews must not be negative")
    if reviews and not practitioners:
        raise ValueError("reviews need practitioners to review: pass practitioners > 0")
    session.flush()
    ref = load_reference(session)
    # Membership tests only (never iterated): slugs and registration numbers already on file.
    existing_slugs = set(session.scalars(sa.select(Practitioner.slug)))
    existing_numbers = set(
        session.scalars(
            sa.select(Practitioner.registration_number).where(Practitioner.registration_number.is_not(None))
        )
    )

    master = Random(seed)
    rng_people = Random(master.getrandbits(64))
    rng_alloc = Random(master.getrandbits(64))
    rng_reviews = Random(master.getrandbits(64))
    rng_fresh = Random(master.getrandbits(64))  # when each listing was last confirmed (drawn last: the rest stays)

    ratings = allocate_reviews(rng_alloc, practitioners, reviews)
    gen = Generator(ref, rng_people, existing_slugs, existing_numbers)

    practice_table: sa.Table = Practice.__table__  # type: ignore[assignment]
    practitioner_table: sa.Table = Practitioner.__table__  # type: ignore[assignment]
    review_table: sa.Table = Review.__table__  # type: ignore[assignment]

    # Per practitioner, what the reviews need: (id, first name).
    written: list[tuple[int, str]] = []
    practice_count = 0
    pending_practices: list[dict] = []
    pending_members: list[list[dict]] = []
    pending_size = 0

    def write_pending() -> None:
        nonlocal pending_practices, pending_members, pending_size, practice_count
        if not pending_practices:
            return
        practice_ids = _insert_returning_ids(session, practice_table, pending_practices)
        rows: list[dict] = []
        for practice_id, members in zip(practice_ids, pending_members, strict=True):
            for member in members:
                member["practice_id"] = practice_id
                rows.append(member)
        extras = [
            (row.pop("_specialty_ids"), row.pop("_payer_ids"), row.pop("_first"), row.pop("_last")) for row in rows
        ]
        start = len(written)
        for row in rows:
            # Confirmed at import, within the last 14 months: about a third are due for confirmation.
            row["confirmed_at"] = LATEST_PUBLISHED_AT - timedelta(days=rng_fresh.randint(0, 420))
            row["confirmed_by"] = "import"
        for offset, row in enumerate(rows):
            got = ratings[start + offset]
            if got:
                row["rating_count"] = len(got)
                row["rating_mean"] = sum(got) / len(got)
                row["rating_score"] = bayesian_score(row["rating_count"], row["rating_mean"])
                for stars in got:
                    row[f"rating_{stars}"] += 1
        practitioner_ids = _insert_returning_ids(session, practitioner_table, rows)
        spec_rows = []
        payer_rows = []
        for pid, (spec_ids, payer_ids, first, _last) in zip(practitioner_ids, extras, strict=True):
            spec_rows.extend({"practitioner_id": pid, "specialty_id": sid} for sid in spec_ids)
            payer_rows.extend({"practitioner_id": pid, "payer_id": yid} for yid in payer_ids)
            written.append((pid, first))
        if spec_rows:
            session.execute(sa.insert(practitioner_specialties), spec_rows)
        if payer_rows:
            session.execute(sa.insert(practitioner_payers), payer_rows)
        practice_count += len(pending_practices)
        if progress:
            progress(len(rows))
        pending_practices, pending_members, pending_size = [], [], 0

    def add_practice(kind: str, size: int, site: Site) -> None:
        nonlocal pending_size
        members = [gen.practitioner(physio, site) for physio in gen.professions_for(kind, size)]
        pending_practices.append(gen.practice(kind, site, members))
        pending_members.append(members)
        pending_size += len(members)
        if pending_size >= BATCH:
            write_pending()

    remaining = practitioners
    # First, both professions near the centre of every capital and major regional centre.
    for lat, lng, pop in gen.guaranteed_centres(practitioners):
        for kind in ("physio", "massage"):
            size = min(pick(rng_people, *gen.single_sizes), remaining)
            if size <= 0:
                break
            add_practice(kind, size, gen.site_near_centre(lat, lng, pop))
            remaining -= size
    # Then the rest, by population.
    while remaining > 0:
        kind, size = gen.practice_plan()
        size = min(size, remaining)
        add_practice(kind, size, gen.site_by_population())
        remaining -= size
    write_pending()

    # Reviews, practitioner by practitioner.
    pool = max(50, int(reviews * 0.9))
    review_count = 0
    batch: list[dict] = []
    n_months = len(MONTHS)
    for (practitioner_id, first), got in zip(written, ratings, strict=True):
        if not got:
            continue
        reviewers: set[int] = set()
        for rating in got:
            number = rng_reviews.randint(1, pool)
            while number in reviewers:
                number = rng_reviews.randint(1, pool)
            reviewers.add(number)
            sentiment = "positive" if rating >= 4 else ("mixed" if rating == 3 else "negative")
            year, month = MONTHS[min(n_months - 1, int(n_months * rng_reviews.random() ** 0.6))]
            visited = datetime(year, month, rng_reviews.randint(1, 28), tzinfo=UTC)
            published = visited + timedelta(
                days=min(int(rng_reviews.expovariate(1 / 5)), 45),
                hours=rng_reviews.randint(7, 22),
                minutes=rng_reviews.randint(0, 59),
                seconds=rng_reviews.randint(0, 59),
            )
            published = min(published, LATEST_PUBLISHED_AT)
            submitted = published - timedelta(minutes=rng_reviews.randint(3, 240))
            title = rng_reviews.choice(TITLES[sentiment]) if rng_reviews.random() < 0.6 else ""
            batch.append(
                {
                    "practitioner_id": practitioner_id,
                    "rating": rating,
                    "title": title,
                    "body": review_body(rng_reviews, sentiment, first),
                    "display_name": reviewer_name(number),
                    "email": f"reviewer{number}@example.net",
                    "email_key": f"reviewer{number}@example.net",
                    "visit_month": f"{year:04d}-{month:02d}",
                    "status": "published",
                    "published_at": published,
                    "is_demo": True,
                    "created_at": submitted,
                    "updated_at": published,
                }
            )
            if len(batch) >= BATCH:
                session.execute(sa.insert(review_table), batch)
                review_count += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
    if batch:
        session.execute(sa.insert(review_table), batch)
        review_count += len(batch)
        if progress:
            progress(len(batch))

    session.flush()
    forget_demo_flag()  # every page says demo data is loaded
    return SeedReport(practices=practice_count, practitioners=len(written), reviews=review_count)


__all__ = ["SeedReport", "seed_demo", "slugify"]
