"""Protect: cases and their services. Routes and the CLI call these verbs."""

from palermo.cases.history import case_audit_trail
from palermo.cases.search import find_cases, summarise_cases
from palermo.cases.service import (
    add_comment,
    case_to_create,
    delete_case,
    open_case,
    read_case,
    update_case,
)

__all__ = [
    "add_comment",
    "case_audit_trail",
    "case_to_create",
    "delete_case",
    "find_cases",
    "open_case",
    "read_case",
    "summarise_cases",
    "update_case",
]
