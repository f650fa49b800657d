"""ISO 3166-1 countries and ISO 639 languages, from ``pycountry``.

Code forms follow HTCDS v2.0:

* countries are ISO 3166-1 **alpha-2** ("FR"): HTCDS asks for "ISO 3166 ... two-letter
  country codes" (``prs_MailingCountry``) and its XLSForm's citizenship choices are
  alpha-2. Alpha-3 ("FRA") and numeric ("250") codes are accepted by ``parse`` as
  alternates and give the alpha-2 member.
* languages are ISO 639-2 style **three-letter** codes ("fra"): HTCDS asks for "ISO 639-2
  language codes (two-letter codes optional)". ``pycountry`` ships ISO 639-3, whose
  codes equal the ISO 639-2/T codes wherever both exist, so the list is every living
  individual language and macrolanguage of ISO 639-3, plus any other language that
  has a two-letter ISO 639-1 code. Two-letter ("fr") and ISO 639-2/B ("fre") codes
  are accepted by ``parse`` as alternates.

French names come from the iso-codes translations that ``pycountry`` bundles; where
a name has no French translation (many small languages) the English name is used.
Both lists are built on first use: the language list has thousands of members.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from palermo.vocab.enums import VocabEnum, make_enum, member_name


def _french(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _member(
    code: str, label_en: str, label_fr: str
) -> tuple[str, tuple[str, str, str, bool, bool]]:
    return member_name(code), (code, label_en, label_fr or label_en, False, False)


@cache
def country_enum() -> type[VocabEnum]:
    french = _french("iso3166-1")
    members, alternates = [], {}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        # common_name ("Bolivia") reads better than the official short name where given.
        name = getattr(country, "common_name", None) or country.name
        members.append(_member(country.alpha_2, name, french.gettext(country.name)))
        alternates[country.alpha_3] = country.alpha_2
        alternates[country.numeric] = country.alpha_2
    return make_enum("Country", "country", members, alternates=alternates)


def _in_language_list(language: object) -> bool:
    if hasattr(language, "alpha_2"):
        return True
    return getattr(language, "scope", "") in {"I", "M"} and getattr(language, "type", "") == "L"


@cache
def language_enum() -> type[VocabEnum]:
    french = _french("iso639-3")
    members, alternates = [], {}
    for language in sorted(pycountry.languages, key=lambda lang: lang.alpha_3):
        if not _in_language_list(language):
            continue
        code = language.alpha_3
        members.append(_member(code, language.name, french.gettext(language.name)))
        for other in (getattr(language, "alpha_2", None), getattr(language, "bibliographic", None)):
            if other and other != code:
                alternates[other] = code
    return make_enum("Language", "language", members, alternates=alternates)
