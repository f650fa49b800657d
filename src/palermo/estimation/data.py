"""Capture data: how many people were seen on exactly each combination of lists.

A capture history is a non-empty set of lists, stored as a bit mask (bit ``j`` is
list ``j``). ``CaptureData.counts[h - 1]`` is the number of people with history
``h``, for every ``h`` in ``1 .. 2**t - 1``, zero counts included, so that every
model sees the same full table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from palermo.errors import FieldProblem, ValidationFailed

#: Separators accepted between list names in the ``lists`` column of the long format.
LIST_SEPARATORS = (";", "|", "+")
#: Above this many lists the full table (2**t cells) stops being practical.
MAX_LISTS = 16


@dataclass(frozen=True, eq=False)
class CaptureData:
    """Counts of every observable capture history for ``t`` named lists."""

    list_names: tuple[str, ...]
    counts: np.ndarray = field(repr=False)
    #: The wide file's rows as (history, count), in file order, when read from one.
    #: R's SparseMSE bootstrap draws its multinomial over these rows in this order,
    #: so keeping them lets a seeded bootstrap reproduce R's resamples exactly.
    input_rows: tuple[tuple[int, int], ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        t = len(self.list_names)
        if t < 2:
            raise ValidationFailed(
                f"Multiple systems estimation needs at least 2 lists; got {t}.",
                hint="Provide one 0/1 column per list.",
            )
        if t > MAX_LISTS:
            raise ValidationFailed(
                f"{t} lists is more than the {MAX_LISTS} this implementation handles.",
                hint="Merge small lists run by the same kind of agency before estimating.",
            )
        counts = np.asarray(self.counts, dtype=np.int64)
        if counts.shape != (2**t - 1,):
            raise ValueError(f"counts must have length 2**{t} - 1")
        if (counts < 0).any():
            raise ValidationFailed("Counts must not be negative.")
        counts.setflags(write=False)
        object.__setattr__(self, "counts", counts)
        if self.input_rows is not None:
            summed = np.zeros_like(counts)
            for h, c in self.input_rows:
                summed[h - 1] += c
            if not np.array_equal(summed, counts):
                raise ValueError("input_rows must add up to counts")

    @property
    def n_lists(self) -> int:
        return len(self.list_names)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    def with_counts(self, counts: np.ndarray) -> CaptureData:
        return CaptureData(self.list_names, np.asarray(counts, dtype=np.int64))

    def permuted(self, order: Sequence[int]) -> CaptureData:
        """The same data with the lists in another order (``order[k]`` is the old index)."""
        t = self.n_lists
        new = np.zeros_like(self.counts)
        for h in range(1, 2**t):
            new_h = 0
            for k, old in enumerate(order):
                if h >> old & 1:
                    new_h |= 1 << k
            new[new_h - 1] = self.counts[h - 1]
        rows = None
        if self.input_rows is not None:
            rows = tuple(
                (sum(1 << k for k, old in enumerate(order) if h >> old & 1), c)
                for h, c in self.input_rows
            )
        return CaptureData(tuple(self.list_names[i] for i in order), new, rows)

    def list_totals(self) -> dict[str, int]:
        cells = np.arange(1, 2**self.n_lists)
        return {
            name: int(self.counts[(cells >> j) & 1 == 1].sum())
            for j, name in enumerate(self.list_names)
        }

    def histories(self) -> list[tuple[tuple[str, ...], int]]:
        """Non-empty histories with a positive count, as (list names, count)."""
        out = []
        for h in range(1, 2**self.n_lists):
            c = int(self.counts[h - 1])
            if c:
                names = tuple(n for j, n in enumerate(self.list_names) if h >> j & 1)
                out.append((names, c))
        return out


def _parse_flag(value: str, *, row: int, column: str) -> int:
    text = value.strip()
    if text in ("0", "1"):
        return int(text)
    raise ValidationFailed(
        f"Row {row}: column {column!r} must be 0 or 1, not {value!r}.",
        problems=[FieldProblem(field=column, reason="not 0 or 1", row=row, value=value)],
        hint="Wide format: one 0/1 column per list and a 'count' column.",
    )


def from_wide_rows(header: Sequence[str], rows: Iterable[Sequence[str]]) -> CaptureData:
    """Wide format: one 0/1 column per list and a ``count`` column; repeated histories add up."""
    names = [h.strip() for h in header]
    if "count" not in names:
        raise ValidationFailed(
            "The wide format needs a 'count' column.",
            problems=[FieldProblem(field="count", reason="missing column")],
            hint="Add a 'count' column, or use the long format (one row per person).",
        )
    ci = names.index("count")
    list_cols = [i for i in range(len(names)) if i != ci]
    list_names = tuple(names[i] for i in list_cols)
    counts = np.zeros(2 ** len(list_names) - 1, dtype=np.int64) if len(list_names) >= 2 else None
    if counts is None:
        raise ValidationFailed("Multiple systems estimation needs at least 2 list columns.")
    kept: list[tuple[int, int]] = []
    for r, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise ValidationFailed(
                f"Row {r} has {len(row)} fields; the header has {len(names)}.",
                problems=[FieldProblem(field="*", reason="wrong number of fields", row=r)],
            )
        h = 0
        for k, i in enumerate(list_cols):
            h |= _parse_flag(row[i], row=r, column=names[i]) << k
        raw = row[ci].strip()
        try:
            c = int(float(raw))
            if c != float(raw) or c < 0:
                raise ValueError
        except ValueError:
            raise ValidationFailed(
                f"Row {r}: count must be a whole number of people, not {raw!r}.",
                problems=[FieldProblem(field="count", reason="not a count", row=r, value=raw)],
            ) from None
        if h == 0:
            if c:
                raise ValidationFailed(
                    f"Row {r}: {c} people on no list cannot be observed.",
                    problems=[FieldProblem(field="count", reason="history with no list", row=r)],
                    hint="Remove the all-zero row; the unobserved count is what is estimated.",
                )
            continue
        counts[h - 1] += c
        kept.append((h, c))
    return CaptureData(list_names, counts, tuple(kept))


def from_histories(
    list_names: Sequence[str], histories: Iterable[tuple[Iterable[str], int]]
) -> CaptureData:
    """Build from (lists seen on, count) pairs; unknown list names are refused."""
    index = {n: j for j, n in enumerate(list_names)}
    counts = np.zeros(2 ** len(list_names) - 1, dtype=np.int64)
    for k, (lists, c) in enumerate(histories, start=1):
        h = 0
        for name in lists:
            if name not in index:
                raise ValidationFailed(
                    f"Record {k}: unknown list {name!r}.",
                    problems=[
                        FieldProblem(field="lists", reason="unknown list", row=k, value=name)
                    ],
                    hint=f"Known lists: {', '.join(list_names)}.",
                )
            h |= 1 << index[name]
        if h:
            counts[h - 1] += c
    return CaptureData(tuple(list_names), counts)


@dataclass(frozen=True)
class LongTable:
    """One row per person: the lists each was seen on, and stratum values."""

    list_names: tuple[str, ...]
    people: tuple[tuple[frozenset[str], Mapping[str, str]], ...]
    strata_columns: tuple[str, ...]

    def capture_data(self, where: Mapping[str, str] | None = None) -> CaptureData:
        rows = (
            (lists, 1)
            for lists, strata in self.people
            if not where or all(strata.get(k) == v for k, v in where.items())
        )
        return from_histories(self.list_names, rows)

    def strata_values(self, column: str) -> list[str]:
        return sorted({s[column] for _, s in self.people if s.get(column)})


def _split_lists(raw: str) -> frozenset[str]:
    text = raw.strip()
    for sep in LIST_SEPARATORS:
        text = text.replace(sep, ";")
    return frozenset(p.strip() for p in text.split(";") if p.strip())


def from_long_rows(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, id_column: str | None = None
) -> LongTable:
    """Long format: a ``lists`` column ("A;C") or 0/1 list columns, one row per person.

    Every other column (except ``id``/``person_id``) is a stratum (sex, age band, year...).
    When list membership is given as 0/1 columns, the columns whose values are all 0/1
    are lists and the rest are strata.
    """
    names = [h.strip() for h in header]
    data = [list(r) for r in rows if any(c.strip() for c in r)]
    ids = {id_column} if id_column else {"id", "person_id", "person"}
    for r, row in enumerate(data, start=2):
        if len(row) != len(names):
            raise ValidationFailed(
                f"Row {r} has {len(row)} fields; the header has {len(names)}.",
                problems=[FieldProblem(field="*", reason="wrong number of fields", row=r)],
            )
    other = [i for i, n in enumerate(names) if n not in ids]
    if "lists" in names:
        li = names.index("lists")
        people_lists = [_split_lists(row[li]) for row in data]
        list_names = tuple(sorted(set().union(*people_lists))) if people_lists else ()
        strata_idx = [i for i in other if i != li]
    else:
        flag_idx = [i for i in other if data and all(row[i].strip() in ("0", "1") for row in data)]
        list_names = tuple(names[i] for i in flag_idx)
        people_lists = [
            frozenset(names[i] for i in flag_idx if row[i].strip() == "1") for row in data
        ]
        strata_idx = [i for i in other if i not in flag_idx]
    if len(list_names) < 2:
        raise ValidationFailed(
            "The long format needs a 'lists' column naming at least 2 lists, "
            "or at least 2 columns of 0/1 flags.",
            hint="Example header: person_id,lists,sex with lists like 'police;ngo'.",
        )
    strata_cols = tuple(names[i] for i in strata_idx)
    people = tuple(
        (lists, {names[i]: row[i].strip() for i in strata_idx})
        for lists, row in zip(people_lists, data, strict=True)
    )
    empty = [k for k, (lists, _) in enumerate(people, start=2) if not lists]
    if empty:
        raise ValidationFailed(
            f"Row {empty[0]}: a person on no list cannot be observed.",
            problems=[FieldProblem(field="lists", reason="empty", row=r) for r in empty[:20]],
        )
    return LongTable(list_names, people, strata_cols)


def read_table(source: str | Path | io.TextIOBase) -> CaptureData | LongTable:
    """Read a CSV in either format; a ``count`` column means the wide format."""
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise ValidationFailed(f"No such file: {path}.", hint="Check the path.")
        text = path.read_text(encoding="utf-8-sig")
    else:
        text = source.read()
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationFailed("The CSV file is empty.", hint="Add a header row.") from None
    rows = list(reader)
    if "count" in [h.strip() for h in header]:
        return from_wide_rows(header, rows)
    return from_long_rows(header, rows)


def read_capture_data(source: str | Path | io.TextIOBase) -> CaptureData:
    """Read either format and return the pooled table."""
    table = read_table(source)
    return table if isinstance(table, CaptureData) else table.capture_data()
