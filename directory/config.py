"""Settings: defaults, overridden from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """Raised when the application cannot start with the settings it was given."""


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path, production: bool) -> str:
    """Return SECRET_KEY from the environment, or a dev key kept under instance/.

    Production refuses to start without an explicit key: a generated one would log
    everybody out on each deploy and differ between processes.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError(
            "SECRET_KEY is not set. In production (FLASK_ENV/APP_ENV=production) the site "
            "refuses to start without one; set SECRET_KEY to a long random string, e.g. "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    path = instance_path / "dev-secret-key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _base_url(production: bool, trusted_hosts: list[str] | None) -> str | None:
    """BASE_URL, checked: every absolute link is built from it, so production needs it, and it
    must name a host the site answers to (TRUSTED_HOSTS)."""
    base = os.environ.get("BASE_URL", "").strip().rstrip("/") or None
    if base is not None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ConfigError(f"BASE_URL must look like https://directory.example.org (got {base!r}).")
    if not production:
        return base
    if base is None:
        raise ConfigError(
            "BASE_URL is not set. In production every link in e-mails, the sitemap and the API is built "
            "from it; set it to the site's public address, e.g. BASE_URL=https://directory.example.org."
        )
    if not trusted_hosts:
        raise ConfigError(
            "TRUSTED_HOSTS is not set. In production the site answers only to its own host names; set "
            "TRUSTED_HOSTS to a comma-separated list, e.g. TRUSTED_HOSTS=directory.example.org."
        )
    host = urlsplit(base).hostname
    if not any(host == h or (h.startswith(".") and host.endswith(h)) for h in trusted_hosts):
        raise ConfigError(f"The host of BASE_URL ({host}) is not in TRUSTED_HOSTS ({', '.join(trusted_hosts)}).")
    return base


def _max_content_length() -> int:
    raw = os.environ.get("MAX_CONTENT_LENGTH", "").strip()
    if not raw:
        return DEFAULT_MAX_CONTENT_LENGTH
    if not raw.isdigit() or int(raw) < 1024:
        raise ConfigError(f"MAX_CONTENT_LENGTH is a number of bytes, at least 1024 (got {raw!r}).")
    return int(raw)


def _compress_level() -> int:
    raw = os.environ.get("COMPRESS_LEVEL", "").strip() or "6"
    if not raw.isdigit() or int(raw) > 9:
        raise ConfigError(f"COMPRESS_LEVEL is a whole number from 0 (off) to 9 (got {raw!r}).")
    return int(raw)


def _map_tiles() -> dict:
    """MAP_TILE_URL, MAP_TILE_ATTRIBUTION and MAP_TILE_MAX_ZOOM, checked. No tile URL (the default):
    maps are drawn without tiles and no page makes a request to another host."""
    url = os.environ.get("MAP_TILE_URL", "").strip()
    attribution = " ".join(os.environ.get("MAP_TILE_ATTRIBUTION", "").split())
    raw_zoom = os.environ.get("MAP_TILE_MAX_ZOOM", "").strip() or "18"
    if not raw_zoom.isdigit() or not 1 <= int(raw_zoom) <= 22:
        raise ConfigError(f"MAP_TILE_MAX_ZOOM is a whole number from 1 to 22 (got {raw_zoom!r}).")
    if url:
        parts = urlsplit(url.replace("{s}", "a"))
        if (
            parts.scheme not in ("https", "http")
            or not parts.hostname
            or not all(f"{{{p}}}" in url for p in "zxy")
            or any(ch in url for ch in " \"'<>;")
        ):
            raise ConfigError(
                "MAP_TILE_URL must be an https address with {z}, {x} and {y}, e.g. "
                f"https://tiles.example.org/{{z}}/{{x}}/{{y}}.png (got {url!r})."
            )
        if not attribution:
            raise ConfigError("MAP_TILE_ATTRIBUTION is required with MAP_TILE_URL: tile services require credit.")
    return {"MAP_TILE_URL": url, "MAP_TILE_ATTRIBUTION": attribution, "MAP_TILE_MAX_ZOOM": int(raw_zoom)}


# The largest request body read: a review is at most 5,000 characters; 1 MiB leaves room for
# every form and refuses a 40 MB POST before it is read.
DEFAULT_MAX_CONTENT_LENGTH = 1024 * 1024


def load_config(instance_path: Path) -> dict:
    """Build the configuration mapping from the environment."""
    production = os.environ.get("APP_ENV", os.environ.get("FLASK_ENV", "")).lower() == "production"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'directory.sqlite3'}"
    # Heroku-style URLs name the old driver; we ship psycopg 3.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    trusted_hosts = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    return {
        "PRODUCTION": production,
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "GEOCODER": os.environ.get("GEOCODER", "offline"),
        "GEOCODER_USER_AGENT": os.environ.get(
            "GEOCODER_USER_AGENT", "movewell-directory/1.0 (+https://example.org/contact)"
        ),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Reads are cheap but a whole directory is worth scraping: cap each client address.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "300 per minute"),
        # Host names this site answers to (comma-separated); required in production. Flask answers
        # 400 to any other Host header.
        "TRUSTED_HOSTS": trusted_hosts,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # The site's public address, e.g. https://directory.example.org: every absolute link
        # (e-mails, sitemap, structured data, API urls) is built from it. Required in production.
        "BASE_URL": _base_url(production, trusted_hosts),
        # Request bodies larger than this are refused with 413 before they are read.
        "MAX_CONTENT_LENGTH": _max_content_length(),
        # How many reverse proxies (nginx, a load balancer) sit in front: their X-Forwarded-*
        # headers are then trusted for the client address (rate limits) and scheme. 0: none.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "RATELIMIT_HEADERS_ENABLED": True,
        "OUTBOX_DIR": os.environ.get("OUTBOX_DIR") or str(instance_path / "outbox"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", True),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "MoveWell Directory <no-reply@example.org>"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "BOOTSTRAP_SERVE_LOCAL": True,
        # Rating sources' API adapters (decision 0013): each is off without its key.
        "YELP_API_KEY": os.environ.get("YELP_API_KEY", "").strip(),
        "YELP_API_URL": os.environ.get("YELP_API_URL", "https://api.yelp.com/v3").strip(),
        # gzip level for text responses (1–9); 0 when a reverse proxy compresses (README, "Deployment").
        "COMPRESS_LEVEL": _compress_level(),
        # Map tiles: none by default (no outside request); see README, "Maps".
        **_map_tiles(),
        "SEARCH_DEFAULT_RADIUS_KM": 10,
        "SEARCH_MAX_PER_PAGE": 50,
        "SEARCH_DEFAULT_PER_PAGE": 20,
    }
