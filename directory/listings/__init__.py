"""Listings: a practitioner's public page, and the guide to the two professions."""

from directory.listings.views import bp

__all__ = ["bp"]
