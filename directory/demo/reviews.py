"""Demo reviews: how many each practitioner gets, what they say, and who writes them.

Review texts speak of service, communication, punctuality, premises and fees: never of
clinical outcomes.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from random import Random

from directory.demo.names import INITIALS, REVIEWER_FIRST
from directory.demo.vocabulary import FIRST_VISIT_MONTH, LAST_VISIT_MONTH, REVIEW_TEXT, TIERS


def allocate_reviews(rng: Random, practitioners: int, reviews: int) -> list[list[int]]:
    """Ratings for each practitioner's reviews: skewed counts, skewed-positive ratings."""
    ratings: list[list[int]] = [[] for _ in range(practitioners)]
    if practitioners == 0 or reviews == 0:
        return ratings
    # Heavy-tailed popularity: many practitioners get none or a few, some get dozens.
    # Capped so that the busiest have dozens of reviews (about six times the average), not thousands.
    weights = [0.0 if rng.random() < 0.12 else min(rng.lognormvariate(0.0, 1.2), 12.0) for _ in range(practitioners)]
    if not any(weights):
        weights[0] = 1.0
    cum = list(accumulate(weights))
    total = cum[-1]
    counts = [0] * practitioners
    last = practitioners - 1
    for _ in range(reviews):
        i = bisect_right(cum, rng.random() * total)
        counts[min(i, last)] += 1
    tier_cum = list(accumulate(w for w, _ in TIERS))
    rating_cums = [list(accumulate(dist)) for _, dist in TIERS]
    values = (5, 4, 3, 2, 1)
    for i, count in enumerate(counts):
        if not count:
            continue
        dist = rating_cums[bisect_right(tier_cum, rng.random() * tier_cum[-1])]
        top = dist[-1]
        ratings[i] = [values[bisect_right(dist, rng.random() * top)] for _ in range(count)]
    return ratings


MONTHS: list[tuple[int, int]] = [
    (y, m)
    for y in range(FIRST_VISIT_MONTH[0], LAST_VISIT_MONTH[0] + 1)
    for m in range(1, 13)
    if FIRST_VISIT_MONTH <= (y, m) <= LAST_VISIT_MONTH
]


def review_body(rng: Random, sentiment: str, first: str) -> str:
    openers, details, closers = REVIEW_TEXT[sentiment]
    target = 40 + int(560 * rng.random() ** 1.8)
    parts = [rng.choice(openers).format(first=first)]
    length = len(parts[0])
    tries = 0
    while length < target and tries < 12:
        tries += 1
        sentence = rng.choice(details).format(first=first)
        if sentence in parts or length + 1 + len(sentence) > 600:
            continue
        parts.append(sentence)
        length += 1 + len(sentence)
    if rng.random() < 0.5:
        closer = rng.choice(closers).format(first=first)
        if length + 1 + len(closer) <= 600:
            parts.append(closer)
            length += 1 + len(closer)
    body = " ".join(parts)
    if len(body) < 40:  # every opener plus any detail is longer; kept for safety
        body = (body + " " + rng.choice(details).format(first=first))[:600]
    return body


def reviewer_name(number: int) -> str:
    first = REVIEWER_FIRST[(number * 2654435761) % len(REVIEWER_FIRST)]
    if number % 9 == 0:
        return first
    return f"{first} {INITIALS[(number * 40503 >> 4) % len(INITIALS)]}."
