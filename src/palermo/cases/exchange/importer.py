"""Import rows of HTCDS columns into an agency's cases, reporting every bad row.

Each good row becomes a case through ``open_case``, so roles, code checks,
encryption, blind indexes and the audit log apply exactly as for a case typed in
the web form. ``import_cases`` works in the caller's transaction (no commit here);
``palermo.cases.exchange.batches`` commits a long import in batches instead, so
the web app keeps answering while it runs.

Row numbers are those a spreadsheet user sees: the header is row 1, the first
data row is row 2. Blank rows are skipped but keep their number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.exchange.cell_checks import FIRST_DATA_ROW, suggestion
from palermo.cases.exchange.convert import Layout, row_to_case
from palermo.cases.exchange.row_duplicates import (
    PossibleDuplicate,
    duplicates_in_agency,
    duplicates_in_file,
)
from palermo.cases.record.casefile import open_case
from palermo.cases.record.schemas import CaseCreate
from palermo.errors import FieldProblem, PermissionDenied, ValidationFailed
from palermo.i18n import msg
from palermo.store.actor import Actor


@dataclass(frozen=True)
class ImportReport:
    """What an import did: ``problems`` name the row, column, reason and value of each bad cell;
    ``duplicates`` the rows that may repeat another row or an existing case (imported all the
    same: only a person can tell)."""

    rows: int
    imported: int
    case_ids: tuple[int, ...]
    problems: tuple[FieldProblem, ...]
    warnings: tuple[str, ...] = ()
    blank: int = 0
    duplicates: tuple[PossibleDuplicate, ...] = ()

    @property
    def rejected(self) -> int:
        """Number of rows refused (a row with three bad cells counts once)."""
        return len({p.row for p in self.problems})

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Prepared:
    """The rows of a file read as cases, before anything is written."""

    good: list[tuple[int, CaseCreate]] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    rows: int = 0
    blank: int = 0

    def refuse_if_atomic(self, atomic: bool) -> None:
        if atomic and self.problems:
            raise ValidationFailed(
                msg(
                    "Nothing imported: {bad} of {count} row(s) are bad.",
                    bad=len({p.row for p in self.problems}),
                    count=self.rows,
                ),
                problems=self.problems,
                hint=msg(
                    "Correct the rows listed, or import without --atomic to keep the good ones."
                ),
            )

    def report(self, case_ids: list[int]) -> ImportReport:
        return ImportReport(
            rows=self.rows,
            imported=len(case_ids),
            case_ids=tuple(case_ids),
            problems=tuple(self.problems),
            warnings=tuple(self.warnings),
            blank=self.blank,
            duplicates=tuple(sorted(self.duplicates, key=lambda d: d.row)),
        )


def check_actor(actor: Actor) -> None:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("import cases"))
    if actor.agency_id is None:
        raise PermissionDenied(
            msg("An import needs an agency to import into."),
            hint=msg("Act as a user of the agency, or pass --agency on the command line."),
        )


def _unknown_warning(unknown: tuple[str, ...]) -> str:
    named = []
    for column in unknown:
        close = suggestion(column)
        named.append(
            msg("{column} (did you mean {close}?)", column=column, close=close) if close else column
        )
    return msg(
        "{count} unknown column(s) ignored, their values not imported: {columns}. "
        "See palermo.cases.exchange.columns for the columns Palermo reads.",
        count=len(unknown),
        columns=", ".join(named),
    )


def prepare_rows(rows: Iterable[Mapping[str, Any]]) -> Prepared:
    """Read every row as a case (or its problems), and find duplicates within the file."""
    prepared = Prepared()
    layouts: dict[tuple[str, ...], Layout] = {}
    warned: set[str] = set()
    for count, row in enumerate(rows, start=1):
        keys = tuple(row.keys())
        layout = layouts.get(keys)
        if layout is None:
            layout = layouts[keys] = Layout.of(list(keys))
            fresh = tuple(c for c in layout.unknown if c not in warned)
            if fresh:
                warned.update(fresh)
                prepared.warnings.append(_unknown_warning(fresh))
        prepared.rows = count
        number = count - 1 + FIRST_DATA_ROW
        data, found = row_to_case(row, layout=layout, row_number=number)
        if found:
            prepared.problems.extend(found)
        elif data is None:
            prepared.blank += 1
        else:
            prepared.good.append((number, data))
    prepared.duplicates = duplicates_in_file(prepared.good)
    return prepared


def find_existing(session: Session, prepared: Prepared, *, agency_id: int) -> None:
    """Add the rows whose person may already have a case in the agency."""
    already = {d.row for d in prepared.duplicates}
    fresh = [(row, data) for row, data in prepared.good if row not in already]
    prepared.duplicates.extend(duplicates_in_agency(session, items=fresh, agency_id=agency_id))


def import_cases(
    session: Session,
    *,
    rows: Iterable[Mapping[str, Any]],
    actor: Actor,
    atomic: bool = False,
    on_row: Callable[[], None] | None = None,
) -> ImportReport:
    """Open one case per good row in ``actor``'s agency; list the bad rows.

    ``rows`` are dicts keyed by column name: from a file (``read_rows``), with
    ';'-separated codes, or the simulator's records, with lists. With ``atomic``
    nothing is written if any row is bad: ``ValidationFailed`` is raised carrying
    every problem. Otherwise good rows are kept. ``on_row`` is called once per case
    written (for progress bars). Everything happens in the caller's transaction.
    """
    check_actor(actor)
    prepared = prepare_rows(rows)
    prepared.refuse_if_atomic(atomic)
    assert actor.agency_id is not None
    find_existing(session, prepared, agency_id=actor.agency_id)
    case_ids = []
    for _row, data in prepared.good:
        case_ids.append(open_case(session, data=data, actor=actor).id)
        if on_row:
            on_row()
    session.flush()
    return prepared.report(case_ids)


def import_simulated_agency(
    session: Session, *, records: Iterable[Mapping[str, Any]], actor: Actor
) -> ImportReport:
    """Import one simulated agency's records (``palermo.simulate`` Python API, lists as lists).

    The simulator's ``record_id`` becomes the case's ``external_id``; its
    ``agency_id`` column is ignored (the cases go to ``actor``'s agency). Good
    records are kept, bad ones reported, as in ``import_cases``.
    """
    return import_cases(session, rows=records, actor=actor, atomic=False)
