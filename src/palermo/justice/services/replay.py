"""Write a :class:`~palermo.justice.JusticeDataset` into the store through the services.

Used by the demo (the simulator's investigations and trials) and by the tests (a
hand-made dataset whose counts are known): each record goes through the service a
user's click would call, so every rule, consent and audit entry applies. A victim is
reached the way a real one is: the agency holding the case records the person's
consents (law enforcement; referral and sharing when another agency follows the case)
and refers the case to the investigating agency and, when charges name the victim, to
the prosecutor's office, which accept the referral. A step the rules refuse is skipped
with its reason (``ReplayTally.refused``), the rest of the unit rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.record.age import is_child
from palermo.cases.record.schemas import PersonData
from palermo.cases.referrals.answers import accept_referral
from palermo.errors import PalermoError
from palermo.justice.dataset import JusticeDataset
from palermo.justice.records import Investigation
from palermo.justice.services import inputs as i
from palermo.justice.services.investigations import (
    add_victim,
    close_investigation,
    open_investigation,
    record_cooperation,
)
from palermo.justice.services.redress import (
    decide_victim_charge,
    record_victim_charge,
)
from palermo.justice.services.replay_trials import replay_proceeding
from palermo.justice.services.suspects import add_suspect, name_suspect
from palermo.justice.services.victims import record_not_reported, refer_to_justice
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.models import Case
from palermo.vocab import ConsentGiver, ConsentPurpose, InformedOf

SHARED = ["identity", "profile", "citizenship", "exploitation"]


@dataclass(frozen=True)
class ReplayAgencies:
    """Who acts: the staff of each investigating agency of the dataset (by its agency id),
    the prosecutor's office bringing every proceeding, the court's agency, and a case
    worker of each agency holding cases (by store agency id)."""

    investigators: dict[str, Actor]
    prosecutor: Actor
    court_agency_id: int | None
    case_holders: dict[int, Actor]


@dataclass
class ReplayTally:
    links: int = 0
    investigations: int = 0
    suspects: int = 0
    proceedings: int = 0
    charges: int = 0
    compensations: int = 0
    participations: int = 0
    victim_charges: int = 0
    refused: list[str] = field(default_factory=list)


def _birth(on: date, age: int | None) -> str | None:
    """A birth date that makes the person ``age`` on ``on`` (29 February: the 28th)."""
    if age is None:
        return None
    day = 28 if (on.month, on.day) == (2, 29) else on.day
    return date(on.year - age, on.month, day).isoformat()


class _Replay:
    def __init__(
        self,
        store: Store,
        data: JusticeDataset,
        cases: dict[str, int],
        agencies: ReplayAgencies,
        identities: dict[str, PersonData],
    ) -> None:
        self.store, self.data, self.cases, self.agencies = store, data, cases, agencies
        self.identities = identities
        self.tally = ReplayTally()
        self.links: dict[tuple[int, str], int] = {}  # (store agency, victim id) -> link
        self.suspects: dict[tuple[int, str], int] = {}  # (store agency, suspect id) -> row
        self.investigations: dict[str, int] = {}

    def unit(self, what: str, step: Callable[..., object]) -> object | None:
        """One unit of work; a refusal is counted and the unit rolled back."""
        try:
            with self.store.session() as session:
                return step(session)
        except PalermoError as exc:
            self.tally.refused.append(f"{what}: {exc.message}")
            return None

    def consent(
        self,
        session: Session,
        case: Case,
        purpose: ConsentPurpose,
        on: date,
        to: int | None,
        holder: Actor,
    ) -> None:
        child = is_child(case, on=on)
        record_consent(
            session,
            case_id=case.id,
            actor=holder,
            data=ConsentCreate(
                purpose=purpose,
                informed_of=list(InformedOf),
                given_on=on,
                given_by=ConsentGiver.guardian if child else ConsentGiver.person,
                guardian_name="Guardian of record" if child else None,
                shared_with_agency_id=to,
            ),
        )

    def link(self, victim_id: str, target: Actor, on: date) -> int | None:
        to_agency = target.agency_id
        if to_agency is None:  # only an agency's user receives a victim's referral
            return None
        key = (to_agency, victim_id)
        if key in self.links or victim_id not in self.cases:
            return self.links.get(key)

        def step(session) -> int:  # type: ignore[no-untyped-def]
            case = session.get(Case, self.cases[victim_id])
            holder = self.agencies.case_holders[case.agency_id]
            given = min(on, case.identified_on or on)
            self.consent(session, case, ConsentPurpose.law_enforcement, given, None, holder)
            own = case.agency_id == target.agency_id
            if not own:
                self.consent(session, case, ConsentPurpose.referral, given, None, holder)
                self.consent(session, case, ConsentPurpose.sharing, given, target.agency_id, holder)
            link = refer_to_justice(
                session,
                case_id=case.id,
                to_agency_id=to_agency,
                shared_fields=[] if own else SHARED,
                actor=holder,
            )
            if link.referral_id is not None:
                accept_referral(session, referral_id=link.referral_id, actor=target)
            return link.id

        found = self.unit(f"link {victim_id}", step)
        if isinstance(found, int):
            self.links[key] = found
            self.tally.links += 1
        return self.links.get(key)

    def suspect(self, session, inv_id: int, suspect_id: str, actor: Actor, on: date) -> None:  # type: ignore[no-untyped-def]
        key = (actor.agency_id or 0, suspect_id)
        if key in self.suspects:
            add_suspect(
                session, investigation_id=inv_id, suspect_id=self.suspects[key], actor=actor
            )
            return
        ref = self.data.suspect_by_id[suspect_id]
        person = self.identities.get(suspect_id) or PersonData(family_name=f"Suspect {suspect_id}")
        person = person.model_copy(
            update={"gender": ref.gender, "birth_date": person.birth_date or _birth(on, ref.age)}
        )
        row = name_suspect(
            session,
            investigation_id=inv_id,
            actor=actor,
            data=i.SuspectCreate(
                person=person, citizenship=list(ref.citizenship), roles=list(ref.roles), named_on=on
            ),
        )
        self.suspects[key] = row.id
        self.tally.suspects += 1

    def investigation(self, inv: Investigation) -> None:
        actor = self.agencies.investigators.get(inv.agency_id)
        if actor is None:
            self.tally.refused.append(f"investigation {inv.investigation_id}: no agency")
            return
        links = [self.link(v, actor, inv.opened_on) for v in inv.victim_ids]

        def step(session) -> int:  # type: ignore[no-untyped-def]
            row = open_investigation(
                session,
                actor=actor,
                data=i.InvestigationCreate(
                    reference=inv.investigation_id,
                    offences=[o.code for o in inv.offences],
                    opened_on=inv.opened_on,
                    organised_criminal_group=inv.organised_criminal_group,
                    prosecutor_agency_id=self.agencies.prosecutor.agency_id,
                ),
            )
            for link in links:
                if link is not None:
                    add_victim(session, investigation_id=row.id, link_id=link, actor=actor)
            for suspect_id in inv.suspect_ids:
                self.suspect(session, row.id, suspect_id, actor, inv.opened_on)
            for c in inv.cooperation:
                record_cooperation(
                    session,
                    investigation_id=row.id,
                    actor=actor,
                    data=i.CooperationCreate(
                        kind=c.kind.code, country=c.country, sent_on=c.on, answered_on=c.answered_on
                    ),
                )
            if inv.closed_on is not None:
                close_investigation(
                    session,
                    investigation_id=row.id,
                    actor=actor,
                    data=i.InvestigationClose(
                        closed_on=inv.closed_on,
                        outcome=str(inv.outcome),
                        drop_out_reason=inv.drop_out_reason.code if inv.drop_out_reason else None,
                    ),
                )
            return row.id

        saved = self.unit(f"investigation {inv.investigation_id}", step)
        if isinstance(saved, int):
            self.investigations[inv.investigation_id] = saved
            self.tally.investigations += 1

    def victims_only(self) -> None:
        """Reasons for not reporting, and charges brought against victims."""
        for victim in self.data.victims:
            if victim.not_reported_reason is None or victim.victim_id not in self.cases:
                continue
            case_id, reason = self.cases[victim.victim_id], victim.not_reported_reason

            def step(session, case_id=case_id, reason=reason, on=victim.identified_on) -> None:  # type: ignore[no-untyped-def]
                case = session.get(Case, case_id)
                record_not_reported(
                    session,
                    case_id=case_id,
                    reason=reason.code,
                    actor=self.agencies.case_holders[case.agency_id],
                    on=on,
                )

            self.unit(f"not reported {victim.victim_id}", step)
        for np in self.data.non_punishment:
            if np.victim_id not in self.cases:
                continue

            def charge(session, np=np) -> None:  # type: ignore[no-untyped-def]
                case = session.get(Case, self.cases[np.victim_id])
                holder = self.agencies.case_holders[case.agency_id]
                row = record_victim_charge(
                    session,
                    actor=holder,
                    data=i.VictimChargeCreate(
                        case_id=case.id,
                        offence=np.offence.code,
                        charged_on=np.charged_on,
                        trafficking_raised_on=np.trafficking_raised_on,
                    ),
                )
                if np.outcome is not None:
                    decide_victim_charge(
                        session,
                        record_id=row.id,
                        actor=holder,
                        data=i.VictimChargeDecision(
                            outcome=np.outcome.code, decided_on=np.decided_on
                        ),
                    )
                self.tally.victim_charges += 1

            self.unit(f"charge against victim {np.case_id}", charge)


def replay_justice(
    store: Store,
    data: JusticeDataset,
    *,
    cases: dict[str, int],
    agencies: ReplayAgencies,
    identities: dict[str, PersonData] | None = None,
    progress: Callable[[str], None] = lambda _m: None,
) -> ReplayTally:
    """Write ``data`` through the services; ``cases`` maps its victim ids to case ids."""
    replay = _Replay(store, data, cases, agencies, identities or {})
    for n, inv in enumerate(
        sorted(data.investigations, key=lambda v: (v.opened_on, v.investigation_id))
    ):
        replay.investigation(inv)
        if n % 200 == 199:
            progress(f"justice: {n + 1} investigations recorded")
    for proc in sorted(
        data.proceedings, key=lambda p: (min(c.charged_on for c in p.charges), p.proceeding_id)
    ):
        replay_proceeding(replay, proc)
    replay.victims_only()
    return replay.tally
