"""The justice JSON API: investigations with their victims, suspects, cooperation and
closure; suspects' identity (audited) and search; the victims the agency follows and a
case's referral to a justice agency; charges against victims."""

from __future__ import annotations

from fastapi import APIRouter, Query

from palermo.i18n import render
from palermo.justice.services import investigations as inv
from palermo.justice.services import redress, suspects, victims
from palermo.justice.services.inputs import (
    CooperationCreate,
    InvestigationClose,
    InvestigationCreate,
    InvestigationUpdate,
    SuspectCreate,
    VictimChargeCreate,
    VictimChargeDecision,
)
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.justice_json import (
    CooperationOut,
    CreatedOut,
    InvestigationOut,
    InvestigationRowOut,
    LinkIn,
    LinkOut,
    NonPunishmentOut,
    NotReportedIn,
    ReferToJusticeIn,
    SuspectHitOut,
    SuspectOut,
    VictimIdentityOut,
)

router = APIRouter(prefix="/api/justice", tags=["justice"])


def _detail(session: SessionDep, actor: ActorDep, investigation_id: int) -> InvestigationOut:
    view = inv.investigation_detail(session, investigation_id=investigation_id, actor=actor)
    return InvestigationOut.of(view)


@router.get("/investigations", response_model=list[InvestigationRowOut])
def api_investigations(
    actor: ActorDep, session: SessionDep, open_only: bool = False
) -> list[InvestigationRowOut]:
    """Your agency's investigations, newest first."""
    rows = inv.list_investigations(session, actor=actor, open_only=open_only)
    return [InvestigationRowOut.of(r) for r in rows]


@router.post("/investigations", status_code=201, response_model=InvestigationOut)
def api_open(data: InvestigationCreate, actor: ActorDep, session: SessionDep) -> InvestigationOut:
    """Open an investigation led by your agency (a justice agency)."""
    row = inv.open_investigation(session, data=data, actor=actor)
    return _detail(session, actor, row.id)


@router.get("/investigations/{investigation_id}", response_model=InvestigationOut)
def api_investigation(
    investigation_id: int, actor: ActorDep, session: SessionDep
) -> InvestigationOut:
    """The investigation, its victims (case references), suspects (no identity),
    cooperation and proceedings."""
    return _detail(session, actor, investigation_id)


@router.patch("/investigations/{investigation_id}", response_model=InvestigationOut)
def api_update(
    investigation_id: int, data: InvestigationUpdate, actor: ActorDep, session: SessionDep
) -> InvestigationOut:
    inv.update_investigation(session, investigation_id=investigation_id, data=data, actor=actor)
    return _detail(session, actor, investigation_id)


@router.post(
    "/investigations/{investigation_id}/victims", status_code=201, response_model=CreatedOut
)
def api_add_victim(
    investigation_id: int, data: LinkIn, actor: ActorDep, session: SessionDep
) -> CreatedOut:
    """Name a victim your agency follows (its link) in the investigation."""
    row = inv.add_victim(
        session, investigation_id=investigation_id, link_id=data.link_id, actor=actor
    )
    return CreatedOut(id=row.id, entity="investigation_victim")


@router.post(
    "/investigations/{investigation_id}/suspects", status_code=201, response_model=CreatedOut
)
def api_name_suspect(
    investigation_id: int, data: SuspectCreate, actor: ActorDep, session: SessionDep
) -> CreatedOut:
    """Name a new suspect (the identity is encrypted; the answer holds only its id)."""
    row = suspects.name_suspect(session, investigation_id=investigation_id, data=data, actor=actor)
    return CreatedOut(id=row.id, entity="justice_suspect")


@router.post(
    "/investigations/{investigation_id}/cooperation",
    status_code=201,
    response_model=CooperationOut,
)
def api_cooperation(
    investigation_id: int, data: CooperationCreate, actor: ActorDep, session: SessionDep
) -> CooperationOut:
    row = inv.record_cooperation(session, investigation_id=investigation_id, data=data, actor=actor)
    return CooperationOut.model_validate(row)


@router.post("/investigations/{investigation_id}/close", response_model=InvestigationOut)
def api_close(
    investigation_id: int, data: InvestigationClose, actor: ActorDep, session: SessionDep
) -> InvestigationOut:
    inv.close_investigation(session, investigation_id=investigation_id, data=data, actor=actor)
    return _detail(session, actor, investigation_id)


