"""What a trial monitor sees: the public course of criminal trials (§17), nothing personal.

A trial monitor (role ``trial_monitor``, usually an NGO) follows every criminal
proceeding brought in their agency's country: the court and its case number, the stage,
each charge's offence, article, verdict and date, the hearing dates (a hearing in camera
shows its date only) and the appeals, as
:func:`palermo.justice.monitoring.public_trial_view` keeps them. No victim, defendant,
sentence, compensation or internal reference reaches the view. Justice staff see the same
view of their own agency's proceedings. Each view read is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.i18n import msg
from palermo.justice.monitoring import PublicTrialView, public_trial_view
from palermo.justice.services.trial_rows import core_proceedings
from palermo.justice.services.visibility import (
    JUSTICE_STAFF,
    MONITORS,
    deny,
    visible_proceedings,
)
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, JusticeProceeding
from palermo.vocab.justice import ProceedingKind, ProceedingStage

READERS = JUSTICE_STAFF | MONITORS


@dataclass(frozen=True)
class PublicTrial:
    proceeding_id: int
    view: PublicTrialView


def _watchable(session: Session, actor: Actor):  # type: ignore[no-untyped-def]
    if actor.role in MONITORS:
        country = session.scalar(select(Agency.country).where(Agency.id == actor.agency_id))
        brought_here = select(Agency.id).where(Agency.country == country)
        return (JusticeProceeding.kind == ProceedingKind.criminal.code) & (
            JusticeProceeding.agency_id.in_(brought_here)
        )
    return visible_proceedings(actor)


def _views(session: Session, ids: list[int]) -> list[PublicTrial]:
    built = core_proceedings(session, set(ids))
    out = []
    for i in ids:
        if i in built:
            out.append(PublicTrial(i, public_trial_view(built[i])))
            continue
        # Brought, but not charged yet: the court and the stage are all there is.
        row = session.get(JusticeProceeding, i)
        if row is not None:
            view = PublicTrialView(
                row.court, row.court_case_number, ProceedingStage.parse(row.stage), (), (), ()
            )
            out.append(PublicTrial(i, view))
    return out


def public_trials(session: Session, *, actor: Actor, limit: int = 200) -> list[PublicTrial]:
    """The public views of the trials the actor may follow, newest first."""
    access.require_role(actor, READERS, doing=msg("follow trials"))
    ids = list(
        session.scalars(
            select(JusticeProceeding.id)
            .where(_watchable(session, actor))
            .order_by(JusticeProceeding.id.desc())
            .limit(limit)
        )
    )
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="justice_proceeding",
        entity_id=None,
        fields=["public_view"],
    )
    return _views(session, ids)


def public_trial(session: Session, *, proceeding_id: int, actor: Actor) -> PublicTrial:
    """One trial's public view; a proceeding the actor may not follow answers NotFound."""
    access.require_role(actor, READERS, doing=msg("follow trials"))
    found = session.scalar(
        select(JusticeProceeding.id).where(
            JusticeProceeding.id == proceeding_id, _watchable(session, actor)
        )
    )
    if found is None:
        deny(
            session, actor=actor, entity="justice_proceeding", record_id=proceeding_id, doing="read"
        )
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="justice_proceeding",
        entity_id=proceeding_id,
        fields=["public_view"],
    )
    return _views(session, [proceeding_id])[0]
