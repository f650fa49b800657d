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

from palermo.errors import ValidationFailed

# Levels on raw SQL: only equality, 'is null' and arithmetic, which every dialect reads alike.
_NULL_DATE = "birth_y_l is null or birth_y_r is null"
_DATE_LEVELS: tuple[tuple[str, str], ...] = (
    ("dob_l = dob_r", "Birth date matches"),
    (
        "birth_y_l = birth_y_r and birth_m_l = birth_d_r and birth_d_l = birth_m_r",
        "Day and month swapped",
    ),
    (
        "birth_y_l = birth_y_r and (birth_m_l is null or birth_m_r is null)",
        "Year matches, one date partial",
    ),
    ("birth_y_l = birth_y_r and birth_m_l = birth_m_r", "Year and month match"),
    (
        "abs(birth_y_l - birth_y_r) = 1 and birth_m_l = birth_m_r and birth_d_l = birth_d_r",
        "One year off, same day",
    ),
    ("birth_y_l = birth_y_r", "Year matches"),
    ("abs(birth_y_l - birth_y_r) <= 1", "Within a year"),
)


def _jw(column: str, threshold: float) -> Any:
    return cll.JaroWinklerLevel(column, threshold)


def _family_part() -> Any:
    """Family names agree, or one part of a compound one does (``ft1``/``ft2`` are its
    first two part keys: equality only, cheaper per pair than intersecting lists)."""
    parts = " or ".join(f"{a}_l = {b}_r" for a in ("ft1", "ft2") for b in ("ft1", "ft2"))
    return cll.Or(cll.ExactMatchLevel("fk"), cll.CustomLevel(f"({parts})"))


def _nickname() -> Any:
    # Most names belong to no nickname group: test for that before intersecting lists.
    return cll.And(
        cll.CustomLevel("gg_l is not null and gg_r is not null"), cll.ArrayIntersectLevel("gg", 1)
    )


