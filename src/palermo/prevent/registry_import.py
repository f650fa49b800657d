"""Importing the registry from the CSV the public check already reads
(``name, licence_number, status, country[, kind]``): every row is checked first, and one
bad row refuses the whole file with each bad field named by line, so nothing is half
imported. Rows already in the registry unchanged are left as they are.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.licences import (
    LicenceIn,
    checked_source,
    licence_problems,
    name_key,
    upsert_licence,
)
from palermo.prevent.monitor_access import require_keeper
from palermo.store import audit
from palermo.store.actor import Actor

REQUIRED = ("name", "status", "country")
OPTIONAL = ("licence_number", "kind")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class RegistryImport:
    added: int
    updated: int
    unchanged: int

    @property
    def rows(self) -> int:
        return self.added + self.updated + self.unchanged


def _refuse(problems: list[FieldProblem]) -> ValidationFailed:
    return ValidationFailed(
        msg("{count} problem(s) in the registry file; nothing was imported.", count=len(problems)),
        problems=problems,
        hint=msg(
            "Correct the lines named and import the file again; the columns are name, "
            "licence_number, status, country and kind."
        ),
    )


def parse_registry_csv(text: str) -> list[LicenceIn]:
    """The licences of a CSV text, or ValidationFailed naming every bad line and field.

    ``row`` in the problems is the line of the file (the header is line 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise _refuse(
            [FieldProblem(c, msg("missing column"), row=1) for c in missing]
            + [FieldProblem(c, msg("unknown column"), row=1) for c in unknown]
        )
    records: list[LicenceIn] = []
    problems: list[FieldProblem] = []
    lines: list[int] = []
    for raw in reader:
        line = reader.line_num
        if None in raw:
            problems.append(FieldProblem("row", msg("more values than columns"), row=line))
            continue
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        data = LicenceIn(
            name=row.get("name", ""),
            country=row.get("country", ""),
            status=row.get("status", ""),
            licence_number=row.get("licence_number") or None,
            kind=row.get("kind") or None,
        )
        problems += licence_problems(data, row=line)
        records.append(data)
        lines.append(line)
        if len(records) > MAX_ROWS:
            problems.append(
                FieldProblem("row", msg("at most {n} rows a file", n=MAX_ROWS), row=line)
            )
            break
    seen = Counter((name_key(r.name), r.country.strip().upper()) for r in records)
    for record, line in zip(records, lines, strict=True):
        if seen[(name_key(record.name), record.country.strip().upper())] > 1:
            reason = msg("the same agency and country is on another line")
            problems.append(FieldProblem("name", reason, row=line, value=record.name))
    if not records and not problems:
        problems.append(FieldProblem("row", msg("the file holds no agency"), row=2))
    if problems:
        raise _refuse(problems)
    return records


def read_registry_file(path: Path) -> str:
    if not path.is_file():
        raise ValidationFailed(
            msg("No such registry file: {path}.", path=str(path)),
            problems=[FieldProblem(field="file", reason=msg("no such file"))],
            hint=msg("Give a CSV with the columns name, licence_number, status and country."),
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            msg("The registry file is not UTF-8 text."),
            problems=[FieldProblem(field="file", reason=msg("not UTF-8 text"))],
            hint=msg("Save the file as CSV in UTF-8 and import it again."),
        ) from exc


@audit.audited
def import_registry(session: Session, *, text: str, source: str, actor: Actor) -> RegistryImport:
    """Add or update every licence of a CSV text, in the caller's transaction."""
    require_keeper(session, actor, doing=msg("change the registry of licensed agencies"))
    cited = checked_source(source)
    records = parse_registry_csv(text)
    outcomes = Counter(
        upsert_licence(session, data=r, source=cited, actor=actor)[1] for r in records
    )
    session.flush()
    return RegistryImport(outcomes["added"], outcomes["updated"], outcomes["unchanged"])
