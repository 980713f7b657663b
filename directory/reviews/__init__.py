"""Patient reviews: the form, confirmation, screening, reports, moderation, responses, invites."""
