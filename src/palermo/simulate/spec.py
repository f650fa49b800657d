"""What world to simulate: :class:`WorldSpec` and its noise rates :class:`NoiseSpec`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from palermo.errors import FieldProblem, ValidationFailed
from palermo.simulate.codes import ORIGINS, PRESETS


@dataclass(frozen=True)
class NoiseSpec:
    """Base rates of recording errors; each agency scales them by its ``noise`` factor.

    Rates are per record (per name field for name rates, per code for
    ``code_drop``).
    """

    name_variant: float = 0.30  # another transliteration or spelling of the same name
    nickname: float = 0.06  # a diminutive instead of the given name
    name_typo: float = 0.04  # one character substituted, dropped, doubled or transposed
    name_swap: float = 0.04  # given and family name swapped (x4 in family-first cultures)
    name_missing: float = 0.01  # given name not recorded
    birthdate_missing: float = 0.10
    birthdate_year_only: float = 0.08
    birthdate_day_month_swap: float = 0.03
    birthdate_year_off: float = 0.04
    document_missing: float = 0.30  # on top of victims who have no document at all
    document_typo: float = 0.05
    field_missing: float = 0.08  # citizenship, gender and each picklist left empty
    code_drop: float = 0.12  # one code of a multi-valued picklist not recorded


@dataclass(frozen=True)
class WorldSpec:
    """A seeded synthetic world.

    ``preset`` ``national`` has one destination country (GB unless ``countries``
    names another) and victims from origin countries plus domestic ones;
    ``regional`` has several destination countries. ``countries`` overrides the
    preset's destination countries. The output depends on every field, including
    ``chunk_size``.
    """

    victims: int = 10_000
    agencies: int = 6
    seed: int = 0
    preset: str = "national"
    countries: tuple[str, ...] = ()
    years: tuple[int, int] = (2019, 2024)
    chunk_size: int = 50_000
    duplicate_rate: float = 0.02  # same agency records the same victim twice
    noise: NoiseSpec = field(default_factory=NoiseSpec)

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        if self.victims < 1:
            problems.append(FieldProblem("victims", "must be at least 1", value=str(self.victims)))
        if not 1 <= self.agencies <= 64:
            problems.append(
                FieldProblem("agencies", "must be between 1 and 64", value=str(self.agencies))
            )
        if self.preset not in PRESETS:
            problems.append(
                FieldProblem("preset", f"choose one of {sorted(PRESETS)}", value=self.preset)
            )
        for code in self.countries:
            if code not in ORIGINS:
                problems.append(
                    FieldProblem(
                        "countries",
                        f"no origin pattern for this destination; use one of {sorted(ORIGINS)}",
                        value=code,
                    )
                )
        if self.years[0] > self.years[1] or self.years[0] < 1950:
            problems.append(
                FieldProblem(
                    "years", "give (first, last) with first <= last", value=str(self.years)
                )
            )
        if self.chunk_size < 100:
            problems.append(
                FieldProblem("chunk_size", "must be at least 100", value=str(self.chunk_size))
            )
        if not 0 <= self.duplicate_rate < 1:
            problems.append(
                FieldProblem("duplicate_rate", "must be in [0, 1)", value=str(self.duplicate_rate))
            )
        for name, rate in asdict(self.noise).items():
            if not 0 <= rate <= 1:
                problems.append(FieldProblem(f"noise.{name}", "must be in [0, 1]", value=str(rate)))
        if problems:
            raise ValidationFailed(
                "The world specification is invalid: "
                + "; ".join(f"{p.field} {p.reason} (got {p.value})" for p in problems)
                + ".",
                problems=problems,
                hint="Fix the listed fields of WorldSpec (or the CLI options) and run again.",
            )

    @property
    def destinations(self) -> tuple[str, ...]:
        return self.countries or PRESETS[self.preset]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["countries"] = list(self.destinations)
        data["years"] = list(self.years)
        return data
