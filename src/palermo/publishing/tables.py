"""Differentially private cross-tables of identified victims for one registration year.

Each table is a histogram over every cell of its dimensions' known domains (empty cells
included: which cells are empty is itself information), with discrete Laplace noise from
OpenDP. The release's epsilon is split evenly over its tables (sequential composition:
the losses OpenDP certifies for the tables add up to at most the release's epsilon).
Persons registered in other years are not read, and each person has one registration
year, so releases for different years touch disjoint persons (parallel composition): the
ledger therefore keeps one budget per dataset and year.

Beside every cell the release gives the half-width of its 95% interval (the noise alone;
the same for every cell of a table). On top of the noise, a cell whose noisy count falls
below that half-width is suppressed (published without a count): the count cannot be
told apart from zero. Suppression only post-processes the noisy counts, so it costs no
budget and removes none of the protection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.publishing.encode import Dimension, cell_indices, cell_labels, dimension
from palermo.publishing.layout import YEAR, Layout, validate_frame
from palermo.publishing.mechanisms import laplace_histogram

# year x sex x age band x form x citizenship within one year, and the margins an analyst
# reads first; form counts a person once per form recorded (at most ``max_forms``).
DEFAULT_TABLES: tuple[tuple[str, ...], ...] = (
    ("gender", "ageBroad"),
    ("gender", "ageBroad", "form"),
    ("citizenship", "gender"),
    ("citizenship", "form"),
    ("CountryOfExploitation", "form"),
    ("recruiterRelationship", "form"),
    ("gender", "ageBroad", "form", "citizenship"),
)


@dataclass(frozen=True)
class TablesSpec:
    """A release: tables of ``year`` costing ``epsilon`` in all.

    ``years`` is the range the input may hold (first, last); ``max_forms`` caps the forms
    of exploitation (and codes of any other flag group) one person is counted under;
    ``alpha`` sets the interval (0.05: 95%); ``suppress`` switches the small-count rule.
    """

    year: int
    epsilon: float
    years: tuple[int, int]
    tables: tuple[tuple[str, ...], ...] = DEFAULT_TABLES
    max_forms: int = 2
    alpha: float = 0.05
    suppress: bool = True

    def __post_init__(self) -> None:
        problems = []
        if not self.epsilon > 0:
            problems.append(FieldProblem("epsilon", "must be positive", value=str(self.epsilon)))
        if not self.years[0] <= self.year <= self.years[1]:
            problems.append(FieldProblem("year", "outside the year range", value=str(self.year)))
        if not self.tables:
            problems.append(FieldProblem("tables", "no table asked for"))
        if self.max_forms < 1:
            problems.append(FieldProblem("max_forms", "must be 1 or more"))
        if not 0 < self.alpha < 1:
            problems.append(FieldProblem("alpha", "must be in (0, 1)", value=str(self.alpha)))
        if problems:
            raise ValidationFailed(
                "The table release is invalid: "
                + "; ".join(f"{p.field} {p.reason}" for p in problems)
                + ".",
                problems=problems,
            )


@dataclass(frozen=True)
class Table:
    """One published table: a row per cell with ``count`` (null when suppressed),
    ``margin`` (half-width of the interval) and ``suppressed``."""

    name: str
    dimensions: tuple[str, ...]
    frame: pl.DataFrame
    epsilon: float
    scale: float
    margin: float
    contributions: int

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "dimensions": list(self.dimensions),
            "cells": self.frame.height,
            "suppressed_cells": int(self.frame["suppressed"].sum()),
            "epsilon": self.epsilon,
            "mechanism": "discrete Laplace (OpenDP make_count_by_categories >> make_laplace)",
            "laplace_scale": self.scale,
            "cells_per_person": self.contributions,
            "margin": self.margin,
        }


@dataclass(frozen=True)
class TablesResult:
    spec: TablesSpec
    tables: tuple[Table, ...]
    epsilon_spent: float
    notes: tuple[str, ...] = field(default=())

    def manifest(self) -> dict[str, Any]:
        level = f"{1 - self.spec.alpha:.0%}"
        return {
            "year": self.spec.year,
            "epsilon": self.spec.epsilon,
            "epsilon_spent": self.epsilon_spent,
            "privacy": "pure epsilon-differential privacy; the unit is one person",
            "interval": f"{level} interval of the noise: count +/- margin",
            "suppression": (
                "cells whose noisy count is below their margin are suppressed (count empty)"
                if self.spec.suppress
                else "none"
            ),
            "max_forms_per_person": self.spec.max_forms,
            "tables": [t.summary() for t in self.tables],
        }


def table_name(dims: tuple[str, ...]) -> str:
    return "_by_".join(dims)


def release_tables(frame: pl.DataFrame, spec: TablesSpec) -> TablesResult:
    """Noisy tables of the persons registered in ``spec.year`` (one row per person)."""
    layout = Layout(spec.years)
    data = validate_frame(frame, layout)
    persons = data.filter(pl.col(YEAR) == str(spec.year))
    share = spec.epsilon / len(spec.tables)
    tables = []
    spent = 0.0
    for dims in spec.tables:
        dimensions = tuple(dimension(layout, d, spec.max_forms) for d in dims)
        tables.append(_one_table(persons, layout, dimensions, share, spec))
        spent += tables[-1].epsilon
    return TablesResult(spec, tuple(tables), spent)


def _one_table(
    persons: pl.DataFrame,
    layout: Layout,
    dims: tuple[Dimension, ...],
    epsilon: float,
    spec: TablesSpec,
) -> Table:
    size = 1
    for d in dims:
        size *= d.size
    cells, per_person = cell_indices(persons, layout, dims)
    hist = laplace_histogram(cells, size, epsilon=epsilon, contributions=per_person)
    margin = hist.margin(spec.alpha)
    counts = pl.Series("count", hist.counts, dtype=pl.Int64)
    suppressed = (counts < margin) if spec.suppress else pl.repeat(False, size, eager=True)
    frame = cell_labels(dims).with_columns(
        pl.when(suppressed).then(None).otherwise(counts).alias("count"),
        pl.lit(round(margin, 1)).alias("margin"),
        suppressed.alias("suppressed"),
    )
    names = tuple(d.name for d in dims)
    return Table(table_name(names), names, frame, hist.epsilon, hist.scale, margin, per_person)
