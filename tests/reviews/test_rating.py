"""The stated rating formula."""

import pytest

from directory.practitioners.rating import PRIOR_MEAN, bayesian_score


def test_no_reviews_scores_the_prior():
    assert bayesian_score(0, None) == PRIOR_MEAN


def test_one_five_star_review_does_not_outrank_two_hundred_at_4_8():
    assert bayesian_score(1, 5.0) == pytest.approx(3.75)
    assert bayesian_score(200, 4.8) == pytest.approx((5 * 3.5 + 960) / 205)
    assert bayesian_score(200, 4.8) > bayesian_score(1, 5.0)


def test_more_reviews_at_the_same_mean_move_towards_the_mean():
    assert bayesian_score(5, 5.0) < bayesian_score(50, 5.0) < 5.0
    assert bayesian_score(5, 1.0) > bayesian_score(50, 1.0) > 1.0


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        bayesian_score(-1, 4.0)
