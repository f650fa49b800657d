"""Read agencies' records for linkage: HTCDS-shaped CSV or Parquet files, or frames.

Every column but ``record_id`` is optional and may be empty. A file without an
``agency_id`` column takes its file name (without extension) as the agency. The
result is one Polars frame of strings with the columns of :data:`LINK_COLUMNS`
present in the input (missing ones added empty), so that a database export, a
pandas frame or a list of dicts links exactly like the simulator's files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed

#: Columns the linker reads; everything else in the input is ignored.
LINK_COLUMNS: tuple[str, ...] = (
    "record_id",
    "agency_id",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_IdentityNumber",
    "prs_MobilePhone",
    "prs_HomePhone",
    "hte_Country__Recruitment",
    "hte_Country__Exploitation",
    "hte_Date__Recruitment",
    "hte_Date__Exploitation",
)
SUFFIXES = (".csv", ".parquet")


def _read_file(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise ValidationFailed(
            f"No such file: {path}.", hint="Give CSV or Parquet files of agency records."
        )
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise ValidationFailed(
                f"{path.name}: unknown file type {suffix or '(none)'}.",
                hint="Give .csv or .parquet files.",
            )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as exc:
        raise ValidationFailed(
            f"{path.name} cannot be read as {suffix[1:].upper()}: {str(exc).splitlines()[0]}",
            hint="Check that the file is a complete CSV (with a header row) or Parquet file.",
        ) from None
    if "agency_id" not in frame.columns:
        frame = frame.with_columns(pl.lit(path.stem).alias("agency_id"))
    return _with_source(frame, path.name)


def _with_source(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    if "record_id" not in frame.columns:
        raise ValidationFailed(
            f"{source}: no 'record_id' column.",
            problems=[FieldProblem(field="record_id", reason="missing column")],
            hint="Every record needs an identifier unique across the files linked.",
        )
    present = [c for c in LINK_COLUMNS if c in frame.columns]
    frame = frame.select(
        *(_as_text(frame, c) for c in present),
        *(pl.lit(None, dtype=pl.String).alias(c) for c in LINK_COLUMNS if c not in present),
    ).select(LINK_COLUMNS)
    return frame.with_columns(
        pl.lit(source).alias("_source"), pl.int_range(2, frame.height + 2).alias("_row")
    )


def _as_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    dtype = frame.schema[column]
    if isinstance(dtype, pl.List):
        return pl.col(column).cast(pl.List(pl.String)).list.join(";").alias(column)
    if dtype == pl.Date:
        return pl.col(column).dt.to_string("%Y-%m-%d").alias(column)
    expr = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(expr == "").then(None).otherwise(expr).alias(column)


def records_frame(data: Any, *, source: str = "records") -> pl.DataFrame:
    """A Polars frame, a pandas frame, an Arrow table or a list of dicts -> linkable frame."""
    if isinstance(data, pl.DataFrame):
        frame = data
    elif isinstance(data, Sequence) and (not data or isinstance(data[0], Mapping)):
        frame = pl.DataFrame(list(data), infer_schema_length=None)
    else:
        frame = pl.from_pandas(data) if hasattr(data, "to_numpy") else pl.from_arrow(data)  # type: ignore[assignment]
    if "agency_id" not in frame.columns:
        frame = frame.with_columns(pl.lit(source).alias("agency_id"))
    return _check(_with_source(frame, source))


def read_records(paths: Iterable[str | Path]) -> pl.DataFrame:
    """Read and check every file; a directory means its .csv and .parquet files."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            files += _one_format(found)
        else:
            files.append(path)
    if not files:
        raise ValidationFailed("No record files given.", hint="Give CSV or Parquet files.")
    return _check(pl.concat([_read_file(p) for p in files], how="vertical"))


def _one_format(found: list[Path]) -> list[Path]:
    """Agency files of a directory: with ``record_id`` and person columns, one copy each.

    The simulator writes each agency as CSV and Parquet beside its ground truth and
    other tables: Parquet is read first, files without ``prs_`` columns are skipped.
    """
    stems = {p.stem for p in found if p.suffix.lower() == ".parquet" and _is_records(p)}
    return [
        p
        for p in found
        if _is_records(p) and (p.suffix.lower() == ".parquet" or p.stem not in stems)
    ]


def _is_records(path: Path) -> bool:
    try:
        if path.suffix.lower() == ".parquet":
            columns = list(pl.read_parquet_schema(path))
        else:
            columns = pl.read_csv(path, n_rows=0, infer_schema=False).columns
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError):
        return True  # let the reader report what is wrong with it
    return "record_id" in columns and any(c.startswith("prs_") for c in columns)


def _check(frame: pl.DataFrame) -> pl.DataFrame:
    problems: list[FieldProblem] = []
    missing = frame.filter(pl.col("record_id").is_null())
    for row in missing.head(20).iter_rows(named=True):
        problems.append(
            FieldProblem(field="record_id", reason=f"empty in {row['_source']}", row=row["_row"])
        )
    dupes = frame.filter(pl.col("record_id").is_not_null() & pl.col("record_id").is_duplicated())
    for row in dupes.head(20).iter_rows(named=True):
        problems.append(
            FieldProblem(
                field="record_id",
                reason=f"duplicate in {row['_source']}",
                row=row["_row"],
                value=row["record_id"],
            )
        )
    if problems:
        first = problems[0]
        raise ValidationFailed(
            f"{len(missing) + len(dupes)} record(s) without a unique record_id; first: "
            f"row {first.row}, {first.reason}.",
            problems=problems,
            hint="Give every record an identifier that no other record in the files uses.",
        )
    return frame
