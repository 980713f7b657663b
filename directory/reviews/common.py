"""The reviews blueprint, shared by its view modules: views.py (writing, confirming, reporting
reviews; owners' responses and invites) and dispute_views.py (disputes and the review policy).
Importing views.py registers both."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)
