"""CTDC age bands, so that Palermo's ages aggregate like the Counter Trafficking Data
Collaborative's published data (exact ages are identifying; bands are not)."""

from __future__ import annotations

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.vocab.enums import VocabEnum


class AgeBand(VocabEnum, list_name="age_band"):
    """Age in completed years, banded as CTDC bands it."""

    age_0_8 = ("0-8", "0 to 8 years", "De 0 à 8 ans")
    age_9_17 = ("9-17", "9 to 17 years", "De 9 à 17 ans")
    age_18_20 = ("18-20", "18 to 20 years", "De 18 à 20 ans")
    age_21_23 = ("21-23", "21 to 23 years", "De 21 à 23 ans")
    age_24_26 = ("24-26", "24 to 26 years", "De 24 à 26 ans")
    age_27_29 = ("27-29", "27 to 29 years", "De 27 à 29 ans")
    age_30_38 = ("30-38", "30 to 38 years", "De 30 à 38 ans")
    age_39_47 = ("39-47", "39 to 47 years", "De 39 à 47 ans")
    age_48_plus = ("48+", "48 years and over", "48 ans et plus")

    @property
    def minimum(self) -> int:
        return int(self.value.rstrip("+").split("-")[0])

    @property
    def maximum(self) -> int | None:
        """Last age in the band; ``None`` for the open top band."""
        low, _, high = self.value.partition("-")
        return int(high) if high else None


def age_band(age: int) -> AgeBand:
    """The CTDC band of ``age`` (completed years). Negative or non-integer ages are refused."""
    # bool is an int subclass; True is never an age someone meant to type.
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise ValidationFailed(
            msg("Age must be a whole number of years, 0 or more; got {age!r}.", age=age),
            problems=[FieldProblem(field="age", reason=msg("not a valid age"), value=repr(age))],
        )
    for band in reversed(AgeBand):
        if age >= band.minimum:
            return band
    raise AssertionError("unreachable: the lowest band starts at 0")
