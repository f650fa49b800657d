"""Screen an offer (and its contract) for the red flags of ``flags.yaml``.

``screen_offer(OfferSpec(text=..., country="FR"))`` returns an :class:`OfferResult`;
``screen_offers`` does the same for many offers with one scan, which is what the bulk
commands and the benchmark call. Flags come from the language's rules (words), from
combinations of cues, and from checks computed on the entities: pay against the
going-rate table, contact only through a chat app, obscured phone numbers, an
unidentified employer, agencies of the registry, and the contract checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from palermo.errors import FieldProblem, ValidationFailed
from palermo.recruitment.catalogue import GoingRates, flag_catalogue, going_rates, language_rules
from palermo.recruitment.contract import PartFacts, bait_and_switch, contract_language_flag
from palermo.recruitment.entities import CHAT_APPS
from palermo.recruitment.matching import has_identity, jobs_in, match_rules
from palermo.recruitment.money import find_money, monthly_eur
from palermo.recruitment.registry import AgencyRegistry
from palermo.recruitment.result import Evidence, Flag, OfferResult
from palermo.recruitment.risk import assess_risk
from palermo.recruitment.scan import Scan, rule_languages, scan_texts
from palermo.recruitment.wording import MESSAGES, STATUS_WORDS, Label, money_text

MAX_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class OfferSpec:
    """An offer to screen: the ad's text, a contract's text, or both."""

    text: str = ""
    contract: str = ""
    country: str | None = None  # where the ad was seen (region of phone numbers)
    destination: str | None = None  # country of the job, if known
    worker_languages: tuple[str, ...] = ()  # languages the worker reads (ISO 639-1)
    language: str | None = None  # the ad's language, if known (else detected)


def _check(spec: OfferSpec, row: int | None) -> None:
    problems = []
    if not spec.text.strip() and not spec.contract.strip():
        problems.append(FieldProblem("text", "give the offer's text or a contract", row=row))
    for name in ("text", "contract"):
        if len(getattr(spec, name)) > MAX_TEXT_CHARS:
            problems.append(
                FieldProblem(name, f"longer than {MAX_TEXT_CHARS:,} characters", row=row)
            )
    for name in ("country", "destination"):
        value = getattr(spec, name)
        if value is not None and not (len(value) == 2 and value.isalpha()):
            problems.append(
                FieldProblem(name, "ISO 3166-1 alpha-2 code, e.g. FR", row=row, value=value)
            )
    if problems:
        raise ValidationFailed("The offer cannot be screened.", problems=problems)


@cache
def _country_names() -> dict[str, Label]:
    from babel import Locale

    en, fr = Locale("en").territories, Locale("fr").territories
    return {code: Label(name, fr.get(code, name)) for code, name in en.items() if len(code) == 2}


def _first(text: str, needle: str, part: str) -> Evidence:
    start = text.lower().find(needle.lower())
    start = max(start, 0)
    return Evidence(text[start : start + len(needle)], start, start + len(needle), part)


class _Part:
    """One text (the ad or the contract) with its scan, read once."""

    def __init__(self, name: str, text: str, scan: Scan, spec: OfferSpec) -> None:
        self.name, self.text, self.scan, self.spec = name, text, scan, spec
        self.languages = rule_languages(scan.language)
        self._jobs: list[tuple[str, Evidence]] | None = None

    def jobs(self) -> list[tuple[str, Evidence]]:
        if self._jobs is None:
            self._jobs = jobs_in(self.text, self.scan.matches, self.languages, self.name)
        return self._jobs

    def main_job(self) -> str | None:
        jobs = self.jobs()
        return jobs[0][0] if jobs else None

    def destination(self) -> tuple[str, Evidence] | None:
        if self.spec.destination:
            return self.spec.destination.upper(), Evidence("", 0, 0, self.name)
        places = self.scan.entities.places
        abroad = [p for p in places if p.country != (self.spec.country or "").upper()]
        chosen = (abroad or list(places))[:1]
        if chosen:
            return chosen[0].country, _first(self.text, chosen[0].name, self.name)
        return None

    def pay(self, rates: GoingRates) -> tuple[float, Evidence, Label] | None:
        """Highest pay per month in EUR, with its words and as written."""
        best: tuple[float, Evidence, Label] | None = None
        sums = [(m, True) for phrase in self.scan.pay for m in find_money(phrase)]
        sums += [(m, False) for m in self.scan.entities.money if m.period]
        for money, stated_as_pay in sums:
            eur = monthly_eur(money, rates, assume_month=stated_as_pay)
            if eur is not None and (best is None or eur > best[0]):
                period = money.period or "month"
                shown = Label(
                    money_text(money.amount, money.currency, period, "en"),
                    money_text(money.amount, money.currency, period, "fr"),
                )
                best = (eur, _first(self.text, money.raw, self.name), shown)
        return best


def _pay_flag(part: _Part, rates: GoingRates) -> Flag | None:
    pay = part.pay(rates)
    job = part.main_job() if pay else None
    where = part.destination() if job else None
    if pay is None or job is None or where is None:
        return None
    going = rates.rate(where[0], job)
    going_eur = rates.to_eur(*going) if going else None
    if not going or not going_eur or pay[0] < rates.factor * going_eur:
        return None
    country = _country_names().get(where[0], Label(where[0], where[0]))
    params = (
        ("offered", pay[2]),
        ("ratio", f"{pay[0] / going_eur:.1f}"),
        ("country", country),
        (
            "rate",
            Label(
                money_text(going[0], going[1], "month", "en"),
                money_text(going[0], going[1], "month", "fr"),
            ),
        ),
    )
    evidence = tuple(e for e in (pay[1], part.jobs()[0][1]) if e.text)
    return Flag("pay_above_going_rate", evidence=evidence, params=params)


def _contact_flags(part: _Part) -> list[Flag]:
    found = part.scan.entities
    flags = []
    obscured = [p for p in found.phones if p.obfuscated]
    if obscured:
        evidence = tuple(_first(part.text, p.raw, part.name) for p in obscured)
        flags.append(
            Flag("obscured_phone", evidence=evidence, params=(("number", obscured[0].raw),))
        )
    chats = [a for a in found.apps if a in CHAT_APPS]
    web = [u for u in found.urls if not u.lower().startswith(("t.me", "wa.me", "telegram.me"))]
    if chats and not found.emails and not web:
        evidence = tuple(_first(part.text, app, part.name) for app in chats)
        flags.append(
            Flag("messaging_app_only", evidence=evidence, params=(("apps", ", ".join(chats)),))
        )
    return flags


def _part_flags(part: _Part, registry: AgencyRegistry | None, rates: GoingRates) -> list[Flag]:
    catalogue = flag_catalogue()
    flags: list[Flag] = []
    cues: dict[str, list[Evidence]] = {}
    for hit in match_rules(
        part.text, part.scan.matches, part.languages, part=part.name, main_job=part.main_job
    ):
        if hit.rule.cue:
            cues.setdefault(hit.rule.cue, []).extend(hit.evidence)
        else:
            flags.append(Flag(str(hit.rule.flag), evidence=hit.evidence, rules=(hit.rule.id,)))
    for lang in part.languages:
        for flag, needed in language_rules(lang).combinations.items():
            if all(c in cues for c in needed):
                evidence = tuple(e for c in needed for e in cues[c][:1])
                flags.append(Flag(flag, evidence=evidence))
    if part.name == "ad":
        codes = {f.code for f in flags}
        if "vague_employer" not in codes and not has_identity(
            part.text, part.scan.matches, part.languages
        ):
            flags.append(Flag("vague_employer", note=MESSAGES["employer.not_identified"]))
        flags += [f for f in _contact_flags(part) if f.code not in codes]
        pay_flag = _pay_flag(part, rates)
        flags += [pay_flag] if pay_flag else []
    if registry is not None:
        for citation in registry.cited(
            part.text, part.scan.registry_hits, country=part.spec.country, part=part.name
        ):
            agency = citation.record.name if citation.record else citation.evidence.text
            params = (("agency", agency), ("status", STATUS_WORDS[citation.status]))
            flags.append(Flag("unlicensed_agency", evidence=(citation.evidence,), params=params))
    apps = ", ".join(a for a in part.scan.entities.apps if a in CHAT_APPS) or "?"
    flags = [
        Flag(f.code, f.evidence, f.rules, (("apps", apps),))
        if f.code == "messaging_app_only" and not f.params
        else f
        for f in flags
    ]
    return [f for f in flags if part.name in catalogue.flags[f.code].applies_to]


def _merge(flags: list[Flag]) -> tuple[Flag, ...]:
    merged: dict[str, Flag] = {}
    for flag in flags:
        old = merged.get(flag.code)
        if old is None:
            merged[flag.code] = flag
            continue
        evidence = tuple(dict.fromkeys(old.evidence + flag.evidence))
        rules = tuple(dict.fromkeys(old.rules + flag.rules))
        merged[flag.code] = Flag(
            flag.code, evidence, rules, old.params or flag.params, old.note or flag.note
        )
    order = {code: i for i, code in enumerate(flag_catalogue().flags)}
    weight = flag_catalogue().flags
    return tuple(sorted(merged.values(), key=lambda f: (-weight[f.code].weight, order[f.code])))


def _facts(part: _Part, rates: GoingRates) -> PartFacts:
    jobs = part.jobs()
    pay = part.pay(rates)
    countries = frozenset(p.country for p in part.scan.entities.places)
    return PartFacts(
        jobs[0] if jobs else None, part.destination(), (pay[0], pay[1]) if pay else None, countries
    )


def _assess(
    spec: OfferSpec,
    ad: Scan | None,
    contract: Scan | None,
    registry: AgencyRegistry | None,
    rates: GoingRates,
    versions: tuple[tuple[str, str], ...],
) -> OfferResult:
    parts: list[_Part] = []
    if ad is not None:
        parts.append(_Part("ad", spec.text, ad, spec))
    if contract is not None:
        parts.append(_Part("contract", spec.contract, contract, spec))
    flags = [f for part in parts for f in _part_flags(part, registry, rates)]
    if contract is not None:
        language_flag = contract_language_flag(contract.language, spec.worker_languages)
        flags += [language_flag] if language_flag else []
        if ad is not None:
            switch = bait_and_switch(_facts(parts[0], rates), _facts(parts[1], rates))
            flags += [switch] if switch else []
    merged = _merge(flags)
    risk, score, reasons = assess_risk(list(merged))
    countries = [spec.country.upper()] if spec.country else []
    countries += [spec.destination.upper()] if spec.destination else []
    countries += [p.country for part in parts for p in part.scan.entities.places]
    return OfferResult(
        risk=risk,
        score=score,
        flags=merged,
        reasons=reasons,
        language=parts[0].scan.language,
        contract_language=contract.language if contract else None,
        entities=parts[0].scan.entities,
        contract_entities=contract.entities if contract and ad else None,
        countries=tuple(dict.fromkeys(countries)),
        versions=versions,
    )


def screen_offers(
    specs: Sequence[OfferSpec],
    *,
    registry: AgencyRegistry | None = None,
    rates: GoingRates | None = None,
    timings: dict[str, float] | None = None,
) -> list[OfferResult]:
    """Screen many offers with one scan of all their texts (``timings``: see
    :func:`~palermo.recruitment.scan.scan_texts`)."""
    from time import perf_counter

    from palermo.recruitment.catalogue import rule_versions

    for i, spec in enumerate(specs):
        _check(spec, i if len(specs) > 1 else None)
    texts: list[str] = []
    regions: list[str | None] = []
    langs: list[str | None] = []
    where: list[list[int | None]] = []
    for spec in specs:
        slots: list[int | None] = []
        for text, lang in ((spec.text, spec.language), (spec.contract, None)):
            if text.strip():
                slots.append(len(texts))
                texts.append(text)
                regions.append(spec.country.upper() if spec.country else None)
                langs.append(lang)
            else:
                slots.append(None)
        where.append(slots)
    scans = scan_texts(
        texts,
        regions=regions,
        languages=langs,
        registry_terms=registry.terms() if registry else (),
        timings=timings,
    )
    table = rates or going_rates()
    versions = tuple(rule_versions().items())
    start = perf_counter()
    results = [
        _assess(
            spec,
            None if a is None else scans[a],
            None if c is None else scans[c],
            registry,
            table,
            versions,
        )
        for spec, (a, c) in zip(specs, where, strict=True)
    ]
    if timings is not None:
        step = "flags and risk (Python per ad)"
        timings[step] = timings.get(step, 0.0) + perf_counter() - start
    return results


def screen_offer(
    spec: OfferSpec, *, registry: AgencyRegistry | None = None, rates: GoingRates | None = None
) -> OfferResult:
    """Screen one offer; see :class:`OfferSpec`."""
    return screen_offers([spec], registry=registry, rates=rates)[0]
