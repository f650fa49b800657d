"""Counted cells as protected tables: what a page, a spreadsheet or a printout shows.

A :class:`StatTable` has rows (codes of one dimension) and columns (codes of another, or
one column of counts), every cell already through the small-cell rule; its ``dimension``
names the vocabulary its codes come from, so each layer labels them in its language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from palermo.stats.counting import Counted, Unit
from palermo.stats.disclosure import protect, shown


@dataclass(frozen=True)
class Cell:
    count: int
    hidden: bool
    text: str  # the count, or "<k"


@dataclass(frozen=True)
class Row:
    code: str | None  # None: not recorded
    cells: tuple[Cell, ...]
    total: Cell

    @property
    def shown_count(self) -> int:
        """What a bar of this row may show (0 when hidden)."""
        return 0 if self.total.hidden else self.total.count


@dataclass(frozen=True)
class StatTable:
    key: str  # stable id (HTML ids, sheet names)
    title: str
    dimension: str  # of the rows: a vocabulary (see palermo.stats.labels)
    columns: tuple[str | None, ...]  # codes of ``column_dimension``; () for one count column
    column_dimension: str | None
    rows: tuple[Row, ...]
    totals: Row | None
    unit: Unit
    k: int

    @property
    def bar_max(self) -> int:
        return max([1, *(r.shown_count for r in self.rows)])

    @property
    def hidden_cells(self) -> int:
        return sum(c.hidden for r in self.rows for c in r.cells)


def _cell(value: int, hidden: bool, k: int) -> Cell:
    return Cell(int(value), bool(hidden), shown(int(value), bool(hidden), k))


def _order(codes: Sequence[str | None], order: Sequence[str] | None, counts: dict) -> list:
    present = [c for c in codes if c is not None]
    if order is None:  # by count, largest first
        ranked = sorted(present, key=lambda c: (-counts.get(c, 0), c))
    else:
        known = [c for c in order if c in present]
        ranked = known + sorted(c for c in present if c not in set(order))
    return ranked + ([None] if None in codes else [])


def one_way(
    counted: Counted,
    *,
    key: str,
    title: str,
    dimension: str,
    order: Sequence[str] | None = None,
    k: int,
) -> StatTable:
    """Rows for each code of the one ``by`` column of ``counted`` (known ``order`` first,
    every code of ``order`` shown even when zero; other codes by count)."""
    (name,) = counted.by
    counts = dict(counted.frame.select(name, "count").iter_rows())
    codes = list(dict.fromkeys([*(order or []), *counts]))
    rows_codes = _order(codes, order, counts)
    values = np.array([counts.get(c, 0) for c in rows_codes], dtype=np.int64)
    guard = protect(values, k=k)
    rows = tuple(
        Row(code, (_cell(v, h, k),), _cell(v, h, k))
        for code, v, h in zip(rows_codes, values, guard.hidden, strict=True)
    )
    total = _cell(counted.total, 0 < counted.total < k, k)
    return StatTable(
        key, title, dimension, (), None, rows, Row(None, (total,), total), counted.unit, k
    )


def two_way(
    counted: Counted,
    *,
    key: str,
    title: str,
    dimension: str,
    column_dimension: str,
    row_order: Sequence[str] | None = None,
    column_order: Sequence[str] | None = None,
    row_totals: dict[str | None, int] | None = None,
    column_totals: dict[str | None, int] | None = None,
    k: int,
) -> StatTable:
    """A cross-table of the two ``by`` columns of ``counted``.

    ``row_totals`` / ``column_totals`` are the persons per code when a dimension is a
    list (a person with two forms adds to two rows but counts once in a column total);
    by default totals are the sums.
    """
    a, b = counted.by
    frame = counted.frame
    rows_present = frame[a].to_list()
    cols_present = frame[b].to_list()
    row_sum: dict = {}
    for code, n in frame.group_by(a).agg(pl.col("count").sum()).iter_rows():
        row_sum[code] = n
    col_sum: dict = {}
    for code, n in frame.group_by(b).agg(pl.col("count").sum()).iter_rows():
        col_sum[code] = n
    row_codes = _order(list(dict.fromkeys([*(row_order or []), *rows_present])), row_order, row_sum)
    col_codes = _order(
        list(dict.fromkeys([*(column_order or []), *cols_present])), column_order, col_sum
    )
    index_r = {c: i for i, c in enumerate(row_codes)}
    index_c = {c: j for j, c in enumerate(col_codes)}
    matrix = np.zeros((len(row_codes), len(col_codes)), dtype=np.int64)
    for ra, cb, n in frame.select(a, b, "count").iter_rows():
        matrix[index_r[ra], index_c[cb]] = n
    guard = protect(matrix, k=k)
    r_tot = [int((row_totals or row_sum).get(c, 0)) for c in row_codes]
    c_tot = [int((column_totals or col_sum).get(c, 0)) for c in col_codes]
    rows = tuple(
        Row(
            code,
            tuple(_cell(v, h, k) for v, h in zip(matrix[i], guard.hidden[i], strict=True)),
            _cell(r_tot[i], 0 < r_tot[i] < k, k),
        )
        for i, code in enumerate(row_codes)
    )
    totals = Row(
        None,
        tuple(_cell(v, 0 < v < k, k) for v in c_tot),
        _cell(counted.total, 0 < counted.total < k, k),
    )
    return StatTable(
        key, title, dimension, tuple(col_codes), column_dimension, rows, totals, counted.unit, k
    )
