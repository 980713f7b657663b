"""Ratings from other sources (decision 0013): each source with its name, home page and terms, the
listings' pages on it, and the figures read from a feed file or an API adapter, shown labelled
beside our own rating and never mixed into it."""