def _names() -> cl.CustomComparison:
    """Given and family name in one comparison: a swap or a shared family name is one event."""
    given_eq, family_eq = cll.ExactMatchLevel("gk"), cll.ExactMatchLevel("fk")
    family_part = _family_part()
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
        cll.And(family_part, _nickname()).configure(
            label_for_charts="Family name matches, given name a nickname"
        ),
        cll.And(family_part, _jw("gl", 0.9)).configure(
            label_for_charts="Family name matches, given name similar"
        ),
        cll.And(given_eq, _jw("fl", 0.9)).configure(
            label_for_charts="Given name matches, family name similar"
        ),
        cll.And(_jw("gl", 0.9), _jw("fl", 0.9)).configure(label_for_charts="Both names similar"),
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
        cll.CustomLevel(f"{column}_l is null or {column}_r is null").configure(is_null_level=True),
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
                    cll.And(
                        # One edit leaves the first or the last three characters of a
                        # number of eight or more intact: most pairs skip the distance.
                        cll.CustomLevel(
                            "dp_l is null or dp_r is null or dp_l = dp_r or ds_l = ds_r"
                        ),
                        cll.DamerauLevenshteinLevel("doc", 1),
                    ).configure(label_for_charts="One typo apart"),
                    cll.ElseLevel(),
                ],
                output_column_name="identity_number",
            )
        )
    if "sex" in present:
        found.append(_exact("sex", "sex"))
    if "cit1" in present:
        found.append(
            cl.CustomComparison(
                [
                    cll.NullLevel("cit1"),
                    cll.CustomLevel(
                        " or ".join(
                            f"{a}_l = {b}_r" for a in ("cit1", "cit2") for b in ("cit1", "cit2")
                        ),
                        "A citizenship in common",
                    ),
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
    """A blocking rule: records are compared when ``l.a = r.b`` for every ``(a, b)``.

    Most rules compare a column with itself; crosswise rules read a given name
    against a family name (swapped names), so they are listed in both directions.
    ``wide`` rules buy recall at a cost that grows with the square of the
    population; :mod:`.guard` keeps them only while they fit the budget.
    """

    pairs: tuple[tuple[str, str], ...]
    wide: bool = False
    missing: str | None = None  # only pairs where one record lacks this column

    @classmethod
    def on(cls, *columns: str, wide: bool = False, missing: str | None = None) -> Rule:
        return cls(tuple((c, c) for c in columns), wide, missing)

    @property
    def symmetric(self) -> bool:
        return {(b, a) for a, b in self.pairs} == set(self.pairs)

    @property
    def sql(self) -> str:
        equal = " and ".join(f"l.{a} = r.{b}" for a, b in self.pairs)
        if self.missing:
            return f"{equal} and (l.{self.missing} is null or r.{self.missing} is null)"
        return equal

    def splink(self) -> Any:
        if all(a == b for a, b in self.pairs) and not self.missing:
            return block_on(*(a for a, _ in self.pairs))
        return self.sql


def blocking_rules(present: frozenset[str], *, events: bool = True) -> list[Rule]:
    """Rules whose union makes the candidate pairs; each is named in the guard's messages.

    Pairs are unordered (:mod:`.blocks`), so a crosswise rule needs no mirror image.
    Every rule but the wide ones joins on something close to a person's identity
    (a number, a name and a date), so its comparisons grow with the number of
    records, not with its square; the wide ones are kept only within the budget.
    """
    rules: list[Rule] = []
    doc, year = "doc" in present, "birth_y" in present
    if doc:
        # A typo leaves one half of the number intact.
        rules += [Rule.on("doc"), Rule.on("dh1", "fi"), Rule.on("dh2", "fi")]
    if year:
        rules += [
            Rule.on("gk", "fk", "birth_y"),
            Rule((("gk", "fk"), ("fk", "gk"), ("birth_y", "birth_y"))),
            Rule.on("fk", "dob"),
            Rule.on("gk", "dob"),
            Rule.on("ab", "birth_y"),
            Rule.on("dob", "fi"),
            Rule.on("fk", "gid", "birth_y"),
            # Same names, the year recorded one off or by one agency only.
            Rule.on("nk", "birth_m", "birth_d"),
            # Sex too: without a year, a common name alone groups thousands of records.
            Rule.on("nk", *(["sex"] if "sex" in present else []), missing="birth_y"),
            Rule((("gk", "fk"), ("fk", "gk")), missing="birth_y"),
        ]
    if "phone" in present:
        rules.append(Rule.on("phone"))
    if events and {"rd", "ed"} <= present:
        rules += [
            Rule.on("gk", "rd"),
            Rule.on("fk", "rd"),
            Rule.on("gk", "ed"),
            Rule.on("fk", "ed"),
        ]
        # Both names written differently: the events and a citizenship.
        rules.append(Rule.on("rd", "ed", *(["cit1"] if "cit1" in present else [])))
    # Wide rules, most found per comparison first: names swapped whatever the year, the
    # events alone, a half identity number or a birth date with the start of the given
    # name, the names with a year one off, one name and the nickname group or the start of
    # the other. On a simulated register of a million victims none fits the budget, and
    # each found few true pairs no other rule finds (at most 0.2% for swapped names).
    rules.append(Rule((("gk", "fk"), ("fk", "gk")), wide=True))
    if events and {"rd", "ed"} <= present:
        rules.append(Rule.on("rd", "ed", wide=True))
    if doc:
        rules += [Rule.on("dh1", "gi", wide=True), Rule.on("dh2", "gi", wide=True)]
    if year:
        rules += [
            Rule.on("dob", "gi", wide=True),
            Rule((("nk", "nk"), ("birth_y", "by1")), wide=True),
        ]
    rules.append(Rule.on("fk", "gid", wide=True))
    if year:
        rules += [Rule.on("fk", "gi", "birth_y", wide=True)]
        rules += [Rule.on("gk", "fi", "birth_y", wide=True)]
    rules += [Rule.on("fk", "gi", wide=True), Rule.on("gk", "fi", wide=True)]
    if year:
        rules += [Rule.on("fk", "birth_y", wide=True), Rule.on("gk", "birth_y", wide=True)]
    return rules


def settings(present: frozenset[str], rules: list[Rule], *, events: bool = True) -> SettingsCreator:
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


def apply_parameters(linker: Any, saved: dict[str, Any]) -> None:
    """Give ``linker`` the parameters of a saved model.

    The saved SQL is in the dialect the model was trained on; the settings are built
    afresh for this backend and only the numbers are copied, so a model trained on
    DuckDB predicts on Spark and the reverse.
    """
    old = {c["output_column_name"]: c for c in saved["comparisons"]}
    settings = linker._settings_obj  # Splink has no public setter for trained values
    for comparison in settings.comparisons:
        name = comparison.output_column_name
        before = old.get(name)
        levels = comparison.comparison_levels
        if before is None or len(before["comparison_levels"]) != len(levels):
            raise ValidationFailed(
                f"The saved model does not fit these records (comparison {name!r}; "
                f"the model has {', '.join(sorted(old))}).",
                hint="Link without --model to train on these records, or give the same columns.",
            )
        for level, trained in zip(levels, before["comparison_levels"], strict=True):
            if "m_probability" in trained:
                level.m_probability = trained["m_probability"]
            if "u_probability" in trained:
                level.u_probability = trained["u_probability"]
    settings._probability_two_random_records_match = saved["probability_two_random_records_match"]
