"""SHERLOC-style classification of a case: keywords by group, each with its reason.

The classification of a decision is a person's job; Palermo *suggests* keywords from
what the records already say and shows why (which field, which value), and the person
confirms, removes or adds. Suggestions come from:

* **acts** (Palermo Protocol art. 3(a)): suspects' HTCDS roles (:data:`ACT_OF_ROLE`);
* **means**: victims' HTCDS means of control (:data:`MEANS_OF_CONTROL`); for a child
  victim the means are not needed, and the reason says so;
* **purpose** and **sector**: victims' HTCDS type of exploitation and ISIC industry;
  **form of exploitation**: their UNODC form (:mod:`palermo.justice.categories`);
* **reach**: transnational when a victim was recruited in, or holds the citizenship
  of, another country than the one of exploitation; domestic otherwise;
* **international cooperation**: the investigation's cooperation records;
* **organised criminal group**: the investigator's finding; when not assessed and three
  or more suspects are named, a suggestion to assess it (UNTOC art. 2(a));
* **online recruitment**: victims recruited through online networks or ads, or through
  a named website or app.

A case meets the SHERLOC inclusion rule when an act, a means (or a child victim) and a
purpose are all present; otherwise ``missing`` lists what is not, so the summary states
the reason for inclusion.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from palermo.errors import NotFound, ValidationFailed
from palermo.justice.categories import glotip_form
from palermo.justice.dataset import JusticeDataset
from palermo.vocab import get_list
from palermo.vocab.enums import VocabEnum
from palermo.vocab.justice import (
    CooperationKind,
    GlotipForm,
    PalermoAct,
    PalermoMeans,
    SherlocKeywordGroup,
    TraffickingReach,
)

G = SherlocKeywordGroup

ACT_OF_ROLE: dict[str, PalermoAct] = {
    "RecruiterOrIntermediary": PalermoAct.recruitment,
    "BrokerTravelAgent": PalermoAct.recruitment,
    "Transporter": PalermoAct.transportation,
    "TransferredIndividual": PalermoAct.transfer,
    "SoldIndividual": PalermoAct.transfer,
    "HarbouredIndividual": PalermoAct.harbouring,
    "ReceivedIndividual": PalermoAct.receipt,
    "BoughtIndividual": PalermoAct.receipt,
    "Kidnapper": PalermoAct.transportation,
}
MEANS_OF_CONTROL: dict[str, PalermoMeans] = {
    "PhysicalThreats": PalermoMeans.threat_of_force,
    "ThreatensChildrenFamily": PalermoMeans.threat_of_force,
    "PhysicalAbuse": PalermoMeans.use_of_force,
    "SexualAbuse": PalermoMeans.use_of_force,
    "ThreatsLawEnforcement": PalermoMeans.coercion,
    "DebtBondage": PalermoMeans.coercion,
    "WithholdsDocuments": PalermoMeans.coercion,
    "WithholdsNecessities": PalermoMeans.coercion,
    "PsychologicalAbuse": PalermoMeans.coercion,
    "RestrictsFinancialAccess": PalermoMeans.coercion,
    "FalsePromises": PalermoMeans.deception,
    "PsychoactiveSubstance": PalermoMeans.abuse_of_vulnerability,
}
ONLINE_METHODS = frozenset({"ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement"})
# SHERLOC needs three parts of the definition; without a means a child case still counts.
_REQUIRED = (G.acts, G.means, G.purpose)


@dataclass(frozen=True)
class Keyword:
    """One keyword: ``code`` of the list its ``group`` uses, and why it is suggested."""

    group: SherlocKeywordGroup
    code: str
    reasons: tuple[str, ...] = ()

    def label(self, locale: str = "en") -> str:
        return _list_of(self.group).parse(self.code).label(locale)


@dataclass(frozen=True)
class SherlocClassification:
    """Keywords of one case, suggested (``confirmed_by`` None) or confirmed by a person."""

    keywords: tuple[Keyword, ...]
    child_victim: bool
    missing: tuple[SherlocKeywordGroup, ...]
    confirmed_by: str | None = None

    @property
    def meets_definition(self) -> bool:
        return not self.missing

    def codes(self, group: SherlocKeywordGroup) -> tuple[str, ...]:
        return tuple(k.code for k in self.keywords if k.group == group)

    def by_group(self) -> dict[str, list[str]]:
        return {g.code: list(self.codes(g)) for g in SherlocKeywordGroup if self.codes(g)}


def _list_of(group: SherlocKeywordGroup) -> type[VocabEnum]:
    lists: dict[SherlocKeywordGroup, Any] = {
        G.acts: PalermoAct,
        G.means: PalermoMeans,
        G.purpose: get_list("type_of_exploitation"),
        G.form_of_exploitation: GlotipForm,
        G.sector: get_list("forced_labour_industry"),
        G.reach: TraffickingReach,
        G.international_cooperation: CooperationKind,
        G.organised_criminal_group: _Flag,
        G.online_recruitment: get_list("websites_and_apps"),
        G.means_of_control: get_list("methods_of_control"),
    }
    return lists[group]


class _Flag(VocabEnum, list_name="sherloc_flag"):
    """The one keyword of a yes-or-no group."""

    yes = ("yes", "Yes", "Oui", True)


def suggest_classification(data: JusticeDataset, *, investigation_id: str) -> SherlocClassification:
    """Keywords the records of ``investigation_id`` suggest (see the module docstring)."""
    inv = data.investigation_by_id.get(investigation_id)
    if inv is None:
        raise NotFound(f"No investigation {investigation_id!r} in these records.")
    found: dict[tuple[SherlocKeywordGroup, str], list[str]] = {}

    def add(group: SherlocKeywordGroup, code: object, reason: str) -> None:
        reasons = found.setdefault((group, str(code)), [])
        if reason not in reasons:
            reasons.append(reason)

    roles = get_list("role_in_process")
    for suspect_id in inv.suspect_ids:
        for role in data.suspect_by_id[suspect_id].roles:
            if role in ACT_OF_ROLE:
                add(G.acts, ACT_OF_ROLE[role], f"a suspect's role: {roles.parse(role).label()}")
    victims = [data.victim_by_id[v] for v in inv.victim_ids]
    control = get_list("methods_of_control")
    child = any(v.is_child for v in victims)
    for v in victims:
        for code in v.means_of_control:
            add(G.means_of_control, code, "a victim's recorded means of control")
            if code in MEANS_OF_CONTROL:
                add(
                    G.means,
                    MEANS_OF_CONTROL[code],
                    f"means of control: {control.parse(code).label()}",
                )
        for code in v.exploitation:
            add(G.purpose, code, "a victim's recorded type of exploitation")
        if v.exploitation:
            add(
                G.form_of_exploitation,
                glotip_form(v.exploitation, v.sex_exploitation),
                "UNODC form of a victim's exploitation",
            )
        if v.industry:
            add(G.sector, v.industry, "a victim's recorded industry")
        abroad = {c for c in (v.origin, *v.citizenship) if c} - {v.exploited_in}
        if v.exploited_in and abroad:
            add(
                G.reach,
                TraffickingReach.transnational,
                "a victim recruited in, or citizen of, another country than where exploited",
            )
        elif v.exploited_in and (v.origin or v.citizenship):
            add(
                G.reach,
                TraffickingReach.domestic,
                "a victim recruited and exploited in their own country",
            )
        online = ONLINE_METHODS & set(v.recruitment)
        for app in v.recruitment_apps:
            add(G.online_recruitment, app, "a victim recruited through this website or app")
        if online and not v.recruitment_apps:
            add(G.online_recruitment, "Other", "a victim recruited online (channel not recorded)")
    if TraffickingReach.transnational in {c for g, c in found if g == G.reach}:
        found.pop((G.reach, TraffickingReach.domestic.code), None)
    for coop in inv.cooperation:
        add(G.international_cooperation, coop.kind, f"cooperation with {coop.country}")
    if inv.organised_criminal_group:
        add(G.organised_criminal_group, _Flag.yes, "the investigator's finding")
    elif inv.organised_criminal_group is None and len(inv.suspect_ids) >= 3:
        add(
            G.organised_criminal_group,
            _Flag.yes,
            "three or more suspects: assess whether they are a structured group (UNTOC 2(a))",
        )
    keywords = tuple(
        Keyword(g, c, tuple(r))
        for (g, c), r in sorted(found.items(), key=lambda kv: (list(G).index(kv[0][0]), kv[0][1]))
    )
    return _classified(keywords, child, None)


def _classified(
    keywords: tuple[Keyword, ...], child: bool, by: str | None
) -> SherlocClassification:
    present = {k.group for k in keywords}
    missing = tuple(g for g in _REQUIRED if g not in present and not (g == G.means and child))
    return SherlocClassification(keywords, child, missing, by)


def confirm_classification(
    suggested: SherlocClassification,
    *,
    confirmed_by: str,
    remove: tuple[tuple[SherlocKeywordGroup, str], ...] = (),
    add: tuple[tuple[SherlocKeywordGroup, str], ...] = (),
) -> SherlocClassification:
    """The classification a person confirmed: ``remove`` and ``add`` (group, code) pairs.

    Codes added are checked against the group's list; the reason of an added keyword
    is the person's decision.
    """
    if not confirmed_by.strip():
        raise ValidationFailed("Say who confirms the classification (confirmed_by).")
    dropped = {(SherlocKeywordGroup.parse(g), c) for g, c in remove}
    kept = [k for k in suggested.keywords if (k.group, k.code) not in dropped]
    for group, code in add:
        group = SherlocKeywordGroup.parse(group)
        member = _list_of(group).parse(code)
        if all((k.group, k.code) != (group, member.code) for k in kept):
            kept.append(Keyword(group, member.code, (f"added by {confirmed_by}",)))
    return replace(
        _classified(tuple(kept), suggested.child_victim, confirmed_by), confirmed_by=confirmed_by
    )
