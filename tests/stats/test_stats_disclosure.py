"""The small-cell rule: threshold with complementary suppression."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.stats.disclosure import protect


def test_small_counts_are_hidden_and_zero_is_shown() -> None:
    guard = protect(np.array([0, 3, 40, 7, 12]), k=5)
    assert guard.hidden.tolist() == [False, True, False, True, False]


def test_a_lone_hidden_cell_gets_a_partner() -> None:
    """[2, 40, 9]: 2 alone could be read off the total 51, so the next smallest (9) hides."""
    guard = protect(np.array([2, 40, 9]), k=5)
    assert guard.hidden.tolist() == [True, False, True]


def test_partners_spread_across_rows_and_columns() -> None:
    table = np.array([[1, 20, 30], [25, 26, 27], [31, 32, 33]])
    guard = protect(table, k=5)
    assert guard.hidden[0, 0]
    # The first row and the first column each need a second hidden cell.
    assert guard.hidden[0].sum() >= 2 and guard.hidden[:, 0].sum() >= 2


def test_without_totals_only_the_threshold_applies() -> None:
    guard = protect(np.array([2, 40, 9]), k=5, totals=False)
    assert guard.hidden.tolist() == [True, False, False]


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda rows: st.integers(1, 6).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 30), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_shown_line_has_exactly_one_hidden_cell(rows: list[list[int]]) -> None:
    table = np.array(rows)
    guard = protect(table, k=5)
    # Every count from 1 to 4 is hidden.
    assert guard.hidden[(table > 0) & (table < 5)].all()
    for i in range(table.shape[0]):
        if table.shape[1] > 1 and not guard.row_totals_hidden[i]:
            assert guard.hidden[i].sum() != 1, (table, guard.hidden)
    for j in range(table.shape[1]):
        if table.shape[0] > 1 and not guard.col_totals_hidden[j]:
            assert guard.hidden[:, j].sum() != 1, (table, guard.hidden)
