"""Integer codes for CTDC values over their known domains, and cells of cross-tables.

A table dimension is either a single column (``gender``) or a flag group (``form``: the
``is...`` columns), whose categories are the group's codes plus "none recorded". A person
falls in one cell per combination of their values; a flag group can put one person in
several cells, at most ``cap`` of them (the first codes in vocabulary order), which bounds
what one person contributes to a table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.publishing.layout import GROUP_BY_NAME, UNKNOWN, Layout, flag_columns


def column_codes(frame: pl.DataFrame, layout: Layout, name: str) -> np.ndarray:
    """Index of each row's value among the column's categories (int64)."""
    col = layout.column(name)
    mapping = pl.DataFrame(
        {name: list(col.categories), "_code": np.arange(col.size, dtype=np.int64)}
    )
    coded = frame.select(pl.col(name)).join(mapping, on=name, how="left", maintain_order="left")
    codes = coded["_code"]
    if codes.null_count():
        raise ValidationFailed(
            f"Column {name} holds values outside its domain.",
            problems=[FieldProblem(name, "not in its domain")],
            hint="Validate the frame with palermo.publishing.validate_frame first.",
        )
    return codes.to_numpy()


@dataclass(frozen=True)
class Dimension:
    """One axis of a table: its name, categories and the cap on cells per person."""

    name: str
    categories: tuple[str, ...]
    cap: int = 1

    @property
    def size(self) -> int:
        return len(self.categories)


NONE_RECORDED = UNKNOWN


def dimension(layout: Layout, name: str, cap: int) -> Dimension:
    if name in GROUP_BY_NAME:
        codes = tuple(c.code or "" for c in flag_columns(layout, name))
        return Dimension(name, (*codes, NONE_RECORDED), cap)
    return Dimension(name, layout.column(name).categories, 1)


def _group_codes(frame: pl.DataFrame, layout: Layout, dim: Dimension) -> list[np.ndarray]:
    """Per kept position k < cap: the k-th held code of each person, or -1 if none."""
    flags = np.column_stack(
        [frame[c.name].cast(pl.Int8).to_numpy() for c in flag_columns(layout, dim.name)]
    ).astype(bool)
    n, width = flags.shape
    order = np.cumsum(flags, axis=1) * flags  # rank of each held code, 0 when not held
    out = []
    for k in range(1, dim.cap + 1):
        hit = order == k
        first = np.where(hit.any(axis=1), hit.argmax(axis=1), -1)
        out.append(first.astype(np.int64))
    none = ~flags.any(axis=1)
    out[0] = np.where(none, width, out[0])  # "none recorded" keeps the person in the table
    return out


def cell_indices(
    frame: pl.DataFrame, layout: Layout, dims: tuple[Dimension, ...]
) -> tuple[np.ndarray, int]:
    """Cell index (row-major over ``dims``) of every (person, value) pair, and cells per person.

    The second value is the largest number of cells one person can add to (the product of
    the caps), the sensitivity the noise is scaled to.
    """
    parts: list[list[np.ndarray]] = []
    for dim in dims:
        if dim.name in GROUP_BY_NAME:
            parts.append(_group_codes(frame, layout, dim))
        else:
            parts.append([column_codes(frame, layout, dim.name)])
    cells = [np.zeros(frame.height, dtype=np.int64)]
    valid = [np.ones(frame.height, dtype=bool)]
    for dim, options in zip(dims, parts, strict=True):
        cells_next, valid_next = [], []
        for base, ok in zip(cells, valid, strict=True):
            for codes in options:
                cells_next.append(base * dim.size + np.maximum(codes, 0))
                valid_next.append(ok & (codes >= 0))
        cells, valid = cells_next, valid_next
    flat = np.concatenate([c[v] for c, v in zip(cells, valid, strict=True)])
    per_person = int(np.prod([d.cap for d in dims]))
    return flat, per_person


def cell_labels(dims: tuple[Dimension, ...]) -> pl.DataFrame:
    """Every cell of the table, row-major, one column per dimension."""
    frame = pl.DataFrame({dims[0].name: list(dims[0].categories)})
    for dim in dims[1:]:
        frame = frame.join(
            pl.DataFrame({dim.name: list(dim.categories)}), how="cross", maintain_order="left_right"
        )
    return frame
