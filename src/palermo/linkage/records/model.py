"""The Splink model for persons in agencies' records: comparisons and blocking rules.

Comparisons are built from Splink's own level library, so that the same settings
run on DuckDB and on Spark (custom SQL is limited to equality and arithmetic):

- given and family names: exact after folding (with term-frequency adjustment),
  swapped with each other, same consonant skeleton where one side is written in
  Arabic or Thai script, nickname of one another (given) or one part of a
  compound name (family), then Jaro-Winkler bands;
- birth date: exact, day and month swapped, a partial date agreeing with the full
  one, same year and month, one year off, same year, within a year;
- identity number exact or one typo away; sex; citizenship; country of origin;
  phone number (E.164) when the records have one. The country of origin is not
  compared: it repeats citizenship (and the name's culture), so counting it too
  would overstate the evidence of namesakes from one country.

Blocking rules keep recall at bounded cost; the number of comparisons they make
is counted before prediction (:mod:`.guard`), and the wide ones are kept only
while they fit the budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

# Levels on raw SQL: only equality, 'is null' and arithmetic, which every dialect reads alike.
_NULL_DATE = "birth_y_l is null or birth_y_r is null"
_DATE_LEVELS: tuple[tuple[str, str], ...] = (
    ("dob_l = dob_r", "Birth date matches"),
    ("birth_y_l = birth_y_r and birth_m_l = birth_d_r and birth_d_l = birth_m_r", "Day and month swapped"),
    ("birth_y_l = birth_y_r and (birth_m_l is null or birth_m_r is null)", "Year matches, one date partial"),
    ("birth_y_l = birth_y_r and birth_m_l = birth_m_r", "Year and month match"),
    ("abs(birth_y_l - birth_y_r) = 1 and birth_m_l = birth_m_r and birth_d_l = birth_d_r", "One year off, same day"),
    ("birth_y_l = birth_y_r", "Year matches"),
    ("abs(birth_y_l - birth_y_r) <= 1", "Within a year"),
)


def _jw(column: str, threshold: float) -> Any:
    return cll.JaroWinklerLevel(column, threshold)


def _names() -> cl.CustomComparison:
    """Given and family name in one comparison: a swap or a shared family name is one event."""
    given_eq, family_eq = cll.ExactMatchLevel("gk"), cll.ExactMatchLevel("fk")
    family_part = cll.Or(cll.ExactMatchLevel("fk"), cll.ArrayIntersectLevel("ft", 1))
    levels: list[Any] = [
        cll.And(cll.NullLevel("gk"), cll.NullLevel("fk")),
        cll.ExactMatchLevel("nk").configure(
            tf_adjustment_column="nk", label_for_charts="Both names match"
        ),
        cll.ColumnsReversedLevel("gk", "fk", symmetrical=True).configure(
            label_for_charts="Given and family names swapped"
        ),
        cll.And(
            cll.Or(cll.CustomLevel("abjad_l"), cll.CustomLevel("abjad_r")),
            cll.ExactMatchLevel("ns"),
        ).configure(label_for_charts="Same consonants (Arabic or Thai script)"),
        cll.And(family_part, cll.ArrayIntersectLevel("gg", 1)).configure(
            label_for_charts="Family name matches, given name a nickname"
        ),
        cll.And(family_part, _jw("gl", 0.9)).configure(
            label_for_charts="Family name matches, given name similar"
        ),
        cll.And(given_eq, _jw("fl", 0.9)).configure(
            label_for_charts="Given name matches, family name similar"
        ),
        cll.And(_jw("gl", 0.9), _jw("fl", 0.9)).configure(
            label_for_charts="Both names similar"
        ),
        cll.And(family_part, cll.NullLevel("gk")).configure(
            label_for_charts="Family name matches, given name unknown"
        ),
        cll.And(family_eq, cll.Not(cll.NullLevel("gk"))).configure(
            label_for_charts="Family name matches, given name differs"
        ),
        cll.And(given_eq, cll.Not(cll.NullLevel("fk"))).configure(
            label_for_charts="Given name matches, family name differs"
        ),
        cll.And(_jw("gl", 0.8), _jw("fl", 0.8)).configure(
            label_for_charts="Both names somewhat similar"
        ),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(levels, output_column_name="name")


def _birth_date() -> cl.CustomComparison:
    levels: list[Any] = [cll.CustomLevel(_NULL_DATE).configure(is_null_level=True)]
    levels += [cll.CustomLevel(sql, label) for sql, label in _DATE_LEVELS]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(levels, output_column_name="birth_date")


def _floor(level: Any, m: float) -> Any:
    """Fix a disagreement level's m: EM on clean training blocks sees (almost) no true
    pair disagree and would make one field's disagreement veto every other agreement."""
    return level.configure(m_probability=m, fix_m_probability=True)


def _exact(column: str, label: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        [cll.NullLevel(column), cll.ExactMatchLevel(column), _floor(cll.ElseLevel(), 0.02)],
        output_column_name=label,
    )


