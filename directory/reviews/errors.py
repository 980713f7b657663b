"""What the review rules answer when they refuse a request."""

from __future__ import annotations

from directory.errors import Conflict, InvalidInput


class ReviewError(Conflict):
    """A review rule refused the request (the review is not in a state that allows it, a cap is reached…)."""

    code = "review_refused"


class InvalidInvite(InvalidInput):
    """An invitation link that is unknown, used, expired, or for another listing."""
