"""Patient reviews: the form, confirmation, screening, reports, moderation, responses, invites."""

from directory.reviews.views import bp

__all__ = ["bp"]