def _event_date(column: str, label: str) -> cl.CustomComparison:
    """A date the victim reports (recruitment, start of exploitation): people round them."""
    levels: list[Any] = [
        cll.CustomLevel(f"{column}_l is null or {column}_r is null").configure(
            is_null_level=True
        ),
        cll.CustomLevel(f"{column}_l = {column}_r", "Same day"),
        _floor(cll.CustomLevel(f"abs({column}_l - {column}_r) <= 31", "Within a month"), 0.03),
        _floor(cll.CustomLevel(f"abs({column}_l - {column}_r) <= 366", "Within a year"), 0.02),
        _floor(cll.ElseLevel(), 0.01),
    ]
    return cl.CustomComparison(levels, output_column_name=label)


def comparisons(present: frozenset[str], *, events: bool = True) -> list[Any]:
    """The comparisons for the feature columns ``present`` (with some value); ``events``
    adds the dates of recruitment and exploitation (off: only the person's own
    identifiers count)."""
    found: list[Any] = [_names()]
    if "birth_y" in present:
        found.append(_birth_date())
    if "doc" in present:
        found.append(
            cl.CustomComparison(
            [
                cll.NullLevel("doc"),
                cll.ExactMatchLevel("doc"),
                cll.DamerauLevenshteinLevel("doc", 1),
                cll.ElseLevel(),
            ],
            output_column_name="identity_number",
            )
        )
    if "sex" in present:
        found.append(_exact("sex", "sex"))
    if "cit" in present:
        found.append(
            cl.CustomComparison(
                [
                    cll.NullLevel("cit"),
                    cll.ArrayIntersectLevel("cit", 1),
                    _floor(cll.ElseLevel(), 0.02),
                ],
                output_column_name="citizenship",
            )
        )
    if "phone" in present:
        found.append(_exact("phone", "phone"))
    if events and "rd" in present:
        found.append(_event_date("rd", "recruitment_date"))
    if events and "ed" in present:
        found.append(_event_date("ed", "exploitation_date"))
    return found


@dataclass(frozen=True)
class Rule:
    """A blocking rule: records agreeing on ``columns`` are compared.

    ``swap`` reads the first two columns crosswise (given name of one record equal
    to the family name of the other, and the reverse). ``wide`` rules buy recall
    at a cost that grows with the square of the population; :mod:`.guard` keeps
    them only while they fit the budget.
    """

    columns: tuple[str, ...]
    swap: bool = False
    wide: bool = False

    @property
    def sql(self) -> str:
        if not self.swap:
            return " and ".join(f"l.{c} = r.{c}" for c in self.columns)
        a, b, *rest = self.columns
        return " and ".join([f"l.{a} = r.{b}", f"l.{b} = r.{a}", *(f"l.{c} = r.{c}" for c in rest)])

    def splink(self) -> Any:
        return self.sql if self.swap else block_on(*self.columns)


def blocking_rules(present: frozenset[str], *, events: bool = True) -> list[Rule]:
    """Rules whose union makes the candidate pairs; each is named in the guard's messages."""
    rules: list[Rule] = []
    doc, year = "doc" in present, "birth_y" in present
    if doc:
        # A typo leaves one half of the number intact.
        rules += [Rule(("doc",))]
        rules += [Rule((h, i)) for h in ("dh1", "dh2") for i in ("fi", "gi")]
    if year:
        rules += [
            Rule(("gk", "fk", "birth_y")),
            Rule(("gk", "fk", "birth_y"), swap=True),
            Rule(("fk", "dob")),
            Rule(("gk", "dob")),
            Rule(("ab", "birth_y")),
            Rule(("dob", "fi")),
            Rule(("dob", "gi")),
        ]
    if "phone" in present:
        rules.append(Rule(("phone",)))
    if events and {"rd", "ed"} <= present:
        rules += [Rule(("rd", "ed")), Rule(("gk", "rd")), Rule(("fk", "rd"))]
    # Wide rules: a name and a year, or both names alone.
    if year:
        rules += [Rule(("fk", "birth_y"), wide=True), Rule(("gk", "birth_y"), wide=True)]
    rules += [Rule(("gk", "fk"), wide=True), Rule(("gk", "fk"), swap=True, wide=True)]
    return rules


def settings(
    present: frozenset[str], rules: list[Rule], *, events: bool = True
) -> SettingsCreator:
    """Dedupe settings over all agencies' records at once (one input table)."""
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(present, events=events),
        blocking_rules_to_generate_predictions=[r.splink() for r in rules],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=["agency_id"],
        max_iterations=20,
    )


#: Deterministic rules for the prior (share of pairs that match), with their assumed recall.
def deterministic_rules(present: frozenset[str]) -> list[Any]:
    rules: list[Any] = [block_on("gk", "fk", "dob")] if "dob" in present else [block_on("nk")]
    if {"doc", "birth_y"} <= present:
        rules.append(block_on("doc", "birth_y"))
    return rules



DETERMINISTIC_RECALL = 0.6
#: EM sessions: each blocks on some columns and so trains the others' parameters.
def training_blocks(present: frozenset[str]) -> list[Any]:
    """EM sessions: pairs sharing an identity number (nearly all matches) train every other
    comparison, pairs sharing a birth date train the identity number; names when absent."""
    blocks = [block_on(c) for c in ("doc", "dob") if c in present]
    return blocks if len(blocks) == 2 else [*blocks, block_on("nk")]
