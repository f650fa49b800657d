"""Offers a person chose to report from the public check, and the monitors' list of them.

The public check keeps nothing; below its findings the person may choose to send the
offer (and its contract) to the labour inspectorate. Only then is it kept: the text
(encrypted: it may name the person), the country, and what the check found. Nothing
about who sent it: no account, no address, no cookie. Monitors read the reports and
mark them like flagged ads; every report and mark is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, NotFound, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.monitor_access import require_monitor
from palermo.prevent.monitor_queue import MARKS
from palermo.recruitment.check import check_offer
from palermo.recruitment.registry import AgencyRegistry
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import ReportedOffer, utcnow

# Who reports: the public, never identified (the audit entry says so, with no address).
PUBLIC = Actor(user_id=None, username="public:check", agency_id=None, role="public")


@dataclass(frozen=True)
class ReportView:
    id: int
    text: str
    contract: str | None
    country: str | None
    language: str
    risk: str
    flags: tuple[str, ...]
    reported_at: datetime
    mark: str
    marked_by: str | None


@audit.audited
def report_offer(
    session: Session,
    *,
    text: str,
    contract_text: str = "",
    country: str | None = None,
    chosen: bool,
    registry: AgencyRegistry | None = None,
    actor: Actor,
) -> int:
    """Keep an offer the person chose to send; its report number."""
    if not chosen:
        raise ValidationFailed(
            msg("Nothing was sent: tick the box to send the offer to the inspectorate."),
            problems=[FieldProblem("send", msg("tick the box to send the offer"))],
        )
    if not (text.strip() or contract_text.strip()):
        raise ValidationFailed(
            msg("There is nothing to check yet."),
            problems=[FieldProblem(field="text", reason=msg("paste the offer or a contract"))],
        )
    found = check_offer(
        text=text, country=country, contract_text=contract_text, registry=registry
    ).offer
    row = ReportedOffer(
        text=text,
        contract=contract_text or None,
        country=(country or "").strip().upper()[:2] or None,
        language=found.language[:8],
        risk=found.risk.value,
        flags=[f.code for f in found.flags],
        mark="new",
    )
    session.add(row)
    session.flush()
    return row.id


def _view(row: ReportedOffer) -> ReportView:
    return ReportView(
        row.id, row.text, row.contract, row.country, row.language, row.risk,
        tuple(row.flags), row.reported_at, row.mark, row.marked_by,
    )  # fmt: skip


def list_reported(session: Session, *, actor: Actor, mark: str | None = None) -> list[ReportView]:
    """Reported offers, newest first (the last 200 of a mark)."""
    require_monitor(session, actor, doing=msg("read reported offers"))
    query = select(ReportedOffer).order_by(ReportedOffer.id.desc()).limit(200)
    if mark:
        query = query.where(ReportedOffer.mark == mark)
    rows = session.scalars(query).all()
    audit.record(session, actor=actor, action="read", entity="reported_offer", entity_id=None)
    return [_view(r) for r in rows]


@audit.audited
def mark_reported(session: Session, *, report_id: int, mark: str, actor: Actor) -> str:
    require_monitor(session, actor, doing=msg("mark reported offers"))
    if mark not in MARKS:
        raise ValidationFailed(
            msg("Unknown mark {mark!r}.", mark=mark),
            problems=[FieldProblem("mark", msg("new, reviewed or referred"), value=mark)],
        )
    row = session.get(ReportedOffer, report_id)
    if row is None:
        raise NotFound(msg("No reported offer {id}.", id=report_id))
    if row.mark != mark:
        audit.name_change(session, row, "refer" if mark == "referred" else "review")
        row.mark, row.marked_by, row.marked_at = mark, actor.username, utcnow()
        session.flush()
    return row.mark
