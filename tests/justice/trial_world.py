"""One of every justice record, made through the services, for the web tests, the
isolation sweep and the browser test.

The NGO holds a victim's case, with consents to cooperate with law enforcement, to refer
and to share with the police and the prosecutor's office, and refers the case to both.
The police open an investigation directed by the prosecutor's office, name the victim and
a suspect, record cooperation; the prosecutor brings proceedings before the court: a
charge naming the victim, hearings, a verdict, a sentence, an appeal, compensation with a
payment, the victim's participation. The NGO records a charge brought against the victim.
Every personal value is in ``SECRETS``: none may reach another agency or a trial monitor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from palermo import clock
from palermo.cases import open_case
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import accept_referral
from palermo.justice.services import inputs as i
from palermo.justice.services.investigations import (
    add_victim,
    open_investigation,
    record_cooperation,
)
from palermo.justice.services.proceedings import (
    bring_charge,
    bring_proceeding,
    record_hearing,
    schedule_hearing,
)
from palermo.justice.services.redress import (
    order_compensation,
    record_participation,
    record_payment,
    record_victim_charge,
)
from palermo.justice.services.suspects import name_suspect
from palermo.justice.services.verdicts import lodge_appeal, record_sentence, record_verdict
from palermo.justice.services.victims import refer_to_justice
from palermo.store import Store
from palermo.vocab import InformedOf
from tests.justice.store_world import JusticeActors, make_justice_agencies

VICTIM = {"given_name": "Ysoldebeth", "family_name": "Carrowmore"}
VICTIM_BIRTH = "1994-08-21"
VICTIM_DOCUMENT = "VK-5529013"
SUSPECT = {"given_name": "Oswinder", "family_name": "Blackthornely"}
SUSPECT_BIRTH = "1979-11-04"
SUSPECT_DOCUMENT = "SX-8812346"
SECRETS = [
    *VICTIM.values(),
    VICTIM_BIRTH,
    VICTIM_DOCUMENT,
    *SUSPECT.values(),
    SUSPECT_BIRTH,
    SUSPECT_DOCUMENT,
]
COURT_NUMBER = "T2025/0917"


@dataclass
class TrialWorld:
    actors: JusticeActors
    ids: dict[str, int]


def consents(store: Store, actors: JusticeActors, case_id: int, *purposes: str) -> None:
    with store.session() as s:
        for purpose in purposes:
            to = None
            if purpose.startswith("sharing:"):
                purpose, to = "sharing", actors.agency_ids[purpose.split(":")[1]]
            record_consent(
                s,
                case_id=case_id,
                actor=actors.ngo,
                data=ConsentCreate(
                    purpose=purpose, informed_of=list(InformedOf), shared_with_agency_id=to
                ),
            )


def build_trial_world(store: Store, *, full: bool = True) -> TrialWorld:
    """The world above; with ``full`` False, stop once the proceeding is brought (the
    browser test records the rest through the pages)."""
    a = make_justice_agencies(store)
    today = clock.today()
    ids: dict[str, int] = {}
    with store.session() as s:
        case = open_case(
            s,
            actor=a.ngo,
            data=CaseCreate(
                person=PersonData(
                    **VICTIM,
                    birth_date=VICTIM_BIRTH,
                    identity_number=VICTIM_DOCUMENT,
                    gender="Feminine",
                ),
                identified_on=today - timedelta(days=400),
                citizenship=["MD"],
                exploitation_types=["SexualExploitation"],
            ),
        )
        ids["case_id"] = case.id
    consents(
        store,
        a,
        ids["case_id"],
        "law_enforcement",
        "referral",
        "sharing:police",
        "sharing:prosecutor",
    )
    with store.session() as s:
        for target in ("police", "prosecutor"):
            link = refer_to_justice(
                s,
                case_id=ids["case_id"],
                to_agency_id=a.agency_ids[target],
                shared_fields=["identity", "birth_date", "document", "citizenship"],
                actor=a.ngo,
            )
            accept_referral(s, referral_id=link.referral_id, actor=a.by_name[target])
            ids[f"{target}_link_id"] = link.id
    with store.session() as s:
        inv = open_investigation(
            s,
            actor=a.police,
            data=i.InvestigationCreate(
                offences=["trafficking_in_persons"],
                opened_on=today - timedelta(days=300),
                prosecutor_agency_id=a.agency_ids["prosecutor"],
            ),
        )
        add_victim(s, investigation_id=inv.id, link_id=ids["police_link_id"], actor=a.police)
        suspect = name_suspect(
            s,
            investigation_id=inv.id,
            actor=a.police,
            data=i.SuspectCreate(
                person=PersonData(
                    **SUSPECT,
                    birth_date=SUSPECT_BIRTH,
                    identity_number=SUSPECT_DOCUMENT,
                    gender="Masculine",
                ),
                citizenship=["RO"],
                roles=["RecruiterOrIntermediary"],
                named_on=today - timedelta(days=290),
            ),
        )
        record_cooperation(
            s,
            investigation_id=inv.id,
            actor=a.police,
            data=i.CooperationCreate(
                kind="mla_request_sent", country="RO", sent_on=today - timedelta(days=250)
            ),
        )
        ids["investigation_id"], ids["suspect_id"] = inv.id, suspect.id
    with store.session() as s:
        proc = bring_proceeding(
            s,
            investigation_id=ids["investigation_id"],
            actor=a.prosecutor,
            data=i.ProceedingCreate(
                defendant_id=ids["suspect_id"],
                court="Crown Court at Leeds",
                court_agency_id=a.agency_ids["court"],
                court_case_number=COURT_NUMBER,
            ),
        )
        ids["proceeding_id"] = proc.id
    if full:
        _trial(store, a, ids, today)
    return TrialWorld(a, ids)


def _trial(store: Store, a: JusticeActors, ids: dict[str, int], today: date) -> None:
    p = a.prosecutor
    with store.session() as s:
        charge = bring_charge(
            s,
            proceeding_id=ids["proceeding_id"],
            actor=p,
            data=i.ChargeCreate(
                offence="trafficking_in_persons",
                charged_on=today - timedelta(days=280),
                victim_link_ids=[ids["prosecutor_link_id"]],
            ),
        )
        done = schedule_hearing(
            s,
            proceeding_id=ids["proceeding_id"],
            actor=p,
            data=i.HearingCreate(held_on=today - timedelta(days=250)),
        )
        record_hearing(s, hearing_id=done.id, actor=p, data=i.HearingOutcomeIn(outcome="verdict"))
        coming = schedule_hearing(
            s,
            proceeding_id=ids["proceeding_id"],
            actor=p,
            data=i.HearingCreate(held_on=today + timedelta(days=3)),
        )
        record_verdict(
            s,
            charge_id=charge.id,
            actor=p,
            data=i.VerdictIn(verdict="convicted", verdict_on=today - timedelta(days=250)),
        )
        record_sentence(
            s,
            charge_id=charge.id,
            actor=p,
            data=i.SentenceCreate(
                sentenced_on=today - timedelta(days=250), kinds=["custody"], custody_months=48
            ),
        )
        appeal = lodge_appeal(
            s,
            proceeding_id=ids["proceeding_id"],
            actor=p,
            data=i.AppealCreate(lodged_on=today - timedelta(days=240), by="defendant"),
        )
        comp = order_compensation(
            s,
            proceeding_id=ids["proceeding_id"],
            actor=p,
            data=i.CompensationCreate(
                link_id=ids["prosecutor_link_id"],
                ordered_on=today - timedelta(days=250),
                amount="8000.00",
                currency="GBP",
                payer="defendant",
            ),
        )
        record_payment(
            s,
            compensation_id=comp.id,
            actor=p,
            data=i.PaymentCreate(paid_on=today - timedelta(days=50), amount="1000", by="defendant"),
        )
        part = record_participation(
            s,
            proceeding_id=ids["proceeding_id"],
            actor=p,
            data=i.ParticipationCreate(
                link_id=ids["prosecutor_link_id"],
                witness=True,
                protection=["screen"],
                support_person=True,
            ),
        )
        ids |= {
            "charge_id": charge.id,
            "hearing_id": coming.id,
            "appeal_id": appeal.id,
            "compensation_id": comp.id,
            "participation_id": part.id,
        }
    with store.session() as s:
        np = record_victim_charge(
            s,
            actor=a.ngo,
            data=i.VictimChargeCreate(
                case_id=ids["case_id"],
                offence="immigration_offence",
                charged_on=today - timedelta(days=380),
            ),
        )
        ids["non_punishment_id"] = np.id
    ids["link_id"] = ids["prosecutor_link_id"]
