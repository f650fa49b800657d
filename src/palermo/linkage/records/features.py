"""Turn agencies' records into the comparable columns the Splink model reads.

Names go through :mod:`palermo.linkage.names` once per distinct spelling (a
million records hold a few tens of thousands of spellings), so the Python work
does not grow with the number of records. Columns (``_l``/``_r`` in Splink):

- ``gl``/``fl`` given/family name in Latin letters; ``gk``/``fk`` phonetic keys;
  ``gs``/``fs`` consonant skeletons; ``abjad`` a name written in Arabic or Thai
  script; ``ft`` family-name token keys (compound names); ``gg`` nickname groups;
- ``dob`` full birth date (ISO) when recorded to the day, ``birth_y``/``birth_m``/``birth_d`` its
  parts (month and day null when not recorded);
- ``doc`` identity number upper-cased, separators dropped, O read as 0 and I as 1;
- ``sex``, ``cit`` (citizenships, list), ``origin`` (country of recruitment),
  ``phone`` (E.164, with the country of the agency as default region);
- ``gi``/``fi`` first two letters of the keys, ``gid`` the nickname group (or key)
  of the given name, and ``dh1``/``dh2`` halves of the
  identity number, for blocking rules that survive one typo; ``ab`` the
  skeletons of names written in Arabic or Thai script;
- ``ft1``/``ft2`` the first two family-name part keys, ``cit1``/``cit2`` the first two
  citizenships (sorted), ``dp``/``ds`` the first and last three characters of an
  identity number of eight or more: comparisons read them with equality, which
  costs less per pair than list functions or an edit distance;
- ``by1`` the birth year plus one, for a blocking rule on a year recorded one off;
- ``rd``/``ed`` dates of recruitment and of the start of exploitation (HTCDS
  historic trafficking events) as day numbers, so that comparisons are arithmetic.
"""

from __future__ import annotations

from datetime import date

import phonenumbers
import polars as pl

from palermo.errors import FieldProblem, ValidationFailed
from palermo.linkage.names import birth_date_parts, name_forms, nickname_keys

FEATURE_COLUMNS = (
    "unique_id",
    "agency_id",
    "gl",
    "fl",
    "gk",
    "fk",
    "gs",
    "fs",
    "nk",
    "ns",
    "abjad",
    "ft",
    "gg",
    "dob",
    "birth_y",
    "birth_m",
    "birth_d",
    "doc",
    "sex",
    "cit",
    "origin",
    "phone",
    "rd",
    "ed",
    "gi",
    "gid",
    "fi",
    "dh1",
    "dh2",
    "ab",
    "ft1",
    "ft2",
    "cit1",
    "cit2",
    "dp",
    "ds",
    "by1",
)


_SEP = "\x1f"


def _name_table(values: pl.Series, prefix: str) -> pl.DataFrame:
    raws: list[str] = []
    cols: dict[str, list] = {k: [] for k in ("l", "k", "s", "a", "t", "g")}
    for text in values.drop_nulls().unique().to_list():
        forms = name_forms(text)
        if not forms:
            continue
        raws.append(text)
        cols["l"].append(" ".join(f.latin for f in forms))
        cols["k"].append(" ".join(f.key for f in forms))
        cols["s"].append("".join(f.skeleton for f in forms))
        cols["a"].append(any(f.abjad for f in forms))
        # Lists travel as joined strings: building list columns from Python is slow.
        cols["t"].append(_SEP.join(sorted({f.key for f in forms})))
        cols["g"].append(_SEP.join(sorted(nickname_keys(text))) if prefix == "g" else "")
    types = {"l": pl.String, "k": pl.String, "s": pl.String, "a": pl.Boolean}
    table = pl.DataFrame(
        {
            "_raw": pl.Series(raws, dtype=pl.String),
            **{
                f"{prefix}{k}": pl.Series(v, dtype=types.get(k, pl.String)) for k, v in cols.items()
            },
        }
    )
    lists = (f"{prefix}t", f"{prefix}g")
    return table.with_columns(
        pl.when(pl.col(c) != "").then(pl.col(c).str.split(_SEP)).otherwise([]).alias(c)
        for c in lists
    )


def _date_table(frame: pl.DataFrame) -> pl.DataFrame:
    rows, problems = [], []
    for text in frame["prs_Birthdate"].drop_nulls().unique().to_list():
        try:
            parts = birth_date_parts(text, strict=False)
        except ValueError as exc:
            problems.append((text, str(exc)))
            continue
        if parts is not None:
            full = parts.iso if parts.day is not None else None
            rows.append(
                {
                    "_raw": text,
                    "dob": full,
                    "birth_y": parts.year,
                    "birth_m": parts.month,
                    "birth_d": parts.day,
                }
            )
    if problems:
        bad = {text for text, _ in problems}
        hits = frame.filter(pl.col("prs_Birthdate").is_in(list(bad))).head(20)
        reasons = dict(problems)
        found = [
            FieldProblem(
                field="prs_Birthdate",
                reason=f"{reasons[r['prs_Birthdate']]} in {r['_source']}",
                row=r["_row"],
                value=r["prs_Birthdate"],
            )
            for r in hits.iter_rows(named=True)
        ]
        first = found[0]
        raise ValidationFailed(
            f"{len(bad)} birth date value(s) cannot be read; "
            f"first: {first.reason}, row {first.row}.",
            problems=found,
            hint="Write birth dates as YYYY-MM-DD, YYYY-MM or YYYY (or leave them empty).",
        )
    schema = {
        "_raw": pl.String,
        "dob": pl.String,
        "birth_y": pl.Int32,
        "birth_m": pl.Int32,
        "birth_d": pl.Int32,
    }
    return pl.DataFrame(rows, schema=schema)


