"""Check that every coded value of a case is a valid code of its HTCDS list."""

from __future__ import annotations

from collections.abc import Iterable

from palermo.errors import FieldProblem, UnknownCode
from palermo.i18n import msg
from palermo.vocab import HTCDS_FIELD_LISTS, get_list


def code_problem(
    field: str, htcds_field: str, code: str, *, row: int | None = None
) -> FieldProblem | None:
    """None when ``code`` is valid for ``htcds_field``; otherwise why not, listing valid codes."""
    try:
        get_list(HTCDS_FIELD_LISTS[htcds_field]).parse(code)
    except UnknownCode as exc:
        valid = ", ".join(exc.valid[:40]) + (" …" if len(exc.valid) > 40 else "")
        return FieldProblem(
            field=field,
            reason=msg("unknown code; valid codes: {valid}", valid=valid),
            row=row,
            value=code,
        )
    return None


def check_codes(
    pairs: Iterable[tuple[str, str, str | list[str] | None]], *, row: int | None = None
) -> list[FieldProblem]:
    """``pairs`` are (schema field, HTCDS field, value or values); returns every bad one."""
    problems = []
    for field, htcds_field, value in pairs:
        values = value if isinstance(value, list) else [value]
        for code in values:
            if code is None or code == "":
                continue
            problem = code_problem(field, htcds_field, code, row=row)
            if problem:
                problems.append(problem)
    return problems
