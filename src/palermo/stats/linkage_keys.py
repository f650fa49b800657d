"""Where national statistics get their person keys: the latest linkage run over the store.

Counts de-duplicate through a mapping from case id to a pseudonymous person key
(:class:`palermo.stats.counting.PersonKeys`). The store's link table (record -> person
key, per linkage run) is being built with the linkage pillar's store part; until a run
exists this answers None, and every count says it counts records, not persons.

To connect it: read the latest run's links here and return
``PersonKeys(run=<run label>, keys={case_id: person_key, ...})``. Nothing else changes:
the dashboard, the cross-tables, ``palermo publish --from-db`` and the SDG report all
take their keys from this one function.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from palermo.stats.counting import PersonKeys


def latest_person_keys(session: Session) -> PersonKeys | None:
    """The latest linkage run's person key per case, or None when there is no run."""
    del session  # read by the link table once it exists (see the module's docstring)
    return None
