""" "Also known to agency X": the one piece of link-derived data a case worker may see.

On a case of agency A, agency X is named when the latest linkage run put one of X's cases
with this case (the same person), and:

- an agreement in force between A and X has the purpose *linkage* or *case transfer*;
- this case's consent to share names X (or a supervisor overrode it for X), as a referral
  to X would need;
- X's case's consent to share names A: that X knows the person is X's information, and it
  reaches A only as the person allowed.

The hint says which agency and the field groups its agreements let cross, nothing else:
not X's case, its reference, its number of records or anything in them. Without these
conditions nothing is said, and nothing distinguishes "not known elsewhere" from "not
allowed to say".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.referrals.grants import agreements_between, consent_names_agency
from palermo.cooperate.link_table import cases_of_person, latest_done_run, person_key_of
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case
from palermo.vocab import AgreementPurpose, ShareGroup

HINT_PURPOSES = frozenset({AgreementPurpose.linkage, AgreementPurpose.case_transfer})


@dataclass(frozen=True)
class KnownTo:
    """Another agency that knows the person, and what its agreements with yours share."""

    agency_id: int
    agency_name: str
    groups: tuple[str, ...]  # ShareGroup codes, in the list's order
    agreement_ids: tuple[int, ...]


def also_known_to(session: Session, *, case_id: int, actor: Actor) -> list[KnownTo]:
    """The agencies the case's person is also known to, as far as the rules above allow."""
    access.require_role(actor, access.CASE_READERS, doing=msg("read cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="read")
    run = latest_done_run(session)
    key = person_key_of(session, run=run, case_id=case.id) if run is not None else None
    if run is None or key is None:
        return []
    theirs: dict[int, list[int]] = {}
    others = cases_of_person(session, run=run, person_key=key)
    for other_id, agency_id in session.execute(
        select(Case.id, Case.agency_id).where(Case.id.in_(others)).order_by(Case.id)
    ):
        if agency_id != case.agency_id:
            theirs.setdefault(agency_id, []).append(other_id)
    found = []
    for agency_id, their_cases in sorted(theirs.items()):
        agreements = agreements_between(
            session, agency_id=case.agency_id, other_agency_id=agency_id, purposes=HINT_PURPOSES
        )
        if not agreements or not consent_names_agency(
            session, case_id=case.id, agency_id=agency_id
        ):
            continue
        if not any(
            consent_names_agency(session, case_id=c, agency_id=case.agency_id) for c in their_cases
        ):
            continue
        groups = {g for a in agreements for g in a.field_groups}
        agency = session.get(Agency, agency_id)
        found.append(
            KnownTo(
                agency_id=agency_id,
                agency_name=agency.name if agency else str(agency_id),
                groups=tuple(g.value for g in ShareGroup if g in groups),
                agreement_ids=tuple(a.id for a in agreements),
            )
        )
    if found:
        audit.record(
            session,
            actor=actor,
            action="read_links",
            entity="case",
            entity_id=case.id,
            fields=["also_known_to"],
        )
    return found
