"""The red flags and their wording per language, loaded from the versioned files in ``data/``.

``flags.yaml`` says what each flag means, where it comes from and how much it weighs;
``rules_<language>.yaml`` holds the words that raise it in that language; the
going-rate table and the contacts are data files too, marked illustrative. Each file
carries its ``version``; :func:`rule_versions` reports them, so a stored result can
say which rules produced it. A reviewer corrects a rule without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from palermo.errors import ConfigurationError, FieldProblem, ValidationFailed
from palermo.recruitment.wording import Label, label_of

DATA = resources.files("palermo.recruitment") / "data"
LANGUAGES = ("en", "fr")
STRENGTHS = ("strong", "medium", "weak")


def load_yaml(name: str) -> dict[str, Any]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class FlagSpec:
    code: str
    category: str
    strength: str
    weight: int
    applies_to: frozenset[str]
    sources: tuple[str, ...]
    label: Label
    explanation: Label
    question: Label


@dataclass(frozen=True)
class FlagCatalogue:
    version: str
    provenance: str
    sources: dict[str, Label]
    categories: dict[str, Label]
    flags: dict[str, FlagSpec]
    high_min_score: int
    high_min_categories: int
    caution_min_score: int
    general_questions: tuple[Label, ...]


@dataclass(frozen=True)
class Rule:
    """Words of one language that raise a flag (or a cue that a combination needs)."""

    id: str
    language: str
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    flag: str | None = None
    cue: str | None = None
    exclude: re.Pattern[str] | None = None
    unless_job: frozenset[str] = frozenset()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    case_sensitive: bool = False

    @property
    def rust(self) -> str:
        """The pattern for Polars (Rust's regex engine); see :func:`rust_dialect`."""
        return rust_dialect(self.pattern.pattern, case_sensitive=self.case_sensitive)


@dataclass(frozen=True)
class LanguageRules:
    language: str
    version: str
    provenance: str
    rules: tuple[Rule, ...]
    combinations: dict[str, tuple[str, ...]]
    identity: tuple[Rule, ...]
    jobs: tuple[Rule, ...]  # cue = job category
    periods: dict[str, tuple[str, ...]]
    number_words: dict[str, str]
    place_stopwords: frozenset[str] = field(default_factory=frozenset)


def _group_at(source: str, start: int, step: int) -> str:
    """The text of the group whose parenthesis is at ``start`` (``step`` 1: "(", -1: ")")."""
    depth, i = 0, start
    while 0 <= i < len(source):
        if source[i] in "()" and (i == 0 or source[i - 1] != "\\"):
            depth += 1 if (source[i] == "(") == (step == 1) else -1
            if depth == 0:
                return source[min(start, i) : max(start, i) + 1]
        i += step
    return source


def _atom_after(source: str, i: int) -> str:
    """The pattern element that starts at ``i`` (empty at the end or an alternation)."""
    ch = source[i : i + 1]
    if ch == "(":
        return _group_at(source, i, 1)
    if ch == "[":
        return source[i : source.find("]", i + 2) + 1]
    if ch == "\\":
        return source[i : i + 2]
    return ch if ch and ch not in "|)" else ""


def _atom_before(source: str, i: int) -> str:
    """The pattern element that ends just before ``i``, quantifiers skipped."""
    j = i - 1
    if source[j : j + 1] == "}":
        j = source.rfind("{", 0, j) - 1
    while source[j : j + 1] in ("?", "*", "+") and j > 0:
        j -= 1
    ch = source[j : j + 1]
    if ch == ")":
        return _group_at(source, j, -1)
    if ch == "]":
        return source[source.rfind("[", 0, j) : j + 1]
    return source[j - 1 : j + 1] if source[j - 1 : j] == "\\" else (ch if ch not in "(|" else "")


def _ascii_safe(atom: str) -> bool:
    """Whether ``atom`` can only match ASCII letters (or no letters at all)."""
    risky = ("\\w", "\\p", "[^", ".")
    return all(ord(c) < 128 for c in atom) and not any(r in atom.replace("\\.", "") for r in risky)


def rust_dialect(source: str, *, case_sensitive: bool = False) -> str:
    """A Python verbose pattern rewritten for Rust's regex engine (used by Polars).

    Rust's fast engines cannot test a Unicode word boundary in non-ASCII text, which
    makes them ten times slower on French ads. An ASCII boundary differs from a Unicode
    one only beside a non-ASCII letter, so ``\\b`` becomes ASCII where the pattern
    elements on both sides of it can match only ASCII letters, and is dropped
    elsewhere (a wider match: Python's pattern then confirms each match in place, see
    ``matching.place``). A space inside a class is written ``\\x20``, as Rust's verbose
    mode would ignore it.
    """
    out: list[str] = []
    in_class, i = False, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and source[i : i + 2] == "\\b" and not in_class:
            safe = _ascii_safe(_atom_after(source, i + 2)) and _ascii_safe(_atom_before(source, i))
            out.append("(?-u:\\b)" if safe else "")
            i += 2
            continue
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append("\\x20" if ch == " " and in_class else ch)
        i += 1
    return ("(?x)" if case_sensitive else "(?xi)") + "".join(out)


def _apostrophes(source: str) -> str:
    """An apostrophe outside a class also matches the typographic one (PDFs, phones)."""
    out: list[str] = []
    in_class, i = False, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        out.append("['’]" if ch == "'" and not in_class else ch)
        i += 1
    return "".join(out)


def _compile(pattern: str, where: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    flags = re.VERBOSE | (0 if case_sensitive else re.IGNORECASE)
    try:
        return re.compile(_apostrophes(pattern.strip()), flags)
    except re.error as exc:
        raise ConfigurationError(
            f"Rule {where}: the pattern is not a valid regular expression ({exc}).",
            hint="Fix the pattern in the rules file (verbose mode: write \\s for a space).",
        ) from exc


def _rule(item: dict[str, Any], language: str) -> Rule:
    rule_id = str(item["id"])
    keywords = tuple(str(k) for k in item.get("keywords") or ())
    if not keywords or any(k != k.lower() for k in keywords):
        raise ConfigurationError(f"Rule {rule_id}: keywords must be given, in lower case.")
    case_sensitive = bool(item.get("case_sensitive"))
    exclude = item.get("exclude")
    return Rule(
        id=rule_id,
        language=language,
        keywords=keywords,
        pattern=_compile(item["pattern"], rule_id, case_sensitive=case_sensitive),
        flag=item.get("flag"),
        cue=item.get("cue"),
        exclude=_compile(exclude, rule_id) if exclude else None,
        unless_job=frozenset(item.get("unless_job") or ()),
        examples=tuple(item.get("examples") or ()),
        counter_examples=tuple(item.get("counter_examples") or ()),
        case_sensitive=case_sensitive,
    )


@cache
def flag_catalogue() -> FlagCatalogue:
    raw = load_yaml("flags.yaml")
    weights = raw["risk"]["strength_weights"]
    flags = {}
    for code, item in raw["flags"].items():
        if item["strength"] not in STRENGTHS or item["category"] not in raw["categories"]:
            raise ConfigurationError(f"Flag {code}: unknown strength or category.")
        unknown = set(item["sources"]) - set(raw["sources"])
        if unknown:
            raise ConfigurationError(f"Flag {code}: unknown sources {sorted(unknown)}.")
        flags[code] = FlagSpec(
            code=code,
            category=item["category"],
            strength=item["strength"],
            weight=int(weights[item["strength"]]),
            applies_to=frozenset(item["applies_to"]),
            sources=tuple(item["sources"]),
            label=label_of(item["label"]),
            explanation=label_of(item["explanation"]),
            question=label_of(item["question"]),
        )
    return FlagCatalogue(
        version=str(raw["version"]),
        provenance=raw["provenance"].strip(),
        sources={k: label_of(v) for k, v in raw["sources"].items()},
        categories={k: label_of(v) for k, v in raw["categories"].items()},
        flags=flags,
        high_min_score=int(raw["risk"]["high"]["min_score"]),
        high_min_categories=int(raw["risk"]["high"]["min_categories"]),
        caution_min_score=int(raw["risk"]["caution"]["min_score"]),
        general_questions=tuple(label_of(q) for q in raw["general_questions"]),
    )


@cache
def language_rules(language: str) -> LanguageRules:
    if language not in LANGUAGES:
        raise ValidationFailed(
            f"No recruitment rules for language {language!r}.",
            problems=[FieldProblem(field="language", reason="no rules", value=language)],
            hint=f"Languages with rules: {', '.join(LANGUAGES)}.",
        )
    raw = load_yaml(f"rules_{language}.yaml")
    catalogue = flag_catalogue()
    rules = tuple(_rule(item, language) for item in raw["rules"])
    cues = {r.cue for r in rules if r.cue}
    combinations = {k: tuple(v) for k, v in (raw.get("combinations") or {}).items()}
    for rule in rules:
        if (rule.flag is None) == (rule.cue is None):
            raise ConfigurationError(f"Rule {rule.id}: give exactly one of flag or cue.")
        if rule.flag and rule.flag not in catalogue.flags:
            raise ConfigurationError(f"Rule {rule.id}: unknown flag {rule.flag!r}.")
    for flag, needed in combinations.items():
        if flag not in catalogue.flags or not set(needed) <= cues:
            raise ConfigurationError(f"Combination {flag}: unknown flag or cue.")
    return LanguageRules(
        language=language,
        version=str(raw["version"]),
        provenance=raw["provenance"].strip(),
        rules=rules,
        combinations=combinations,
        identity=tuple(
            _rule({**item, "flag": "vague_employer"}, language)
            for item in raw.get("employer_identity") or ()
        ),
        jobs=tuple(
            _rule({"id": f"{language}.job.{job}", "cue": job, **item}, language)
            for job, item in raw["jobs"].items()
        ),
        periods={p: tuple(words) for p, words in raw["periods"].items()},
        number_words={str(k): str(v) for k, v in raw["number_words"].items()},
        place_stopwords=frozenset(raw.get("place_stopwords") or ()),
    )


def all_rules() -> tuple[Rule, ...]:
    return tuple(r for lang in LANGUAGES for r in language_rules(lang).rules)


@dataclass(frozen=True)
class GoingRates:
    """Monthly going rates per (country, job category), and currency values in EUR.

    The shipped table is illustrative (``illustrative=True``); a deployment passes its
    own with :meth:`from_mapping` or :func:`load_going_rates`.
    """

    version: str
    illustrative: bool
    factor: float
    rates: dict[tuple[str, str], tuple[float, str]]
    eur_per_unit: dict[str, float]
    currency_words: dict[str, str]

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> GoingRates:
        rates: dict[tuple[str, str], tuple[float, str]] = {}
        for country, row in raw["countries"].items():
            currency = row["currency"]
            for job, amount in row.items():
                if job != "currency":
                    rates[(str(country).upper(), job)] = (float(amount), currency)
        values = {str(k): float(v) for k, v in raw["eur_per_unit"].items()}
        missing = {c for _, c in rates.values()} - set(values)
        if missing:
            raise ConfigurationError(f"Going rates: no EUR value for {sorted(missing)}.")
        return cls(
            version=str(raw.get("version", "custom")),
            illustrative=bool(raw.get("illustrative", False)),
            factor=float(raw.get("factor", 2.5)),
            rates=rates,
            eur_per_unit=values,
            currency_words={str(k): str(v) for k, v in raw.get("currency_words", {}).items()},
        )

    def to_eur(self, amount: float, currency: str) -> float | None:
        rate = self.eur_per_unit.get(currency)
        return None if rate is None else amount * rate

    def rate(self, country: str, job: str) -> tuple[float, str] | None:
        return self.rates.get((country.upper(), job))


@cache
def going_rates() -> GoingRates:
    """The illustrative table shipped with Palermo."""
    return GoingRates.from_mapping(load_yaml("going_rates.yaml"))


def load_going_rates(path: Path) -> GoingRates:
    """A deployment's own table, in the format of ``data/going_rates.yaml``."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    if "currency_words" not in raw:
        raw["currency_words"] = going_rates().currency_words
    return GoingRates.from_mapping(raw)


def rule_versions() -> dict[str, str]:
    """Version of every data file, to store with a result."""
    versions = {"recruitment_flags": flag_catalogue().version}
    versions.update({f"rules_{lang}": language_rules(lang).version for lang in LANGUAGES})
    versions["going_rates"] = going_rates().version
    return versions
