"""Proceedings against one defendant: brought by a prosecutor's office out of an
investigation, with their charges (victims named through the office's own links, so a
victim's identity reaches a proceeding only with the case's law-enforcement consent)
and their hearings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.errors import ConsentMissing, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.articles import LegalArticles, load_legal_articles
from palermo.justice.services.inputs import (
    ChargeCreate,
    CodeCheck,
    HearingCreate,
    HearingOutcomeIn,
    ProceedingCreate,
)
from palermo.justice.services.victims import case_reference, link_in_force
from palermo.justice.services.visibility import (
    load_investigation,
    load_link,
    load_part,
    load_proceeding,
    require_justice_agency,
    require_staff,
    visible_proceedings,
)
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    ChargeVictim,
    JusticeCharge,
    JusticeCompensation,
    JusticeHearing,
    JusticeParticipation,
    JusticeProceeding,
    JusticeVictimLink,
)
from palermo.vocab.justice import (
    AdjournmentReason,
    HearingOutcome,
    Offence,
    ProceedingKind,
    ProceedingStage,
)

_ARTICLES: list[LegalArticles] = []


def legal_articles() -> LegalArticles:
    """The configured legal articles (Palermo's illustrative file), read once."""
    if not _ARTICLES:
        _ARTICLES.append(load_legal_articles())
    return _ARTICLES[0]


@audit.audited
def bring_proceeding(
    session: Session, *, investigation_id: int, data: ProceedingCreate, actor: Actor
) -> JusticeProceeding:
    """Bring proceedings against a suspect of the investigation (a prosecutor's office)."""
    # The record first: an agency that may not see it learns only that it is not there.
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    agency = require_justice_agency(session, actor, doing=msg("bring proceedings"))
    check = CodeCheck()
    check.require(
        agency.type == "Prosecutor", "agency", msg("only a prosecutor's office brings proceedings")
    )
    check.require(
        any(s.suspect_id == data.defendant_id for s in inv.suspects),
        "defendant_id",
        msg("is not a suspect of this investigation"),
        data.defendant_id,
    )
    if data.court_agency_id is not None:
        court = session.get(Agency, data.court_agency_id)
        check.require(
            court is not None and court.type == "Court",
            "court_agency_id",
            msg("is not a court"),
            data.court_agency_id,
        )
    kind = check.one("kind", ProceedingKind, data.kind)
    stage = check.one("stage", ProceedingStage, data.stage)
    check.done(msg("proceeding"))
    proc = JusticeProceeding(
        investigation_id=inv.id,
        agency_id=agency.id,
        court_agency_id=data.court_agency_id,
        defendant_id=data.defendant_id,
        court=data.court,
        court_case_number=data.court_case_number,
        kind=kind,
        stage=stage,
    )
    session.add(proc)
    session.flush()
    return proc


@audit.audited
def move_stage(
    session: Session, *, proceeding_id: int, stage: str, actor: Actor
) -> JusticeProceeding:
    """Record where the proceedings stand now (charged, first instance, appeal, final)."""
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor, doing="update")
    check = CodeCheck()
    code = check.one("stage", ProceedingStage, stage)
    check.require(code is not None, "stage", msg("is required"))
    check.done(msg("proceeding"))
    proc.stage = code  # type: ignore[assignment]
    audit.name_change(session, proc, "stage")
    session.flush()
    return proc


def proceeding_links(
    session: Session, proc: JusticeProceeding, link_ids: list[int], actor: Actor
) -> list[JusticeVictimLink]:
    """Links the proceeding may name: the actor's agency's own, whose consent holds."""
    links = [load_link(session, link_id=i, actor=actor, doing="update") for i in link_ids]
    lapsed = [link for link in links if not link_in_force(session, link)]
    if lapsed:
        raise ConsentMissing(
            msg(
                "The case of victim {reference} holds no valid consent to cooperate with law "
                "enforcement: the victim cannot be named in the proceedings.",
                reference=case_reference(session, lapsed[0]),
            ),
            purpose="law_enforcement",
            hint=msg(
                "Ask the agency holding the case to record the consent (or a supervisor's "
                "override) and refer the case again."
            ),
        )
    return links


