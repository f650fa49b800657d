"""Confirmations shown once after a form is saved ("Consent recorded."), the page after the
redirect reads them from a short-lived cookie.

Only a key travels in the cookie; the text comes from this table, so nothing a request
carries is ever shown as it is.
"""

from __future__ import annotations

from palermo.i18n import N_

NOTICE_COOKIE = "palermo_notice"

NOTICES: dict[str, str] = {
    "case_opened": N_("Case opened."),
    "case_saved": N_("Changes saved."),
    "case_closed": N_("Case closed."),
    "case_reopened": N_("Case reopened."),
    "case_assigned": N_("Case handed over."),
    "comment_added": N_("Comment added."),
    "consent_recorded": N_("Consent recorded."),
    "consent_withdrawn": N_("Consent withdrawn."),
    "child_saved": N_("Child protection saved."),
    "needs_saved": N_("Needs assessment recorded."),
    "plan_saved": N_("Support plan saved."),
    "referral_sent": N_("Referral sent."),
    "referral_answered": N_("Referral updated."),
    "service_saved": N_("Service recorded."),
    "task_added": N_("Task added."),
    "task_done": N_("Task marked done."),
    "nrm_saved": N_("NRM record saved."),
    "user_saved": N_("User saved."),
    "password_reset": N_("Password reset: give the new password to the user in person."),
    "agency_saved": N_("Agency saved."),
    "rule_saved": N_("Deadline rule saved."),
    "tracing_saved": N_("Tracing request saved."),
}
