"""Cooperation in the demo: sharing agreements, the consents they rest on, one linkage run.

A country's national referral mechanism (NRM) usually joins the police, an outreach NGO
and a shelter under one agreement: they refer persons to each other and may tell each
other that they know a person, for the persons who agree to it. All the agencies also
give their records to the national coordinator for national statistics. The demo records
both agreements (signed when the simulated years begin), a national coordination office
with its coordinator's login, and, after the casework, one linkage run by the
coordinator, so that the national dashboard counts persons and a case page can say
"also known to".

Which persons agree is a plausible assumption for synthetic data: a share
(``NRM_CONSENT_SHARE``) of those who agreed to referral at an NRM agency, chosen by a
hash of the record id (the same ones every time).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from palermo.accounts import service as accounts
from palermo.cooperate.agreements import AgreementCreate, record_agreement
from palermo.cooperate.link_runs import RunView, run_link_job, start_link_run
from palermo.store import Store
from palermo.store.actor import Actor

NRM_KINDS = ("police", "ngo_outreach", "shelter")
NRM_CONSENT_SHARE = 0.5
OFFICE = "National Anti-Trafficking Coordination Office"
COORDINATOR = "national.coordinator"
LEGAL_BASIS = (
    "Anti-Trafficking Act, article 12 (national referral mechanism) and the data "
    "protection law's provisions on processing for the protection of victims"
)


@dataclass(frozen=True)
class CoordinatorLogin:
    username: str
    password: str
    agency: str
    actor: Actor


def nrm_consent_given(record_id: str) -> bool:
    """Whether this record's person agreed that the NRM's other agencies may know of
    them (if they agreed to referral at all)."""
    digest = hashlib.blake2b(f"nrm:{record_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") / 2**32 < NRM_CONSENT_SHARE


def add_coordinator(store: Store, *, country: str) -> CoordinatorLogin:
    """The national coordination office and its national coordinator."""
    system = Actor.system("demo")
    password = secrets.token_urlsafe(9)
    with store.session() as session:
        office = accounts.create_agency(
            session,
            name=OFFICE,
            type="CentralGovernmentOrganisation",
            country=country,
            actor=system,
        )
        user = accounts.create_user(
            session,
            username=COORDINATOR,
            password=password,
            role="national_coordinator",
            agency_id=office.id,
            actor=system,
            display_name="Demo national coordinator",
        )
        return CoordinatorLogin(COORDINATOR, password, OFFICE, accounts.actor_of(user, "demo"))


def record_agreements(
    store: Store,
    *,
    nrm: list[int],
    everyone: list[int],
    by: Actor,
    starts_on: date,
) -> list[int]:
    """The NRM agreement and the agreement on national statistics, recorded by ``by``
    (an administrator of an agency party to both)."""
    agreements = [
        AgreementCreate(
            title="National referral mechanism: referral and identification",
            party_agency_ids=nrm,
            purposes=["referral", "linkage"],
            field_groups=["identity", "birth_date", "citizenship", "needs"],
            legal_basis=LEGAL_BASIS,
            starts_on=starts_on,
            signed_by="Heads of the police unit, the outreach NGO and the shelter",
            signed_on=starts_on,
        ),
        AgreementCreate(
            title="Records for national statistics on trafficking in persons",
            party_agency_ids=everyone,
            purposes=["statistics", "linkage"],
            field_groups=[],
            legal_basis=LEGAL_BASIS,
            starts_on=starts_on,
            signed_by="National coordinator and the heads of the agencies",
            signed_on=starts_on,
        ),
    ]
    ids = []
    for data in agreements:
        with store.session() as session:
            ids.append(record_agreement(session, data=data, actor=by).id)
    return ids


def run_linkage(store: Store, *, coordinator: Actor) -> RunView:
    """One linkage run by the national coordinator, as ``palermo link run`` starts it."""
    with store.session() as session:
        run = start_link_run(session, actor=coordinator)
    return run_link_job(store, run_id=run.id, actor=coordinator)
