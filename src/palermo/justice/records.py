"""The persons and investigations of the justice pillar, as plain frozen records.

These are the shapes the justice services read from the database and the analytics
(funnel, GLOTIP tables, SHERLOC export) compute on. They hold **no name, birth date,
document or contact**: a victim is a reference to the Protect pillar's case (reached
through the sharing rules) with the attributes statistics need; a suspect is a
reference to a person whose identity stays encrypted in the store.

Codes may be given as vocabulary members or as their text codes (a database row, an
import): each record checks and normalises them, and raises one ``ValidationFailed``
listing every bad field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from palermo.justice.validation import RecordCheck
from palermo.vocab.justice import CooperationKind, DropOutReason, InvestigationOutcome, Offence


@dataclass(frozen=True)
class VictimRef:
    """An identified victim, as the justice pillar knows them.

    ``victim_id`` is the Protect pillar's case reference. ``identified_on`` is the date
    of identification (the first, if several agencies identified the person and the
    records are linked). ``age`` is in completed years at identification. HTCDS codes:
    ``gender`` (prs_Gender), ``exploitation`` (vic_TypeOfExploitation),
    ``sex_exploitation`` (vic_TypeOfSexExploitation), ``industry``
    (vic_ForcedLabourIndustry), ``means_of_control`` (vic_MethodsOfControl),
    ``recruitment`` (vic_MethodOfRecruitment), ``recruitment_apps``
    (vic_RecruitmentWebsitesAndApps). ``origin`` is the country of recruitment and
    ``exploited_in`` the country of exploitation. ``not_reported_reason`` says, when it
    was recorded, why the case never reached an investigation.
    """

    victim_id: str
    identified_on: date
    gender: str | None = None
    age: int | None = None
    citizenship: tuple[str, ...] = ()
    exploitation: tuple[str, ...] = ()
    sex_exploitation: tuple[str, ...] = ()
    industry: str | None = None
    means_of_control: tuple[str, ...] = ()
    recruitment: tuple[str, ...] = ()
    recruitment_apps: tuple[str, ...] = ()
    origin: str | None = None
    exploited_in: str | None = None
    agency_id: str | None = None
    not_reported_reason: DropOutReason | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Victim reference {self.victim_id!r}")
        check.text("victim_id")
        check.day("identified_on")
        check.htcds("gender", "gender")
        check.age("age")
        check.countries("citizenship", many=True)
        check.htcds("exploitation", "type_of_exploitation", many=True)
        check.htcds("sex_exploitation", "type_of_sex_exploitation", many=True)
        check.htcds("industry", "forced_labour_industry")
        check.htcds("means_of_control", "methods_of_control", many=True)
        check.htcds("recruitment", "method_of_recruitment", many=True)
        check.htcds("recruitment_apps", "websites_and_apps", many=True)
        check.countries("origin")
        check.countries("exploited_in")
        check.text("agency_id", optional=True)
        check.code("not_reported_reason", DropOutReason, optional=True)
        check.done()

    @property
    def is_child(self) -> bool | None:
        """Under 18 at identification; None when the age is unknown."""
        return None if self.age is None else self.age < 18


@dataclass(frozen=True)
class SuspectRef:
    """A person suspected of an offence: the identity stays in the store, encrypted.

    ``age`` is in completed years on the day the person was first named as a suspect.
    ``roles`` are HTCDS per_RoleInProcess codes (recruiter, transporter, exploiter...).
    """

    suspect_id: str
    gender: str | None = None
    age: int | None = None
    citizenship: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Suspect reference {self.suspect_id!r}")
        check.text("suspect_id")
        check.htcds("gender", "gender")
        check.age("age")
        check.countries("citizenship", many=True)
        check.htcds("roles", "role_in_process", many=True)
        check.done()


@dataclass(frozen=True)
class Cooperation:
    """One act of international cooperation with ``country`` (ISO alpha-2)."""

    kind: CooperationKind
    country: str
    on: date
    answered_on: date | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, "International cooperation")
        check.code("kind", CooperationKind)
        check.countries("country")
        check.require(self.country is not None, "country", "is required")
        check.day("on")
        check.day("answered_on", optional=True)
        check.not_before("answered_on", "on")
        check.done()


@dataclass(frozen=True)
class Investigation:
    """An investigation by one agency, into ``offences``, naming victims and suspects.

    An open investigation has neither ``closed_on`` nor ``outcome``; a closed one has
    both. ``drop_out_reason`` says why a closed investigation led to no charges.
    ``organised_criminal_group`` is the investigator's finding (UNTOC art. 2(a)); None
    when not assessed.
    """

    investigation_id: str
    agency_id: str
    opened_on: date
    offences: tuple[Offence, ...]
    victim_ids: tuple[str, ...] = ()
    suspect_ids: tuple[str, ...] = ()
    cooperation: tuple[Cooperation, ...] = ()
    closed_on: date | None = None
    outcome: InvestigationOutcome | None = None
    drop_out_reason: DropOutReason | None = None
    organised_criminal_group: bool | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Investigation {self.investigation_id!r}")
        check.text("investigation_id")
        check.text("agency_id")
        check.day("opened_on")
        check.codes("offences", Offence, required=True)
        check.ids("victim_ids")
        check.ids("suspect_ids")
        object.__setattr__(self, "cooperation", tuple(self.cooperation))
        check.day("closed_on", optional=True)
        check.not_before("closed_on", "opened_on")
        check.code("outcome", InvestigationOutcome, optional=True)
        check.code("drop_out_reason", DropOutReason, optional=True)
        check.require(
            (self.closed_on is None) == (self.outcome is None),
            "outcome",
            "is given exactly when the investigation is closed (closed_on)",
        )
        check.require(
            self.drop_out_reason is None or self.outcome != InvestigationOutcome.charges_filed,
            "drop_out_reason",
            "is only for an investigation that ended without charges",
        )
        check.done()

    def is_open(self, on: date | None = None) -> bool:
        """Open on ``on`` (today's records when None): opened and not yet closed."""
        if on is not None and self.opened_on > on:
            return False
        return self.closed_on is None or (on is not None and self.closed_on > on)
