"""The agencies that identify victims, and how likely each is to find whom.

Capture is a logistic model: for victim *i* and agency *a*,
``logit P(a finds i) = base_a + sum_k beta_ak * trait_ik + loading_a * visibility_i``.
``visibility`` is one latent normal draw per victim shared by every agency, so a
victim one agency finds is more likely to be found by the others: list overlaps
are positively dependent, as in real multiple-systems data. Traits make the
dependence heterogeneous (the labour inspectorate finds forced labour, shelters
find women and children, border police finds victims who crossed a border).
An agency can only find victims exploited in its own country.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from palermo.simulate.spec import WorldSpec

TRAITS = (
    "female",
    "child",
    "sexual",
    "labour",
    "servitude",
    "begging_crime",
    "marriage",
    "cross_border",
)


@dataclass(frozen=True)
class AgencyKind:
    kind: str
    name: str
    org_type: str  # HTCDS org_Type
    decision_org: str  # HTCDS vic_TraffickingStatusDecisionMakingOrg
    base: float  # logit of capture for a victim with no trait and visibility 0
    betas: dict[str, float] = field(default_factory=dict)
    loading: float = 1.0  # weight of the shared latent visibility
    noise: float = 1.0  # multiplies every NoiseSpec rate
    actual_share: float = 0.5  # share of records marked ActualVictimOfTrafficking


KINDS: tuple[AgencyKind, ...] = (
    AgencyKind(
        "police",
        "Police Anti-Trafficking Unit",
        "LawEnforcement",
        "Police",
        -1.9,
        {"sexual": 0.8, "begging_crime": 0.9, "child": 0.2},
        1.0,
        0.8,
        0.7,
    ),
    AgencyKind(
        "ngo_outreach",
        "Outreach NGO",
        "NGO",
        "NGO",
        -2.0,
        {"female": 0.5, "sexual": 0.6, "cross_border": 0.3},
        0.9,
        1.3,
        0.3,
    ),
    AgencyKind(
        "labour_inspectorate",
        "Labour Inspectorate",
        "CentralGovernmentOrganisation",
        "NonPoliceGovernmentalOrganization",
        -3.6,
        {"labour": 2.3, "servitude": 0.4},
        0.7,
        1.0,
        0.4,
    ),
    AgencyKind(
        "shelter",
        "Shelter for Survivors",
        "NGO",
        "NGO",
        -3.3,
        {"female": 1.8, "child": 0.6, "sexual": 0.5, "marriage": 0.8},
        1.1,
        0.9,
        0.6,
    ),
    AgencyKind(
        "border_police",
        "Border Police",
        "LawEnforcement",
        "Police",
        -4.2,
        {"cross_border": 2.6, "child": 0.3},
        0.6,
        1.1,
        0.5,
    ),
    AgencyKind(
        "hotline",
        "Anti-Trafficking Hotline",
        "NGO",
        "NGO",
        -2.6,
        {"servitude": 0.7, "marriage": 0.9, "female": 0.2},
        1.2,
        1.6,
        0.1,
    ),
    AgencyKind(
        "health_service",
        "Public Health Service",
        "HealthServiceOrganisation",
        "NonPoliceGovernmentalOrganization",
        -3.2,
        {"sexual": 0.5, "female": 0.4},
        0.8,
        1.2,
        0.2,
    ),
    AgencyKind(
        "child_protection",
        "Child Protection Service",
        "LocalGovernmentOrganisation",
        "NonPoliceGovernmentalOrganization",
        -4.5,
        {"child": 3.2},
        0.8,
        1.0,
        0.5,
    ),
)


@dataclass(frozen=True)
class Agency:
    """One agency of the world (the ``AGENCY`` metadata written to world.json)."""

    agency_id: str
    name: str
    kind: str
    org_type: str
    country: str
    model: AgencyKind

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("model")
        data["capture"] = {
            "base": self.model.base,
            "betas": self.model.betas,
            "loading": self.model.loading,
        }
        data["noise_factor"] = self.model.noise
        return data


def build_agencies(spec: WorldSpec) -> tuple[Agency, ...]:
    """The spec's agencies: kinds in a fixed order, countries in turn.

    With more agencies than kinds per country, kinds repeat as regional offices.
    """
    countries = spec.destinations
    out: list[Agency] = []
    for i in range(spec.agencies):
        country = countries[i % len(countries)]
        slot = i // len(countries)
        kind = KINDS[slot % len(KINDS)]
        office = slot // len(KINDS)
        name = (
            f"{kind.name} ({country})"
            if office == 0
            else (f"{kind.name} ({country}, office {office + 1})")
        )
        out.append(Agency(f"A{i + 1:02d}", name, kind.kind, kind.org_type, country, kind))
    return tuple(out)
