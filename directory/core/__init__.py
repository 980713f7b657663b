"""Site-wide pages: home, health check, sitemap; and the hooks every response goes through."""
