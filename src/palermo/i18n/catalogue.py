"""The gettext catalogues, read from ``.po`` files and compiled in memory on first use."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("en", "fr")
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def language_of(locale: str) -> str:
    """ "fr_CA", "fr-BE" and "FR" all give "fr"."""
    return locale.replace("-", "_").split("_")[0].lower()


@lru_cache
def translations(locale: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / language_of(locale) / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language_of(locale))
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(locale: str) -> Callable[[str], str]:
    return translations(locale).gettext
