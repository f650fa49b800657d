"""What a model declares to be audited (read by ``palermo.store.audit.changes``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditSpec:
    """How a model's changes are recorded.

    ``entity``: the entity name of its entries. ``parent``: for a row that is part of
    another record (a case's codes, events, comments), the attribute holding that record's
    id (``"case_id"``): its changes are recorded on that record (``entity`` is then the
    parent's), as the field ``as_field`` (a name, or a function of the row: a case code
    counts as its list's field). ``derived``: columns computed from others, never recorded
    on their own.
    """

    entity: str
    parent: str | None = None
    as_field: str | Callable[[Any], str] | None = None
    derived: frozenset[str] = field(default_factory=frozenset)
