"""The legal article of each offence, configured per country in a YAML file.

Palermo ships ``data/legal_articles.yaml`` with **illustrative** entries only (see its
header): a deployment loads its own file, whose entries its ministry of justice has
confirmed (``status: official``). :func:`load_legal_articles` checks the whole file and
refuses it with every problem listed (unknown country or offence code, missing
reference, unknown key), so a typo never reaches a charge sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from palermo.errors import FieldProblem, NotFound, UnknownCode, ValidationFailed
from palermo.vocab import get_list
from palermo.vocab.justice import Offence

Status = Literal["official", "illustrative"]
STATUSES: tuple[Status, ...] = ("official", "illustrative")
_TOP_KEYS = {"version", "provenance", "countries"}
_COUNTRY_KEYS = {"status", "jurisdiction", "note", "articles"}
_ARTICLE_KEYS = {"reference", "title", "text"}


@dataclass(frozen=True)
class LegalArticle:
    """Where ``offence`` is defined in ``country``'s law."""

    country: str
    offence: Offence
    reference: str
    title: str | None
    text: str | None
    status: Status

    @property
    def illustrative(self) -> bool:
        return self.status == "illustrative"


@dataclass(frozen=True)
class LegalArticles:
    """Every configured article, by country and offence."""

    version: int
    provenance: str
    source: str
    articles: dict[tuple[str, Offence], LegalArticle]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({country for country, _ in self.articles}))

    def get(self, country: str, offence: Offence | str) -> LegalArticle | None:
        return self.articles.get((country, Offence.parse(offence)))

    def article(self, country: str, offence: Offence | str) -> LegalArticle:
        """The article of ``offence`` in ``country``; NotFound says how to configure it."""
        found = self.get(country, offence)
        if found is None:
            code = Offence.parse(offence).code
            raise NotFound(
                f"No legal article is configured for {code} in {country}.",
                hint=f"Add countries.{country}.articles.{code} with its reference to "
                f"the legal articles file ({self.source}).",
            )
        return found


def load_legal_articles(path: Path | str | None = None) -> LegalArticles:
    """Read and check the articles file at ``path`` (Palermo's illustrative file if None)."""
    if path is None:
        resource = resources.files("palermo.justice") / "data" / "legal_articles.yaml"
        source, text = "palermo/justice/data/legal_articles.yaml", resource.read_text("utf-8")
    else:
        file = Path(path)
        if not file.is_file():
            raise NotFound(
                f"The legal articles file {str(file)!r} does not exist.",
                hint="Give the path of a YAML file in the format of Palermo's own "
                "(palermo/justice/data/legal_articles.yaml).",
            )
        source, text = str(file), file.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ValidationFailed(
            f"The legal articles file {source} is not valid YAML{where}.",
            problems=[
                FieldProblem(
                    field="file", reason="not valid YAML", row=mark.line + 1 if mark else None
                )
            ],
            hint="Fix the YAML syntax (indentation, quotes, colons) and load it again.",
        ) from None
    return parse_legal_articles(data, source=source)


def parse_legal_articles(data: Any, *, source: str = "<data>") -> LegalArticles:
    """Check already-parsed YAML data (a mapping) and build :class:`LegalArticles`."""
    problems: list[FieldProblem] = []

    def bad(field: str, reason: str, value: object = None) -> None:
        problems.append(
            FieldProblem(field=field, reason=reason, value=None if value is None else str(value))
        )

    if not isinstance(data, dict):
        bad("file", "must be a mapping with version, provenance and countries")
        data = {}
    for key in sorted(set(data) - _TOP_KEYS, key=str):
        bad(str(key), f"is not a known key (known: {', '.join(sorted(_TOP_KEYS))})")
    version = data.get("version")
    if version != 1:
        bad("version", "must be 1", version)
    provenance = data.get("provenance")
    if not isinstance(provenance, str) or not provenance.strip():
        bad("provenance", "must say where the references come from")
    countries = data.get("countries")
    if not isinstance(countries, dict) or not countries:
        bad("countries", "must map ISO 3166-1 alpha-2 codes to their articles")
        countries = {}
    articles: dict[tuple[str, Offence], LegalArticle] = {}
    country_list = get_list("country")
    for country, entry in countries.items():
        where = f"countries.{country}"
        if not (isinstance(country, str) and len(country) == 2 and country.isupper()):
            bad(where, "must be an ISO 3166-1 alpha-2 code in capitals, e.g. GB", country)
            continue
        try:
            country_list.parse(country)
        except UnknownCode:
            bad(where, "is not an ISO 3166-1 country code", country)
            continue
        if not isinstance(entry, dict):
            bad(where, "must be a mapping with status and articles")
            continue
        for key in sorted(set(entry) - _COUNTRY_KEYS, key=str):
            bad(f"{where}.{key}", f"is not a known key (known: {', '.join(sorted(_COUNTRY_KEYS))})")
        status = entry.get("status")
        if status not in STATUSES:
            bad(f"{where}.status", "must be official or illustrative", status)
        items = entry.get("articles")
        if not isinstance(items, dict) or not items:
            bad(f"{where}.articles", "must map offence codes to their reference")
            continue
        for code, article in items.items():
            at = f"{where}.articles.{code}"
            try:
                offence = Offence.parse(str(code))
            except UnknownCode:
                bad(
                    at, f"is not an offence code; valid: {', '.join(o.code for o in Offence)}", code
                )
                continue
            if offence.code != code:
                bad(at, f"write the offence code exactly: {offence.code}", code)
                continue
            if not isinstance(article, dict):
                bad(at, "must be a mapping with reference, title and text")
                continue
            for key in sorted(set(article) - _ARTICLE_KEYS, key=str):
                bad(
                    f"{at}.{key}", f"is not a known key (known: {', '.join(sorted(_ARTICLE_KEYS))})"
                )
            reference = article.get("reference")
            if not isinstance(reference, str) or not reference.strip():
                bad(f"{at}.reference", "is required: the article as the law cites it")
                continue
            texts = {}
            for key in ("title", "text"):
                value = article.get(key)
                if value is not None and not isinstance(value, str):
                    bad(f"{at}.{key}", "must be text", value)
                texts[key] = value.strip() if isinstance(value, str) and value.strip() else None
            if status in STATUSES:
                articles[(country, offence)] = LegalArticle(
                    country, offence, reference.strip(), texts["title"], texts["text"], status
                )
    if problems:
        listed = "; ".join(
            f"{p.field} {p.reason}" + (f" (got {p.value!r})" if p.value else "") for p in problems
        )
        raise ValidationFailed(
            f"The legal articles file {source} is invalid: {listed}.",
            problems=problems,
            hint="Correct the listed entries; the format is described at the top of "
            "palermo/justice/data/legal_articles.yaml.",
        )
    return LegalArticles(version=1, provenance=provenance.strip(), source=source, articles=articles)
