"""Who is acting: the identity every service call and audit entry carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    agency_id: int | None
    role: str
    origin: str | None = None  # IP address, or "cli"/"import" for jobs

    @classmethod
    def system(cls, job: str) -> Actor:
        """A maintenance job run from the command line by someone with shell access."""
        return cls(
            user_id=None, username=f"system:{job}", agency_id=None, role="admin", origin="cli"
        )