@router.get("/suspects", response_model=list[SuspectHitOut])
def api_find_suspects(
    actor: ActorDep,
    session: SessionDep,
    name: str | None = Query(None, max_length=200),
    birth_date: str | None = Query(None, max_length=10),
    document: str | None = Query(None, max_length=80),
) -> list[SuspectHitOut]:
    """Suspects whose name, birth date or document matches exactly (audited search)."""
    hits = suspects.find_suspects(
        session, actor=actor, name=name, birth_date=birth_date, document=document
    )
    return [SuspectHitOut.of(h) for h in hits]


@router.get("/suspects/{suspect_id}", response_model=SuspectOut)
def api_suspect(suspect_id: int, actor: ActorDep, session: SessionDep) -> SuspectOut:
    """A suspect's identity; every read is audited."""
    return SuspectOut.of(suspects.read_suspect(session, suspect_id=suspect_id, actor=actor))


@router.get("/victims", response_model=list[LinkOut])
def api_victims(actor: ActorDep, session: SessionDep) -> list[LinkOut]:
    """The victims your agency follows: case references and whether consent still holds."""
    return [LinkOut.of(r) for r in victims.linked_victims(session, actor=actor)]


@router.get("/victims/{link_id}", response_model=VictimIdentityOut)
def api_victim(
    link_id: int, actor: ActorDep, session: SessionDep, locale: str = "en"
) -> VictimIdentityOut:
    """The person behind a link, while the case's law-enforcement consent holds (audited)."""
    seen = victims.victim_identity(session, link_id=link_id, actor=actor)
    return VictimIdentityOut.model_validate(
        {**vars(seen), "reason": render(seen.reason, locale), "groups": list(seen.groups)}
    )


@router.post("/cases/{case_id}/refer", status_code=201, response_model=LinkOut)
def api_refer(
    case_id: int, data: ReferToJusticeIn, actor: ActorDep, session: SessionDep
) -> LinkOut:
    """Let a justice agency follow a case of your agency: needs the case's consent to
    cooperate with law enforcement (and the referral and sharing consents when the
    agency is another), or a supervisor's override_reason."""
    link = victims.refer_to_justice(
        session,
        case_id=case_id,
        to_agency_id=data.to_agency_id,
        shared_fields=data.shared_fields,
        note=data.note,
        override_reason=data.override_reason,
        actor=actor,
    )
    return LinkOut(
        link_id=link.id,
        case_reference=victims.case_reference(session, link),
        basis=link.basis,
        linked_on=link.linked_on,
        in_force=True,
    )


@router.post("/cases/{case_id}/not-reported", response_model=CreatedOut)
def api_not_reported(
    case_id: int, data: NotReportedIn, actor: ActorDep, session: SessionDep
) -> CreatedOut:
    """Why the case was not reported to law enforcement (the funnel's first reasons)."""
    row = victims.record_not_reported(
        session, case_id=case_id, reason=data.reason, on=data.on, actor=actor
    )
    return CreatedOut(id=row.id, entity="justice_not_reported")


@router.get("/non-punishment", response_model=list[NonPunishmentOut])
def api_victim_charges(actor: ActorDep, session: SessionDep) -> list[NonPunishmentOut]:
    """Charges against victims your agency recorded (the non-punishment principle)."""
    rows = redress.list_victim_charges(session, actor=actor)
    return [NonPunishmentOut.model_validate(r) for r in rows]


@router.post("/non-punishment", status_code=201, response_model=NonPunishmentOut)
def api_add_victim_charge(
    data: VictimChargeCreate, actor: ActorDep, session: SessionDep
) -> NonPunishmentOut:
    row = redress.record_victim_charge(session, data=data, actor=actor)
    return NonPunishmentOut.model_validate(row)


@router.post("/non-punishment/{non_punishment_id}", response_model=NonPunishmentOut)
def api_decide_victim_charge(
    non_punishment_id: int, data: VictimChargeDecision, actor: ActorDep, session: SessionDep
) -> NonPunishmentOut:
    row = redress.decide_victim_charge(session, record_id=non_punishment_id, data=data, actor=actor)
    return NonPunishmentOut.model_validate(row)
