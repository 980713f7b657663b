"""The JSON API under /api/v1, documented by /api/v1/openapi.json."""
