"""Reading a feed of ads from CSV, Parquet or JSON lines, with clear errors.

A feed needs ``ad_id`` and ``text``; it may have ``site``, ``country`` (ISO alpha-2, the
region of phone numbers written without country code), ``city``, ``contract`` (the
text of a contract offered with the ad), ``language`` and ``posted_on``. Every column
is read as text.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed

REQUIRED = ("ad_id", "text")
OPTIONAL = ("site", "country", "city", "contract", "language", "posted_on")
SUFFIXES = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
MAX_SHOWN = 10


def read_feed(path: Path) -> pl.DataFrame:
    """The feed as a frame of text columns (required ones checked, optional ones added)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ValidationFailed(
            f"Cannot read {path.name}: unknown file type {path.suffix or '(none)'}.",
            hint="Give a .csv, .parquet or .jsonl file.",
        )
    if not path.is_file():
        raise ValidationFailed(f"No such file: {path}.", hint="Check the path.")
    try:
        if kind == "csv":
            frame = pl.read_csv(path, infer_schema_length=0)
        elif kind == "parquet":
            frame = pl.read_parquet(path)
        else:
            frame = pl.read_ndjson(path, infer_schema_length=None)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise ValidationFailed(
            f"Cannot read {path.name}: {exc}", hint="Check the file's format."
        ) from exc
    return check_feed(frame)


def check_feed(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValidationFailed(
            f"The feed lacks the column(s) {', '.join(missing)}.",
            problems=[FieldProblem(field=c, reason="column missing") for c in missing],
            hint=f"A feed needs {', '.join(REQUIRED)}; it may have {', '.join(OPTIONAL)}.",
        )
    frame = frame.select(
        [pl.col(c).cast(pl.String) for c in REQUIRED + OPTIONAL if c in frame.columns]
        + [pl.lit(None, dtype=pl.String).alias(c) for c in OPTIONAL if c not in frame.columns]
    )
    problems = []
    bad_ids = frame.with_row_index("row").filter(
        pl.col("ad_id").is_null() | (pl.col("ad_id") == "")
    )
    for row in bad_ids["row"].head(MAX_SHOWN).to_list():
        problems.append(FieldProblem(field="ad_id", reason="empty", row=row + 1))
    dupes = frame.filter(pl.col("ad_id").is_duplicated())["ad_id"].unique().sort().head(MAX_SHOWN)
    for ad in dupes.to_list():
        problems.append(FieldProblem(field="ad_id", reason="appears more than once", value=ad))
    empty = frame.with_row_index("row").filter(
        (pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""))
        & (pl.col("contract").is_null() | (pl.col("contract").str.strip_chars() == ""))
    )
    for row in empty["row"].head(MAX_SHOWN).to_list():
        problems.append(FieldProblem(field="text", reason="no text and no contract", row=row + 1))
    bad_country = frame.with_row_index("row").filter(
        pl.col("country").is_not_null() & ~pl.col("country").str.contains(r"^[A-Za-z]{2}$")
    )
    for row, value in bad_country.select("row", "country").head(MAX_SHOWN).iter_rows():
        problems.append(
            FieldProblem(field="country", reason="ISO alpha-2 code", row=row + 1, value=value)
        )
    if problems:
        raise ValidationFailed(
            f"The feed has {len(problems)} problem(s) (at most {MAX_SHOWN} of each kind shown).",
            problems=problems,
            hint="Fix the rows named (rows count from 1, after the header).",
        )
    return frame.with_columns(pl.col("text").fill_null(""), pl.col("country").str.to_uppercase())
