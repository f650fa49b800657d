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
    login_attempts_before_lockout: int = 5
    lockout_minutes: int = 15
    default_locale: str = "en"
    # Justice work queue: compensation ordered and not fully paid after this many days.
    compensation_unpaid_days: int = 180

    @field_validator("session_hours")
    @classmethod
    def _short_sessions(cls, value: int) -> int:
        if not 1 <= value <= 24:
            raise ValueError("session_hours must be between 1 and 24")
        return value

    @field_validator("login_attempts_before_lockout")
    @classmethod
    def _lockout_needed(cls, value: int) -> int:
        if value < 1 or value > 20:
            raise ValueError("login_attempts_before_lockout must be between 1 and 20")
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
