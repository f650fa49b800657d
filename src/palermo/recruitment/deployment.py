"""What a deployment of the public check configures: its verified contacts, the registry of
monitored agencies that offers are checked against, and the rate limit.

Read from the environment (``PALERMO_CHECK_CONTACTS_FILE``, ``PALERMO_CHECK_REGISTRY_FILE``,
``PALERMO_CHECK_PER_CLIENT``, ``PALERMO_CHECK_OVERALL``) once per application, and refused
with a clear error at the first check when a file is unusable, never silently ignored.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.recruitment.contacts import ContactBook
from palermo.recruitment.registry import AgencyRegistry
from palermo.recruitment.throttle import CheckThrottle, ThrottleSpec


class CheckSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PALERMO_CHECK_", extra="ignore")

    contacts_file: Path | None = None  # YAML in the shape of data/contacts.yaml
    registry_file: Path | None = None  # CSV: name, licence_number, status, country[, kind]
    per_client: int = Field(20, ge=1, le=10_000)  # checks a minute from one address
    overall: int = Field(600, ge=1, le=100_000)  # checks a minute from everyone


def read_registry(path: Path) -> AgencyRegistry:
    """The monitored agencies of a CSV file (every column read as text)."""
    import polars as pl

    if not path.is_file():
        raise ValidationFailed(
            msg("No such registry file: {path}.", path=str(path)),
            problems=[FieldProblem(field="registry_file", reason=msg("no such file"))],
            hint=msg("Give a CSV with the columns name, licence_number, status and country."),
        )
    return AgencyRegistry.from_records(pl.read_csv(path, infer_schema_length=0).to_dicts())


@dataclass(frozen=True)
class CheckSetup:
    contacts: ContactBook
    registry: AgencyRegistry | None
    throttle: CheckThrottle


def load_check_setup(settings: CheckSettings | None = None) -> CheckSetup:
    chosen = settings or CheckSettings()
    contacts = (
        ContactBook.from_file(chosen.contacts_file)
        if chosen.contacts_file
        else ContactBook.shipped()
    )
    registry = read_registry(chosen.registry_file) if chosen.registry_file else None
    spec = ThrottleSpec(per_client=chosen.per_client, overall=chosen.overall)
    return CheckSetup(contacts, registry, CheckThrottle(spec))


_MAKING = threading.Lock()


def check_setup_of(holder: object) -> CheckSetup:
    """The one setup of an application (kept on ``holder``, e.g. ``app.state``)."""
    with _MAKING:
        found = getattr(holder, "check_setup", None)
        if not isinstance(found, CheckSetup):
            found = load_check_setup()
            setattr(holder, "check_setup", found)  # noqa: B010
        return found
