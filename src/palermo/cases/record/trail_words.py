"""What each audit entry of a case's trail is called, in the words of the work."""

from __future__ import annotations

from palermo.i18n import Msg, msg

VIEW_ACTIONS = frozenset({"read", "read_shared"})

_NAMES: dict[tuple[str, str], Msg] = {
    ("case", "create"): msg("Case opened"),
    ("case", "update"): msg("Case updated"),
    ("case", "read"): msg("Case viewed"),
    ("case", "read_shared"): msg("Shared part read by the receiving agency"),
    ("case", "close"): msg("Case closed"),
    ("case", "reopen"): msg("Case reopened"),
    ("case", "assign"): msg("Case handed over"),
    ("case", "delete"): msg("Case deleted"),
    ("case", "backdate"): msg("Dates of the history set (demo)"),
    ("case", "share"): msg("Shared with another agency"),
    ("person", "create"): msg("Personal details recorded"),
    ("person", "update"): msg("Personal details changed"),
    ("person", "delete"): msg("Personal details deleted"),
    ("consent", "create"): msg("Consent recorded"),
    ("consent", "withdraw"): msg("Consent withdrawn"),
    ("consent", "update"): msg("Consent changed"),
    ("consent_override", "create"): msg("Consent overridden by a supervisor"),
    ("consent_override", "override"): msg("Consent overridden by a supervisor"),
    ("referral", "create"): msg("Referral sent"),
    ("referral", "accept"): msg("Referral accepted"),
    ("referral", "reject"): msg("Referral rejected"),
    ("referral", "complete"): msg("Referral completed"),
    ("referral", "revoke"): msg("Referral revoked"),
    ("referral", "read"): msg("Referral viewed"),
    ("referral", "update"): msg("Referral changed"),
    ("service_delivery", "create"): msg("Service recorded"),
    ("service_delivery", "deliver"): msg("Service delivered"),
    ("service_delivery", "update"): msg("Service changed"),
    ("nrm_decision", "create"): msg("NRM decision recorded"),
    ("nrm_decision", "update"): msg("NRM decision changed"),
    ("nrm_decision", "read"): msg("NRM history viewed"),
    ("recovery_period", "create"): msg("Recovery period started"),
    ("recovery_period", "update"): msg("Recovery period extended"),
    ("needs_assessment", "create"): msg("Needs assessed"),
    ("support_plan_item", "create"): msg("Support plan item added"),
    ("support_plan_item", "update"): msg("Support plan item updated"),
    ("tracing_request", "create"): msg("Family tracing requested"),
    ("tracing_request", "update"): msg("Family tracing request changed"),
    ("tracing_match", "propose"): msg("Tracing match proposed"),
    ("tracing_match", "verify"): msg("Tracing match verified"),
    ("tracing_match", "delete"): msg("Tracing match replaced"),
}

_ENTITIES: dict[str, Msg] = {
    "case": msg("case"),
    "person": msg("person"),
    "consent": msg("consent"),
    "consent_override": msg("consent override"),
    "referral": msg("referral"),
    "service_delivery": msg("service"),
    "nrm_decision": msg("NRM decision"),
    "recovery_period": msg("recovery period"),
    "needs_assessment": msg("needs assessment"),
    "support_plan_item": msg("support plan item"),
    "tracing_request": msg("tracing request"),
    "tracing_match": msg("tracing match"),
}


def event_label(entity: str, action: str, outcome: str = "ok") -> Msg:
    if outcome == "denied":
        return msg("Access refused ({record})", record=_ENTITIES.get(entity, entity))
    named = _NAMES.get((entity, action))
    if named is not None:
        return named
    return msg("{record}: {action}", record=_ENTITIES.get(entity, entity), action=action)


def entity_label(entity: str) -> Msg | str:
    return _ENTITIES.get(entity, entity)
