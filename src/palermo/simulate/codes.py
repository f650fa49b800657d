"""HTCDS v2.0 code lists used by the simulator, and the countries it knows.

The codes are copied from ``htcds_field_standards_2.0.csv`` ("Value Names"), so the
simulator does not depend on ``palermo.vocab``; ``tests/simulate`` checks every code
against the shared CSV. HTCDS has no code for forced criminality: the simulator
records it as ``Other`` and keeps the finer kind in the ground truth only.
Countries are ISO 3166-1 alpha-2 codes, the form HTCDS asks for in
``prs_MailingCountry`` and allows for ``prs_Citizenship``.
"""

from __future__ import annotations

GENDER = (
    "Feminine",
    "Masculine",
    "TransgenderFeminine",
    "TransgenderMasculine",
    "NonConforming",
    "NonSpecifiedUnknown",
)

TRAFFICKING_STATUS = ("PossibleVictimOfTrafficking", "ActualVictimOfTrafficking")

DECISION_ORG = ("Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization", "Other")

RELATIONSHIP = ("Familial", "Acquainted", "Unaquainted")  # spelling as in HTCDS

RECRUITMENT_METHOD = (
    "AtAPlaceOfBusiness",
    "AtAnEducationalInstitution",
    "AtWork",
    "ThroughOnlineSocialNetworks",
    "ThroughAnOnlineAdvertisement",
    "ThroughATelevisionAdvert",
    "ThroughANewspaperAdvert",
    "ThroughFamilyOrFamilyEvents",
    "ThroughFriendsOrSocialEvents",
    "Other",
)

WEBSITES_AND_APPS = (
    "Facebook",
    "Instagram",
    "WhatsApp",
    "Telegram",
    "FacebookMessenger",
    "Viber",
    "SnapChat",
    "Line",
    "4Sale",
    "WeChat",
    "QQ",
    "QZone",
    "TikTok",
    "Twitter",
    "Other",
)

CONTROL = (
    "PhysicalThreats",
    "ThreatsLawEnforcement",
    "ThreatensChildrenFamily",
    "DebtBondage",
    "FalsePromises",
    "PhysicalAbuse",
    "SexualAbuse",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "RestrictsMedicalCare",
    "WithholdsNecessities",
    "PsychologicalAbuse",
    "PsychoactiveSubstance",
    "ExcessiveWorkingHours",
    "WithholdsDocuments",
    "Other",
)

EXPLOITATION = (
    "ForcedLabour",
    "SexualExploitation",
    "ChildLabour",
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "ForcedBegging",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)

SEX_EXPLOITATION = (
    "Prostitution",
    "Pornography",
    "RemoteInteractiveServices",
    "PrivateSexualServices",
)

INDUSTRY = (
    "A_AgricultureForestryAndFishing",
    "B_MiningAndQuarrying",
    "C_Manufacturing",
    "D_ElectricityGasSteamAndAirConditioningSupply",
    "E_WaterSupplySewerageWasteManagement",
    "F_Construction",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
    "H_TransportationAndStorage",
    "I_AccommodationAndFoodServiceActivities",
    "J_InformationAndCommunication",
    "K_FinancialAndInsuranceActivities",
    "L_RealEstateActivities",
    "M_ProfessionalScientificAndTechnicalActivities",
    "N_AdministrativeAndSupportServiceActivities",
    "O_PublicAdministrationAndDefence",
    "P_Education",
    "Q_HumanHealthAndSocialWorkActivities",
    "R_ArtsEntertainmentAndRecreation",
    "S_OtherServiceActivities",
    "T_ActivitiesOfHouseholdsAsEmployers",
    "U_ActivitiesOfExtraterritorialOrganizations",
)

ROLE = (
    "TravellingPartner",
    "Transporter",
    "RecruiterOrIntermediary",
    "BrokerTravelAgent",
    "TransferredIndividual",
    "HarbouredIndividual",
    "SoldIndividual",
    "BoughtIndividual",
    "ReceivedIndividual",
    "ControlledIndividual",
    "Smuggler",
    "Abuser",
    "Kidnapper",
    "Exploiter",
    "Other",
)

ORG_TYPE = (
    "NGO",
    "LawEnforcement",
    "HealthServiceOrganisation",
    "CentralGovernmentOrganisation",
    "LocalGovernmentOrganisation",
    "ImmigrationService",
    "LegalService",
    "CorporateBusiness",
    "SchoolOrCollege",
)

