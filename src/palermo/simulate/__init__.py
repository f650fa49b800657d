"""A seeded synthetic world of trafficking victims, agencies and their records.

Tests, demos and benchmarks use only this data. A :class:`WorldSpec` fixes the
world; :func:`iter_world` yields it in chunks of ``spec.chunk_size`` victims
(bounded memory); :func:`iter_agency_records` yields plain dicts;
:func:`write_world` (and ``palermo simulate``) writes it to files.

Agency records (one row per record; HTCDS v2.0 names; in the Python API
multi-valued picklists are lists of codes, in files ';'-separated codes)::

    record_id                              agency id + running number, e.g. A03-0000042
    agency_id                              A01, A02, ... (see agencies())
    prs_FirstName, prs_SecondName          given and family name as recorded (noisy)
    prs_Birthdate                          'YYYY-MM-DD', 'YYYY' (year only) or empty
    prs_Gender                             HTCDS prs_Gender code
    prs_Citizenship                        list of ISO 3166-1 alpha-2 codes
    prs_IdentityNumber                     passport/ID number (may be mistyped or empty)
    prs_PrimaryLanguage                    ISO 639-2 code
    vic_TraffickingStatus                  Possible/ActualVictimOfTrafficking
    vic_TraffickingStatusDecisionMakingOrg Police, NGO, NonPoliceGovernmentalOrganization
    vic_AgeWhenTrafficked                  integer years
    vic_RelationshipToTrafficker           Familial, Acquainted, Unaquainted
    vic_MethodOfRecruitment                list
    vic_RecruitmentWebsitesAndApps         list (recruitment channel, online recruitment only)
    vic_MethodsOfControl                   list
    vic_TypeOfExploitation                 list (forced criminality is recorded as Other)
    vic_TypeOfSexExploitation              list
    vic_ForcedLabourIndustry               ISIC section code, e.g. F_Construction;
                                           T_ActivitiesOfHouseholdsAsEmployers for domestic
                                           servitude
    hte_Country__Recruitment               ISO alpha-2 (origin)
    hte_Date__Recruitment                  'YYYY-MM-DD'
    hte_Country__Transit                   ISO alpha-2 or empty
    hte_Country__Exploitation              ISO alpha-2 (destination; = origin if domestic)
    hte_Date__Exploitation                 start of exploitation, 'YYYY-MM-DD'
    plm_IdentificationDate                 when this agency identified the person
    plm_IdentificationYear                 its year

``hte_<Field>__<Type>`` flattens one HTCDS Historic Trafficking Event of
``hte_Type`` <Type> into columns: split at ``__`` to rebuild the event rows.
``plm_`` marks the two Palermo fields that HTCDS lacks. Ground truth is kept
apart: ``WorldChunk.truth`` / ``ground_truth.csv`` map ``record_id, agency_id``
to ``person_id``; ``persons`` holds every true victim (found or not).
"""

from __future__ import annotations

from palermo.simulate.agencies import Agency, build_agencies
from palermo.simulate.families import simulate_families as simulate_families
from palermo.simulate.spec import NoiseSpec, WorldSpec
from palermo.simulate.truth import overlap_table
from palermo.simulate.world import (
    WorldChunk,
    agencies,
    iter_agency_records,
    iter_world,
    join_lists,
)
from palermo.simulate.writer import WorldSummary, write_world

RECORD_COLUMNS: tuple[str, ...] = (
    "record_id",
    "agency_id",
    "prs_FirstName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_IdentityNumber",
    "prs_PrimaryLanguage",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_AgeWhenTrafficked",
    "vic_RelationshipToTrafficker",
    "vic_MethodOfRecruitment",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_TypeOfSexExploitation",
    "vic_ForcedLabourIndustry",
    "hte_Country__Recruitment",
    "hte_Date__Recruitment",
    "hte_Country__Transit",
    "hte_Country__Exploitation",
    "hte_Date__Exploitation",
    "plm_IdentificationDate",
    "plm_IdentificationYear",
)

__all__ = [
    "RECORD_COLUMNS",
    "Agency",
    "NoiseSpec",
    "WorldChunk",
    "WorldSpec",
    "WorldSummary",
    "agencies",
    "build_agencies",
    "iter_agency_records",
    "iter_world",
    "join_lists",
    "overlap_table",
    "write_world",
]
