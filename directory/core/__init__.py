"""Site-wide pages: home, health check, sitemap; and the hooks every response goes through."""

from directory.core.views import bp

__all__ = ["bp"]