EVENT_TYPE = ("Recruitment", "Transit", "Exploitation")

# Which HTCDS column holds which list: the test walks this to validate every code.
PICKLIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "prs_Gender": GENDER,
    "vic_TraffickingStatus": TRAFFICKING_STATUS,
    "vic_TraffickingStatusDecisionMakingOrg": DECISION_ORG,
    "vic_RelationshipToTrafficker": RELATIONSHIP,
    "vic_MethodOfRecruitment": RECRUITMENT_METHOD,
    "vic_RecruitmentWebsitesAndApps": WEBSITES_AND_APPS,
    "vic_MethodsOfControl": CONTROL,
    "vic_TypeOfExploitation": EXPLOITATION,
    "vic_TypeOfSexExploitation": SEX_EXPLOITATION,
    "vic_ForcedLabourIndustry": INDUSTRY,
    "per_RoleInProcess": ROLE,
    "org_Type": ORG_TYPE,
}

# Naming culture of the people of each country the simulator knows, and the
# ISO 639-2 code written to prs_PrimaryLanguage.
COUNTRY_CULTURE: dict[str, tuple[str, str]] = {
    "GB": ("english", "eng"),
    "IE": ("english", "eng"),
    "US": ("english", "eng"),
    "RO": ("romanian", "rum"),
    "MD": ("romanian", "rum"),
    "NG": ("nigerian", "yor"),
    "GH": ("nigerian", "eng"),
    "VN": ("vietnamese", "vie"),
    "UA": ("ukrainian", "ukr"),
    "RU": ("russian", "rus"),
    "BY": ("russian", "rus"),
    "SY": ("arabic", "ara"),
    "EG": ("arabic", "ara"),
    "MA": ("arabic", "ara"),
    "IQ": ("arabic", "ara"),
    "LY": ("arabic", "ara"),
    "ES": ("spanish", "spa"),
    "MX": ("spanish", "spa"),
    "CO": ("spanish", "spa"),
    "VE": ("spanish", "spa"),
    "HN": ("spanish", "spa"),
    "TH": ("thai", "tha"),
}

# Origin countries and their weights per destination (a plausible pattern, not data).
ORIGINS: dict[str, dict[str, float]] = {
    "GB": {
        "GB": 0.30,
        "RO": 0.14,
        "VN": 0.12,
        "NG": 0.10,
        "UA": 0.08,
        "SY": 0.06,
        "EG": 0.04,
        "MD": 0.05,
        "TH": 0.04,
        "CO": 0.03,
        "RU": 0.04,
    },
    "ES": {
        "ES": 0.20,
        "RO": 0.18,
        "NG": 0.12,
        "CO": 0.12,
        "VE": 0.08,
        "MA": 0.10,
        "HN": 0.05,
        "UA": 0.05,
        "MX": 0.04,
        "VN": 0.03,
        "TH": 0.03,
    },
    "TH": {"TH": 0.45, "VN": 0.25, "RU": 0.10, "NG": 0.08, "UA": 0.06, "SY": 0.06},
    "US": {
        "US": 0.40,
        "MX": 0.20,
        "HN": 0.10,
        "CO": 0.05,
        "VN": 0.06,
        "NG": 0.05,
        "TH": 0.05,
        "UA": 0.04,
        "RO": 0.05,
    },
    "RO": {"RO": 0.80, "MD": 0.12, "UA": 0.08},
    "UA": {"UA": 0.80, "MD": 0.10, "RU": 0.10},
}

# Plausible transit countries per origin; domestic victims never transit.
TRANSIT: dict[str, tuple[str, ...]] = {
    "NG": ("LY", "ES", "GH"),
    "VN": ("RU", "TH"),
    "SY": ("LY", "EG"),
    "EG": ("LY",),
    "RO": ("MD",),
    "MD": ("RO", "UA"),
    "UA": ("RO",),
    "RU": ("UA", "BY"),
    "CO": ("ES", "MX"),
    "VE": ("CO",),
    "HN": ("MX",),
    "MX": ("US",),
    "MA": ("ES",),
    "TH": ("VN",),
    "GH": ("NG",),
}

PRESETS: dict[str, tuple[str, ...]] = {"national": ("GB",), "regional": ("GB", "ES", "TH")}
