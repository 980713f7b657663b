"""Listings: a practitioner's public page, and the guide to the two professions."""
