"""The rating formula, stated on the site: a Bayesian mean that pulls small samples to a prior.

    score = (C × m + n × mean) / (C + n)

with C = 5 reviews of weight and m = 3.5 stars. One 5-star review scores 3.75; two hundred
reviews averaging 4.8 score 4.77; a listing with no reviews scores 3.5 and sorts after every
listing whose reviews are better than middling.
"""

from __future__ import annotations

import sqlalchemy as sa

PRIOR_WEIGHT = 5
PRIOR_MEAN = 3.5


def bayesian_score(count: int, mean: float | None) -> float:
    """The sort-by-rating score for ``count`` published reviews averaging ``mean``."""
    if count < 0:
        raise ValueError("count must not be negative")
    total = (mean or 0.0) * count
    return (PRIOR_WEIGHT * PRIOR_MEAN + total) / (PRIOR_WEIGHT + count)


def bayesian_score_sql(count_column, mean_column):
    """The same score as a SQL expression: what ``practitioners.rating_score`` stores."""
    return (PRIOR_WEIGHT * PRIOR_MEAN + sa.func.coalesce(mean_column, 0.0) * count_column) / (
        PRIOR_WEIGHT + count_column
    )


FORMULA_TEXT = (
    f"score = ({PRIOR_WEIGHT} × {PRIOR_MEAN} + number of reviews × average rating) "
    f"÷ ({PRIOR_WEIGHT} + number of reviews)"
)