@audit.audited
def bring_charge(
    session: Session, *, proceeding_id: int, data: ChargeCreate, actor: Actor
) -> JusticeCharge:
    """A charge of ``offence`` under the country's article (given, or the configured one)."""
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor, doing="update")
    check = CodeCheck()
    offence = check.one("offence", Offence, data.offence)
    check.require(data.charged_on <= clock.today(), "charged_on", msg("is in the future"))
    check.require(
        data.charged_on >= proc.investigation.opened_on,
        "charged_on",
        msg("is before the investigation was opened"),
    )
    check.done(msg("charge"))
    links = proceeding_links(session, proc, data.victim_link_ids, actor)
    article = data.article
    if article is None and offence is not None:
        country = session.scalar(select(Agency.country).where(Agency.id == proc.agency_id))
        configured = legal_articles().get(country or "", offence)
        article = configured.reference if configured else None
    charge = JusticeCharge(
        proceeding_id=proc.id, offence=offence, article=article, charged_on=data.charged_on
    )
    charge.victims = [ChargeVictim(link_id=link.id) for link in links]
    session.add(charge)
    session.flush()
    return charge


@audit.audited
def schedule_hearing(
    session: Session, *, proceeding_id: int, data: HearingCreate, actor: Actor
) -> JusticeHearing:
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor, doing="update")
    hearing = JusticeHearing(proceeding_id=proc.id, held_on=data.held_on, public=data.public)
    session.add(hearing)
    session.flush()
    return hearing


@audit.audited
def record_hearing(
    session: Session, *, hearing_id: int, data: HearingOutcomeIn, actor: Actor
) -> JusticeHearing:
    """What happened at the hearing; an adjournment says why."""
    hearing = load_part(session, JusticeHearing, hearing_id, entity="justice_hearing", actor=actor)
    check = CodeCheck()
    outcome = check.one("outcome", HearingOutcome, data.outcome)
    reason = check.one("adjournment_reason", AdjournmentReason, data.adjournment_reason)
    check.require(outcome is not None, "outcome", msg("is required"))
    check.require(
        reason is None or outcome == HearingOutcome.adjourned.code,
        "adjournment_reason",
        msg("is only for an adjourned hearing"),
    )
    check.require(hearing.held_on <= clock.today(), "outcome", msg("the hearing is still to come"))
    check.done(msg("hearing"))
    hearing.outcome, hearing.adjournment_reason = outcome, reason
    audit.name_change(session, hearing, "hearing")
    session.flush()
    return hearing


@dataclass(frozen=True)
class VictimLabel:
    link_id: int
    case_reference: str
    ours: bool


@dataclass(frozen=True)
class ProceedingView:
    proceeding: JusticeProceeding
    investigation_reference: str
    victims: dict[int, VictimLabel]  # link id -> label
    compensations: tuple[JusticeCompensation, ...]
    participations: tuple[JusticeParticipation, ...]
    writable: bool


def proceeding_detail(session: Session, *, proceeding_id: int, actor: Actor) -> ProceedingView:
    """The proceeding with its charges, hearings, appeals, compensation and participation;
    victims by their case reference (identity on the link's own page, audited)."""
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor)
    comps = session.scalars(
        select(JusticeCompensation)
        .where(JusticeCompensation.proceeding_id == proc.id)
        .order_by(JusticeCompensation.id)
    ).all()
    parts = session.scalars(
        select(JusticeParticipation)
        .where(JusticeParticipation.proceeding_id == proc.id)
        .order_by(JusticeParticipation.id)
    ).all()
    link_ids = {v.link_id for c in proc.charges for v in c.victims}
    link_ids |= {c.link_id for c in comps} | {p.link_id for p in parts}
    labels = {}
    for link_id in sorted(link_ids):
        link = session.get(JusticeVictimLink, link_id)
        if link is not None:
            labels[link_id] = VictimLabel(
                link_id, case_reference(session, link), link.agency_id == actor.agency_id
            )
    writable = actor.agency_id in {proc.agency_id, proc.court_agency_id}
    return ProceedingView(
        proc, proc.investigation.reference, labels, tuple(comps), tuple(parts), writable
    )


@dataclass(frozen=True)
class ProceedingRow:
    id: int
    court: str
    court_case_number: str | None
    stage: str
    charges: int
    next_hearing: date | None


def list_proceedings(session: Session, *, actor: Actor, limit: int = 500) -> list[ProceedingRow]:
    """The proceedings the agency takes part in, newest first."""
    require_staff(actor, doing=msg("work on proceedings"))
    today = clock.today()
    procs = session.scalars(
        select(JusticeProceeding)
        .where(visible_proceedings(actor))
        .order_by(JusticeProceeding.id.desc())
        .limit(limit)
    ).all()
    return [
        ProceedingRow(
            p.id,
            p.court,
            p.court_case_number,
            p.stage,
            len(p.charges),
            min(
                (h.held_on for h in p.hearings if h.held_on >= today and not h.outcome),
                default=None,
            ),
        )
        for p in procs
    ]


def check_ids(ids: list[int], field: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValidationFailed(
            msg("The same victim is listed twice."),
            problems=[FieldProblem(field, msg("lists the same victim twice"))],
        )
