"""Import rows of HTCDS columns into an agency's cases, reporting every bad row.

Each good row becomes a case through ``open_case``, so roles, code checks,
encryption, blind indexes and the audit log apply exactly as for a case typed in
the web form. Everything happens in the caller's transaction (no commit here):
a whole file lands in one commit, which keeps a 5,000-row import fast and lets a
failed atomic import leave the database as it was.

Row numbers are those a spreadsheet user sees: the header is row 1, the first
data row is row 2. Blank rows are skipped but keep their number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.exchange.convert import Layout, row_to_case
from palermo.cases.record.casefile import open_case
from palermo.cases.record.schemas import CaseCreate
from palermo.errors import FieldProblem, PermissionDenied, ValidationFailed
from palermo.i18n import msg
from palermo.store.actor import Actor

FIRST_DATA_ROW = 2  # row 1 is the header


@dataclass(frozen=True)
class ImportReport:
    """What an import did: ``problems`` name the row, column, reason and value of each bad cell."""

    rows: int
    imported: int
    case_ids: tuple[int, ...]
    problems: tuple[FieldProblem, ...]
    warnings: tuple[str, ...] = ()
    blank: int = 0

    @property
    def rejected(self) -> int:
        """Number of rows refused (a row with three bad cells counts once)."""
        return len({p.row for p in self.problems})

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_actor(actor: Actor) -> None:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("import cases"))
    if actor.agency_id is None:
        raise PermissionDenied(
            msg("An import needs an agency to import into."),
            hint=msg("Act as a user of the agency, or pass --agency on the command line."),
        )


def _unknown_warning(unknown: tuple[str, ...]) -> str:
    return msg(
        "{count} unknown column(s) ignored: {columns}. "
        "See palermo.cases.exchange.columns for the columns Palermo reads.",
        count=len(unknown),
        columns=", ".join(unknown),
    )


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
    every problem. Otherwise good rows are kept. ``on_row`` is called once per row
    handled (for progress bars). The caller commits.
    """
    _check_actor(actor)
    layouts: dict[tuple[str, ...], Layout] = {}
    warnings: list[str] = []
    warned: set[str] = set()
    problems: list[FieldProblem] = []
    pending: list[CaseCreate] = []  # atomic mode writes only once every row is known good
    case_ids: list[int] = []
    count = blank = 0

    def store(data: CaseCreate) -> None:
        case_ids.append(open_case(session, data=data, actor=actor).id)

    for count, row in enumerate(rows, start=1):
        keys = tuple(row.keys())
        layout = layouts.get(keys)
        if layout is None:
            layout = layouts[keys] = Layout.of(list(keys))
            fresh = tuple(c for c in layout.unknown if c not in warned)
            if fresh:
                warned.update(fresh)
                warnings.append(_unknown_warning(fresh))
        number = count - 1 + FIRST_DATA_ROW
        data, found = row_to_case(row, layout=layout, row_number=number)
        if found:
            problems.extend(found)
        elif data is None:
            blank += 1
        elif atomic:
            pending.append(data)
        else:
            store(data)
        if on_row and not atomic:
            on_row()
    if atomic:
        if problems:
            raise ValidationFailed(
                msg(
                    "Nothing imported: {bad} of {count} row(s) are bad.",
                    bad=len({p.row for p in problems}),
                    count=count,
                ),
                problems=problems,
                hint=msg(
                    "Correct the rows listed, or import without --atomic to keep the good ones."
                ),
            )
        for data in pending:
            store(data)
            if on_row:
                on_row()
    session.flush()
    return ImportReport(
        rows=count,
        imported=len(case_ids),
        case_ids=tuple(case_ids),
        problems=tuple(problems),
        warnings=tuple(warnings),
        blank=blank,
    )


def import_simulated_agency(
    session: Session, *, records: Iterable[Mapping[str, Any]], actor: Actor
) -> ImportReport:
    """Import one simulated agency's records (``palermo.simulate`` Python API, lists as lists).

    The simulator's ``record_id`` becomes the case's ``external_id``; its
    ``agency_id`` column is ignored (the cases go to ``actor``'s agency). Good
    records are kept, bad ones reported, as in ``import_cases``.
    """
    return import_cases(session, rows=records, actor=actor, atomic=False)
