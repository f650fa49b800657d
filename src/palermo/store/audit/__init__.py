"""The audit log: a keyed, hash-chained, append-only record of who did what to which record.

* :mod:`.chain`: appending entries (:func:`record`, for reads and named events).
* :mod:`.changes`: entries written automatically from the models for every create, update
  and delete (``AuditSpec``), attributed to the actor a service binds (:func:`audited`).
* :mod:`.writer`: the group commit of read sessions' entries.
* :mod:`.checkpoints`: signed checkpoints of the head, written outside the database.
* :mod:`.verify`: checking all of it (:func:`verify_chain`), naming what it finds.
"""

from palermo.store.audit.chain import GENESIS, batched, record
from palermo.store.audit.changes import (
    UnattributedChange,
    acting_as,
    audited,
    name_change,
)
from palermo.store.audit.verify import ChainReport, Finding, verify_chain
from palermo.store.models.auditing import AuditSpec

__all__ = [
    "GENESIS",
    "AuditSpec",
    "ChainReport",
    "Finding",
    "UnattributedChange",
    "acting_as",
    "audited",
    "batched",
    "name_change",
    "record",
    "verify_chain",
]
