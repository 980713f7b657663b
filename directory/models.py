"""Every feature's models in one import, for Alembic's autogenerate and for the shell."""

from directory.accounts.models import User
from directory.audit.models import AuditEvent
from directory.claims.models import Claim, ContactChange
from directory.corrections.models import ListingCorrection
from directory.geo.models import Place
from directory.models_base import Base
from directory.practitioners.models import (
    Payer,
    Practice,
    Practitioner,
    Profession,
    Specialty,
    practitioner_payers,
    practitioner_specialties,
    specialty_professions,
)
from directory.reviews.models import Review, ReviewInvite, ReviewReport, ReviewResponse, TakedownRequest
from directory.sources.models import ExternalRating, RatingSource, SourceLinkRequest

__all__ = [
    "AuditEvent",
    "Base",
    "Claim",
    "ContactChange",
    "ExternalRating",
    "ListingCorrection",
    "User",
    "Payer",
    "Place",
    "Practice",
    "Practitioner",
    "Profession",
    "RatingSource",
    "Review",
    "ReviewInvite",
    "ReviewReport",
    "ReviewResponse",
    "SourceLinkRequest",
    "Specialty",
    "TakedownRequest",
    "practitioner_payers",
    "practitioner_specialties",
    "specialty_professions",
]
