"""Practitioners: the ground floor every feature stands on.

The practitioner, practice and taxonomy models (professions, specialties, payers), listing slugs,
the rules for registration and membership numbers, loading a listing, and the CSV importer.
"""
