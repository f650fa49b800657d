"""Settings, read from the environment (prefix ``PALERMO_``) or a ``.env`` file.

Defaults suit a laptop: SQLite under ``var/`` and a key file beside it. Settings
that would be insecure in a deployment are refused rather than silently accepted.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from palermo.errors import ConfigurationError
from palermo.i18n import msg


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PALERMO_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/palermo.db"
    key_file: Path = Path("var/palermo.keys")
    # Keys may instead come from the environment (base64, see ``palermo keys init --print``);
    # they then take precedence over the key file.
    keys: str | None = None
    # Cookies are marked Secure unless explicitly served over plain http on loopback (demo, tests).
    insecure_cookies: bool = False
    session_hours: int = 8
    # Sign-in throttling: after this many failures in a row, each further attempt for the
    # same username (known or not) or from the same address must wait, twice as long each
    # time, up to login_max_delay_seconds. Nothing is locked and no session is ended.
    login_free_failures_per_user: int = 5
    login_free_failures_per_address: int = 20
    login_max_delay_seconds: int = 300
    # Failures older than this are forgotten.
    login_failure_window_minutes: int = 60
    default_locale: str = "en"
    # Justice work queue: compensation ordered and not fully paid after this many days.
    compensation_unpaid_days: int = 180
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated
    # addresses or networks, "*" for any). Empty: the client is the socket's peer.
    forwarded_allow_ips: str = ""
    # Bounded waits: SQLite's busy timeout, PostgreSQL's lock timeout, the wait for a pooled
    # connection; past them a request is answered 503 with Retry-After.
    db_busy_seconds: float = 5.0
    busy_retry_after_seconds: int = 2
    db_pool_size: int = 10
    # Where signed checkpoints of the audit log go: a file path (default: a file beside
    # the key file), "syslog" or "syslog:HOST:PORT"; and how often at most.
    audit_checkpoints: str | None = None
    audit_checkpoint_seconds: float = 5.0
    # Worker processes serving the web app (``palermo serve`` sets it for its workers):
    # limits kept in process memory, such as the public check's, are shared out by it.
    web_workers: int = 1
    # Requests one worker process runs at once; the rest wait in order, up to
    # web_queue_seconds, before a 503 (palermo.web.admission).
    web_max_active_requests: int = 8
    web_queue_seconds: float = 15.0

    @field_validator("session_hours")
    @classmethod
    def _short_sessions(cls, value: int) -> int:
        if not 1 <= value <= 24:
            raise ValueError("session_hours must be between 1 and 24")
        return value

    @field_validator("login_free_failures_per_user", "login_free_failures_per_address")
    @classmethod
    def _throttle_needed(cls, value: int) -> int:
        if value < 1 or value > 100:
            raise ValueError("login_free_failures_per_* must be between 1 and 100")
        return value

    @field_validator("login_max_delay_seconds")
    @classmethod
    def _bounded_delay(cls, value: int) -> int:
        if value < 1 or value > 3600:
            raise ValueError("login_max_delay_seconds must be between 1 and 3600")
        return value

    @field_validator("db_busy_seconds")
    @classmethod
    def _bounded_wait(cls, value: float) -> float:
        if not 0.05 <= value <= 120:
            raise ValueError("db_busy_seconds must be between 0.05 and 120")
        return value


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigurationError(
            msg("Invalid Palermo settings: {exc}", exc=exc),
            hint=msg("Check the PALERMO_* environment variables."),
        ) from exc
