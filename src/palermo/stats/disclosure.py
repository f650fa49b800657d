"""Small-cell protection of the exact counts Palermo's dashboards show.

**The rule** (threshold rule with complementary suppression):

1. *Primary*: a count from 1 to ``k - 1`` (``k`` = 5 by default) is not shown; the cell
   reads "< k". Zero is shown: it says no record, which a table of known categories
   cannot hide anyway.
2. *Complementary*: a row or column whose total is shown and which holds exactly one
   hidden cell would give that cell away (total minus the others), so its smallest other
   non-zero cell is hidden too; repeated until no line has a single hidden cell.
3. A total under ``k`` is hidden like a cell.

This protects against reading a person off one table. It does not protect against
differencing two tables (see :mod:`palermo.publishing.differencing`): dashboards are for
Palermo's own users; anything published outside goes through the differentially private
releases of :mod:`palermo.publishing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from palermo.i18n import msg

DEFAULT_K = 5


def rule_text(k: int = DEFAULT_K) -> str:
    """The rule as a reader should see it under a table."""
    return msg(
        "Counts from 1 to {top} are shown as “<{k}”; where a row or column would then have "
        "one hidden cell, its next smallest cell is hidden too, so that no hidden count can "
        "be worked out from the totals.",
        top=k - 1,
        k=k,
    )


@dataclass(frozen=True)
class Protected:
    """Counts and which of them are hidden (``hidden`` has the counts' shape)."""

    counts: np.ndarray
    hidden: np.ndarray
    row_totals_hidden: np.ndarray
    col_totals_hidden: np.ndarray
    k: int

    @property
    def hidden_cells(self) -> int:
        return int(self.hidden.sum())


def _partner(line: np.ndarray, hidden: np.ndarray) -> int | None:
    """Index of the smallest shown non-zero cell of a line (or any shown cell), else None."""
    shown = np.flatnonzero(~hidden)
    if not len(shown):
        return None
    nonzero = shown[line[shown] > 0]
    pool = nonzero if len(nonzero) else shown
    return int(pool[np.argmin(line[pool])])


def protect(counts: np.ndarray, *, k: int = DEFAULT_K, totals: bool = True) -> Protected:
    """Apply the rule to a 1-D or 2-D table of counts (rows and columns have totals when
    ``totals``; a 1-D table is one row)."""
    table = np.atleast_2d(np.asarray(counts, dtype=np.int64))
    hidden = (table > 0) & (table < k)
    row_tot = table.sum(axis=1)
    col_tot = table.sum(axis=0)
    row_hidden = (row_tot > 0) & (row_tot < k)
    col_hidden = (col_tot > 0) & (col_tot < k)
    if totals:
        # Each pass hides at least one more cell or stops, so it ends within the cell count.
        for _ in range(table.size + 1):
            changed = False
            for i in range(table.shape[0]):
                if not row_hidden[i] and table.shape[1] > 1 and hidden[i].sum() == 1:
                    col = _partner(table[i], hidden[i])
                    if col is not None:
                        hidden[i, col] = changed = True
            for j in range(table.shape[1]):
                if not col_hidden[j] and table.shape[0] > 1 and hidden[:, j].sum() == 1:
                    row = _partner(table[:, j], hidden[:, j])
                    if row is not None:
                        hidden[row, j] = changed = True
            if not changed:
                break
    shape = np.shape(counts)
    return Protected(
        counts=np.asarray(counts, dtype=np.int64),
        hidden=hidden.reshape(shape),
        row_totals_hidden=row_hidden,
        col_totals_hidden=col_hidden,
        k=k,
    )


def shown(value: int, hidden: bool, k: int) -> str:
    """A cell as text: the count, or "<k"."""
    return f"<{k}" if hidden else f"{value:,}"
