"""The audit log: a hash-chained, append-only record of who did what to which record.

* :mod:`.chain`: appending entries (:func:`record`, for reads and named events) and
  verifying the chain (:func:`verify_chain`).
* :mod:`.changes`: entries written automatically from the models for every create, update
  and delete (``AuditSpec``), attributed to the actor a service binds (:func:`audited`).
"""

from palermo.store.audit.chain import GENESIS, ChainReport, record, verify_chain
from palermo.store.audit.changes import (
    UnattributedChange,
    acting_as,
    audited,
    name_change,
)
from palermo.store.models.auditing import AuditSpec

__all__ = [
    "GENESIS",
    "AuditSpec",
    "ChainReport",
    "UnattributedChange",
    "acting_as",
    "audited",
    "name_change",
    "record",
    "verify_chain",
]
