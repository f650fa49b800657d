"""A hand-made justice dataset where every count of every report is known by construction.

Reporting country GB. Eleven identified victims V1-V11, nine suspects D1-D9, seven
investigations I1-I7, five proceedings. What happens to each person, and so what each
report must count, is written beside the record (the tests restate the counts).

    V1  2021 F 25 RO  sexual          I1 -> P1 (D1) convicted 2022-06-15      conviction
    V2  2021 F 16 GB  sexual, porn    I1 -> P1 (D1) convicted 2022-06-15      conviction
    V3  2021 M 40 AL  forced labour   I2 -> P2 (D3) acquitted 2023-03-01,
                                      convicted on appeal 2023-11-01          conviction
    V4  2021 M 30 AL+GB labour+begging I2 -> P3 (D4) plea 2023-03-01,
                                      overturned on appeal 2023-09-01         conviction
    V5  2021 non-conforming, age and citizenship unknown, Other
                                      I3 (forced labour only, no charges)     identified
    V6  2021 F 17 VN  servitude       declined to report                      identified
    V7  2021 F 35 NG  sexual          nothing recorded                        identified
    V8  2022 M 22 GB  Other           I4 open                                 investigation, pending
    V9  2022 trans F 28 BR sexual     I5 -> P5 (D7) charged with procuring only,
                                      convicted 2023-05-01                    investigation
                                                                              (reclassified)
    V10 2021 F 19 UA  sexual          I6 closed: victim withdrew              investigation
    V11 2022 M 33 GB  forced labour   I7 -> P7 (D9) withdrawn 2023-01-15;
                                      the victim withdrew for fear of reprisal prosecution
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from palermo.justice import (
    Appeal,
    Charge,
    Compensation,
    Cooperation,
    Hearing,
    Investigation,
    JusticeDataset,
    Money,
    NonPunishmentCase,
    Payment,
    Proceeding,
    Sentence,
    SuspectRef,
    VictimParticipation,
    VictimRef,
)

# The web client of tests/web (app on a migrated store), for the pillar's page tests.
from tests.web.conftest import app_settings, client  # noqa: E402, F401

D = date.fromisoformat


def _victims() -> list[VictimRef]:
    def v(vid: str, day: str, gender: str, age: int | None, cit: list[str], exp: list[str], **kw):
        return VictimRef(vid, D(day), gender, age, tuple(cit), tuple(exp), exploited_in="GB", **kw)

    return [
        v(
            "V1",
            "2021-02-01",
            "Feminine",
            25,
            ["RO"],
            ["SexualExploitation"],
            origin="RO",
            agency_id="A1",
            means_of_control=("DebtBondage", "WithholdsDocuments"),
            recruitment=("ThroughOnlineSocialNetworks",),
            recruitment_apps=("Facebook",),
        ),
        v(
            "V2",
            "2021-03-10",
            "Feminine",
            16,
            ["GB"],
            ["SexualExploitation"],
            sex_exploitation=("Pornography",),
            origin="GB",
            agency_id="A1",
            means_of_control=("PhysicalThreats",),
        ),
        v(
            "V3",
            "2021-05-05",
            "Masculine",
            40,
            ["AL"],
            ["ForcedLabour"],
            agency_id="A2",
            industry="F_Construction",
        ),
        v(
            "V4",
            "2021-06-01",
            "Masculine",
            30,
            ["AL", "GB"],
            ["ForcedLabour", "ForcedBegging"],
            agency_id="A2",
        ),
        v("V5", "2021-07-01", "NonConforming", None, [], ["Other"], agency_id="A2"),
        v(
            "V6",
            "2021-08-01",
            "Feminine",
            17,
            ["VN"],
            ["Servitude"],
            agency_id="A1",
            not_reported_reason="victim_declined_to_report",
        ),
        v("V7", "2021-09-01", "Feminine", 35, ["NG"], ["SexualExploitation"], agency_id="A1"),
        v("V8", "2022-01-15", "Masculine", 22, ["GB"], ["Other"], agency_id="A1"),
        v(
            "V9",
            "2022-03-01",
            "TransgenderFeminine",
            28,
            ["BR"],
            ["SexualExploitation"],
            agency_id="A1",
        ),
        v("V10", "2021-09-15", "Feminine", 19, ["UA"], ["SexualExploitation"], agency_id="A1"),
        v("V11", "2022-05-01", "Masculine", 33, ["GB"], ["ForcedLabour"], agency_id="A2"),
    ]


def _suspects() -> list[SuspectRef]:
    rows = [
        ("D1", "Masculine", 45, "RO", ("RecruiterOrIntermediary", "Transporter")),
        ("D2", "Feminine", 38, "RO", ("HarbouredIndividual",)),
        ("D3", "Masculine", 50, "GB", ("Exploiter",)),
        ("D4", "Feminine", 17, "AL", ("ReceivedIndividual",)),
        ("D5", "Masculine", 30, "GB", ("Exploiter",)),
        ("D6", "Masculine", 29, "VN", ("Exploiter",)),
        ("D7", "Feminine", 41, "BR", ("Exploiter",)),
        ("D8", "Masculine", 33, "UA", ("Exploiter",)),
        ("D9", "Masculine", 27, "GB", ("Exploiter",)),
    ]
    return [SuspectRef(sid, g, age, (c,), roles) for sid, g, age, c, roles in rows]


def _investigations() -> list[Investigation]:
    tip, labour = "trafficking_in_persons", "forced_labour"
    return [
        Investigation(
            "I1",
            "POL",
            D("2021-03-01"),
            (tip,),
            ("V1", "V2"),
            ("D1", "D2"),
            (Cooperation("mla_request_sent", "RO", D("2021-04-01"), D("2021-06-01")),),
            D("2021-08-20"),
            "charges_filed",
            organised_criminal_group=True,
        ),
        Investigation(
            "I2",
            "POL",
            D("2021-06-15"),
            (tip, labour),
            ("V3", "V4"),
            ("D3", "D4"),
            closed_on=D("2021-12-20"),
            outcome="charges_filed",
        ),
        Investigation(
            "I3",
            "LAB",
            D("2021-08-01"),
            (labour,),
            ("V5",),
            ("D5",),
            closed_on=D("2022-02-01"),
            outcome="closed_no_charges",
            drop_out_reason="insufficient_evidence",
        ),
        Investigation("I4", "POL", D("2022-02-01"), (tip,), ("V8",), ("D6",)),
        Investigation(
            "I5",
            "POL",
            D("2022-04-01"),
            (tip,),
            ("V9",),
            ("D7",),
            closed_on=D("2022-09-01"),
            outcome="charges_filed",
        ),
        Investigation(
            "I6",
            "POL",
            D("2021-10-01"),
            (tip,),
            ("V10",),
            ("D8",),
            closed_on=D("2022-03-01"),
            outcome="closed_no_charges",
            drop_out_reason="victim_withdrew",
        ),
        Investigation(
            "I7",
            "POL",
            D("2022-05-10"),
            (tip,),
            ("V11",),
            ("D9",),
            closed_on=D("2022-08-01"),
            outcome="charges_filed",
        ),
    ]


def _proceedings() -> list[Proceeding]:
    tip = "trafficking_in_persons"
    custody = Sentence(D("2022-06-15"), ("custody",), custody_months=60)
    return [
        Proceeding(
            "P1",
            "I1",
            "D1",
            "Crown Court at Example",
            (
                Charge(
                    "c1",
                    tip,
                    D("2021-09-01"),
                    ("V1", "V2"),
                    "Modern Slavery Act 2015, s. 2",
                    "convicted",
                    D("2022-06-15"),
                    sentence=custody,
                ),
                Charge(
                    "c1b",
                    "money_laundering",
                    D("2021-09-01"),
                    (),
                    None,
                    "convicted",
                    D("2022-06-15"),
                ),
            ),
            stage="final",
            hearings=(
                Hearing(D("2021-11-01"), "held"),
                Hearing(D("2022-01-10"), "adjourned", "interpreter_unavailable"),
                Hearing(D("2022-06-15"), "verdict"),
            ),
            appeals=(Appeal(D("2022-07-01"), "defendant", None, D("2023-02-01"), "upheld"),),
        ),
        Proceeding(
            "P2",
            "I2",
            "D3",
            "Crown Court at Example",
            (Charge("c3", tip, D("2022-01-10"), ("V3",), None, "acquitted", D("2023-03-01")),),
            stage="final",
            court_case_number="T20227001",
            hearings=(
                Hearing(D("2022-11-14"), "held"),
                Hearing(D("2023-03-01"), "verdict"),
                Hearing(D("2023-06-05"), "adjourned", "court_unavailable", public=False),
                Hearing(D("2023-10-02")),  # the appeal hearing, still to come
            ),
            appeals=(
                Appeal(
                    D("2023-03-20"),
                    "prosecution",
                    "Court of Appeal",
                    D("2023-11-01"),
                    "acquittal_overturned",
                ),
            ),
        ),
        Proceeding(
            "P3",
            "I2",
            "D4",
            "Youth Court",
            (Charge("c4", tip, D("2022-01-10"), ("V4",), None, "plea_agreement", D("2023-03-01")),),
            stage="final",
            appeals=(
                Appeal(
                    D("2023-04-01"), "defendant", None, D("2023-09-01"), "conviction_overturned"
                ),
            ),
        ),
        Proceeding(
            "P5",
            "I5",
            "D7",
            "Magistrates' Court",
            (
                Charge(
                    "c7",
                    "exploitation_of_prostitution",
                    D("2022-09-15"),
                    ("V9",),
                    None,
                    "convicted",
                    D("2023-05-01"),
                    sentence=Sentence(
                        D("2023-05-01"),
                        ("suspended_custody", "fine"),
                        suspended_months=24,
                        fine=Money(Decimal("2000"), "GBP"),
                    ),
                ),
            ),
            stage="final",
        ),
        Proceeding(
            "P7",
            "I7",
            "D9",
            "Crown Court at Example",
            (Charge("c9", tip, D("2022-08-10"), ("V11",), None, "withdrawn", D("2023-01-15")),),
            stage="final",
            hearings=(Hearing(D("2022-10-01"), "adjourned", "victim_witness_absent"),),
        ),
    ]


def build_handmade() -> JusticeDataset:
    return JusticeDataset(
        victims=tuple(_victims()),
        suspects=tuple(_suspects()),
        investigations=tuple(_investigations()),
        proceedings=tuple(_proceedings()),
        compensations=(
            Compensation(
                "K1",
                "P1",
                "V1",
                D("2022-06-15"),
                Money(Decimal("10000"), "GBP"),
                "defendant",
                (
                    Payment(D("2022-09-01"), Decimal("2500"), "defendant"),
                    Payment(D("2023-01-10"), Decimal("2500"), "defendant"),
                ),
            ),
            Compensation(
                "K2", "P1", "V2", D("2022-06-15"), Money(Decimal("5000"), "GBP"), "defendant"
            ),
            Compensation(
                "K3",
                "P3",
                "V4",
                D("2023-03-01"),
                Money(Decimal("3000"), "EUR"),
                "state_fund",
                (Payment(D("2023-03-20"), Decimal("3000"), "state_fund"),),
            ),
        ),
        participations=(
            VictimParticipation(
                "P1",
                "V1",
                witness=True,
                testified=True,
                protection=("screen",),
                support_person=True,
            ),
            VictimParticipation(
                "P1", "V2", witness=True, testified=True, protection=("video_link", "intermediary")
            ),
            VictimParticipation(
                "P7", "V11", withdrew_on=D("2022-12-01"), withdrawal_reason="fear_of_reprisal"
            ),
            # V3 is to give evidence at the appeal hearing of 2 October 2023.
            VictimParticipation("P2", "V3", witness=True, support_person=True),
        ),
        non_punishment=(
            NonPunishmentCase(
                "NP1",
                "V8",
                "immigration_offence",
                D("2022-01-20"),
                D("2022-01-25"),
                "not_prosecuted",
                D("2022-02-15"),
            ),
        ),
    )


@pytest.fixture(scope="session")
def handmade() -> JusticeDataset:
    return build_handmade()
