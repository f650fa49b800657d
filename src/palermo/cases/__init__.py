"""Protect: cases, consent, referrals, the NRM, support, family tracing, and the work on them.

One sub-package per concern (see ARCHITECTURE.md); the rules that cross concerns live in
:mod:`palermo.cases.workflow`. Import verbs from the module that defines them; the most used
are re-exported here.
"""

from palermo.cases.record.audit_trail import case_audit_trail
from palermo.cases.record.casefile import (
    add_comment,
    case_to_create,
    open_case,
    read_case,
    update_case,
)
from palermo.cases.record.deletion import delete_case
from palermo.cases.record.search import case_by_reference, find_cases, summarise_cases

__all__ = [
    "add_comment",
    "case_audit_trail",
    "case_by_reference",
    "case_to_create",
    "delete_case",
    "find_cases",
    "open_case",
    "read_case",
    "summarise_cases",
    "update_case",
]
