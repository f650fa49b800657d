"""Regenerate the packaged HTCDS lists from the HTCDS v2.0 field standard CSV.

    python -m palermo.vocab.build ../shared/reference/htcds/htcds_field_standards_2.0.csv

writes ``data/htcds_lists.csv`` (list,code,label_en,label_fr,deprecated) and
``data/htcds_fields.csv`` (field,list,source,status) beside this module. French
labels come from ``data/htcds_fr.csv`` (code,label_fr), kept by hand; the build
stops and names every code that lacks one, so a new HTCDS release cannot ship half
translated. The runtime reads only the generated files, never the reference CSV.

List names follow one rule, so that a reader can go from an HTCDS column to its list:

1. take the field name without its prefix and write it in snake_case
   (``vic_MethodsOfControl`` -> ``methods_of_control``);
2. a bare generic name (``Type``, ``Status``) is qualified by the record it belongs
   to (``cas_Status`` -> ``case_status``, ``spl_Type`` -> ``support_plan_type``);
3. ``NAME_OVERRIDES`` names the few exceptions: lists that several fields share
   (HTCDS repeats the same values under each field) and lists Palermo extends
   under its own word (organisations are "agencies"; event types are the three
   stages of the trafficking process).

HTCDS v2.0 by IOM, CC BY 4.0; no endorsement implied.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

# The Salesforce-style object prefixes of HTCDS, as record names for rule 2.
RECORD_NAMES = {
    "org": "organisation",
    "prs": "person",
    "vic": "victim",
    "per": "perpetrator",
    "cas": "case",
    "cco": "case_comment",
    "hte": "event",
    "spl": "support_plan",
    "con": "consent",
}
GENERIC_NAMES = {"type", "status"}
NAME_OVERRIDES = {
    "org_Type": "agency_type",
    "hte_Type": "event_stage",
    "vic_RecruitmentWebsitesAndApps": "websites_and_apps",
    "vic_ExploitationWebsitesAndApps": "websites_and_apps",
    "cas_ReasonForIncomingReferral": "referral_reason",
    "cas_ReasonForOutgoingReferral": "referral_reason",
}


@dataclass(frozen=True)
class Picklist:
    """One HTCDS field whose values come from a list."""

    field: str
    status: str
    source: str  # "htcds" for an enumerated picklist, "iso3166" / "iso639" for references
    codes: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def deprecated(self) -> bool:
        return self.status.upper() == "DEPRECATED"


def snake_case(name: str) -> str:
    """``TypeOfSexExploitation`` -> ``type_of_sex_exploitation``; ``A_Mining`` -> ``a_mining``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return re.sub(r"_+", "_", spaced).strip("_").lower()


def list_name_for(field: str) -> str:
    if field in NAME_OVERRIDES:
        return NAME_OVERRIDES[field]
    prefix, _, bare = field.partition("_")
    name = snake_case(bare)
    return f"{RECORD_NAMES[prefix]}_{name}" if name in GENERIC_NAMES else name


def split_cell(cell: str, *, separator: str | None = None) -> list[str]:
    """Values of one cell. HTCDS puts one per line; a ';' list is read when no line breaks.

    Labels may contain ';' themselves ("Water supply; sewerage, ..."), so the
    separator found in the codes cell is the one used for its labels cell.
    """
    separator = separator or ("\n" if "\n" in cell.strip() else ";")
    parts = [part.replace("\xa0", " ").strip() for part in cell.split(separator)]
    return [part for part in parts if part]


def read_picklists(path: Path) -> list[Picklist]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    picklists: list[Picklist] = []
    for row in rows:
        field = (row.get("Field Name including Prefix") or "").strip()
        names = row.get("Value Names (if picklist)") or ""
        labels = row.get("Value Labels (if picklist)") or ""
        if not field or not (names.strip() or labels.strip()):
            continue
        status = (row.get("Status") or "").strip()
        if "Deprecated" in (row.get("Description") or "") + (row.get("Notes") or ""):
            status = "DEPRECATED"
        references = f"{names} {labels}"
        if "ISO 3166" in references:
            picklists.append(Picklist(field, status, "iso3166"))
        elif "ISO 639" in references:
            picklists.append(Picklist(field, status, "iso639"))
        else:
            separator = "\n" if "\n" in names.strip() else ";"
            codes = tuple(split_cell(names, separator=separator))
            texts = tuple(split_cell(labels, separator=separator)) if labels.strip() else codes
            if len(codes) != len(texts):
                raise ValueError(f"{field}: {len(codes)} value names but {len(texts)} labels")
            picklists.append(Picklist(field, status, "htcds", codes, texts))
    return picklists


def read_french(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: row["label_fr"].strip() for row in csv.DictReader(handle)}


def build(source: Path, out_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Write the two data files; returns (number of lists, number of values)."""
    picklists = read_picklists(source)
    french = read_french(DATA_DIR / "htcds_fr.csv")
    missing = sorted({c for p in picklists for c in p.codes if not french.get(c)})
    if missing:
        raise SystemExit(f"No French label in data/htcds_fr.csv for: {', '.join(missing)}")
    fields: list[tuple[str, str, str, str]] = []
    lists: dict[str, Picklist] = {}
    for picklist in picklists:
        name = {"iso3166": "country", "iso639": "language"}.get(
            picklist.source, list_name_for(picklist.field)
        )
        fields.append((picklist.field, name, picklist.source, picklist.status))
        if picklist.source != "htcds":
            continue
        seen = lists.setdefault(name, picklist)
        if seen.codes != picklist.codes:
            raise ValueError(f"{seen.field} and {picklist.field} share {name} but differ")
        if seen.deprecated and not picklist.deprecated:
            lists[name] = picklist  # a list is deprecated only if every field using it is
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "htcds_fields.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["field", "list", "source", "status"])
        writer.writerows(fields)
    count = 0
    with (out_dir / "htcds_lists.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["list", "code", "label_en", "label_fr", "deprecated"])
        for name, picklist in lists.items():
            for code, label in zip(picklist.codes, picklist.labels, strict=True):
                writer.writerow([name, code, label, french[code], int(picklist.deprecated)])
                count += 1
    return len(lists), count


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m palermo.vocab.build PATH/htcds_field_standards_2.0.csv")
    n_lists, n_values = build(Path(args[0]))
    print(f"Wrote {n_lists} HTCDS lists with {n_values} values to {DATA_DIR}")


if __name__ == "__main__":
    main()