def _phone(number: str | None, region: str | None) -> str | None:
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _phones(frame: pl.DataFrame) -> pl.Series:
    if all(frame[c].null_count() == frame.height for c in ("prs_MobilePhone", "prs_HomePhone")):
        return pl.Series("phone", [None] * frame.height, dtype=pl.String)
    phone = pl.coalesce("prs_MobilePhone", "prs_HomePhone")
    pairs = frame.select(phone.alias("n"), pl.col("hte_Country__Exploitation").alias("c"))
    if pairs["n"].null_count() == pairs.height:
        return pl.Series("phone", [None] * frame.height, dtype=pl.String)
    # Parsed once per distinct number and country; a join puts them back on every record.
    distinct = pairs.drop_nulls("n").unique()
    parsed = [_phone(n, c) for n, c in distinct.iter_rows()]
    lookup = distinct.with_columns(pl.Series("phone", parsed, dtype=pl.String))
    joined = pairs.join(lookup, on=("n", "c"), how="left", nulls_equal=True, maintain_order="left")
    return joined["phone"]


def _citizenships(frame: pl.DataFrame) -> pl.DataFrame:
    """``cit`` (list) and its first two values sorted, ``cit1``/``cit2``, per distinct
    ``prs_Citizenship``: list functions over every record cost seconds for a million."""
    cit = pl.col("cit").list.unique().list.sort()
    return (
        frame.select("prs_Citizenship")
        .unique()
        .with_columns(pl.col("prs_Citizenship").str.split(";").alias("cit"))
        .with_columns(pl.when(pl.col("cit").list.len() > 0).then(pl.col("cit")).alias("cit"))
        .with_columns(
            cit.list.get(0, null_on_oob=True).alias("cit1"),
            cit.list.get(1, null_on_oob=True).alias("cit2"),
        )
    )


def _day_number(frame: pl.DataFrame, column: str) -> pl.Expr:
    """Days since 1970 of an ISO date (None when empty or not a full date).

    Parsed once per distinct value: a national register holds a few thousand dates.
    """
    days: dict[str, int] = {}
    epoch = date(1970, 1, 1)
    for text in frame[column].drop_nulls().unique().to_list():
        try:
            days[text] = (date.fromisoformat(text[:10]) - epoch).days
        except ValueError:
            continue
    return pl.col(column).replace_strict(days, default=None, return_dtype=pl.Int32)


def prepare_features(records: pl.DataFrame) -> pl.DataFrame:
    """The feature frame of ``records`` (from :func:`.inputs.read_records`), one row each."""
    given = _name_table(records["prs_FirstName"], "g")
    family = _name_table(records["prs_SecondName"], "f")
    dates = _date_table(records)
    doc = (
        pl.col("prs_IdentityNumber")
        .str.to_uppercase()
        .str.replace_all(r"[^0-9A-Z]", "")
        .str.replace_all("O", "0")
        .str.replace_all("I", "1")
    )
    out = (
        records.with_columns(_phones(records))
        .join(given, left_on="prs_FirstName", right_on="_raw", how="left")
        .join(family, left_on="prs_SecondName", right_on="_raw", how="left")
        .join(dates, left_on="prs_Birthdate", right_on="_raw", how="left")
        .join(_citizenships(records), on="prs_Citizenship", how="left", nulls_equal=True)
        .select(
            pl.col("record_id").alias("unique_id"),
            "agency_id",
            "gl",
            "fl",
            "gk",
            "fk",
            "gs",
            "fs",
            pl.concat_str("gk", "fk", separator="|").alias("nk"),
            pl.concat_str("gs", "fs", separator="|").alias("ns"),
            (pl.col("ga").fill_null(False) | pl.col("fa").fill_null(False)).alias("abjad"),
            pl.col("ft"),
            pl.col("gg"),
            "dob",
            "birth_y",
            "birth_m",
            "birth_d",
            pl.when(doc.str.len_chars() >= 4).then(doc).otherwise(None).alias("doc"),
            pl.col("prs_Gender").alias("sex"),
            "cit",
            "cit1",
            "cit2",
            pl.col("hte_Country__Recruitment").str.to_uppercase().alias("origin"),
            "phone",
            _day_number(records, "hte_Date__Recruitment").alias("rd"),
            _day_number(records, "hte_Date__Exploitation").alias("ed"),
        )
    )
    # Empty lists count as unknown, so that "no nickname group" never agrees with itself.
    half = pl.col("doc").str.len_chars() // 2
    out = out.with_columns(
        pl.col("gk").str.slice(0, 2).alias("gi"),
        # The name a diminutive stands for (its first nickname group), else the name.
        pl.coalesce(pl.col("gg").list.first(), pl.col("gk")).alias("gid"),
        pl.col("fk").str.slice(0, 2).alias("fi"),
        pl.col("doc").str.slice(0, half).alias("dh1"),
        pl.col("doc").str.slice(half).alias("dh2"),
        # Blocking on skeletons only where a name is in Arabic or Thai script.
        pl.when(pl.col("abjad")).then(pl.col("ns")).otherwise(None).alias("ab"),
    )
    out = out.with_columns(
        *(
            pl.when(pl.col(c).list.len() > 0).then(pl.col(c)).otherwise(None).alias(c)
            for c in ("ft", "gg")
        )
    )
    long_doc = pl.col("doc").str.len_chars() >= 8
    return out.with_columns(
        pl.col("ft").list.get(0, null_on_oob=True).alias("ft1"),
        pl.col("ft").list.get(1, null_on_oob=True).alias("ft2"),
        pl.when(long_doc).then(pl.col("doc").str.slice(0, 3)).alias("dp"),
        pl.when(long_doc).then(pl.col("doc").str.slice(-3)).alias("ds"),
        (pl.col("birth_y") + 1).alias("by1"),
    )
