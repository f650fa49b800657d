"""The gettext catalogues, read from ``.po`` files and compiled in memory on first use."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = ("en", "fr")
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def language_of(locale: str) -> str:
    """ "fr_CA", "fr-BE" and "FR" all give "fr"."""
    return locale.replace("-", "_").split("_")[0].lower()


def catalogue_files(locale: str) -> list[Path]:
    """A language's ``.po`` files: ``messages.po`` first, then one per pillar
    (``justice.po``, ``recruitment.po``...), so that work on two pillars never edits one file."""
    folder = LOCALE_DIR / language_of(locale) / "LC_MESSAGES"
    files = sorted(folder.glob("*.po"))
    return sorted(files, key=lambda f: f.name != "messages.po")


def read_catalogue(locale: str) -> Catalog:
    """Every ``.po`` file of the language merged; a message twice keeps its first translation."""
    merged = Catalog(locale=language_of(locale))
    for path in catalogue_files(locale):
        with path.open("rb") as handle:
            part = read_po(handle, locale=language_of(locale))
        for message in part:
            if message.id and message.id not in merged:
                merged[message.id] = message
    return merged


@lru_cache
def translations(locale: str) -> gettext.NullTranslations:
    if not catalogue_files(locale):
        return gettext.NullTranslations()
    catalog = read_catalogue(locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(locale: str) -> Callable[[str], str]:
    return translations(locale).gettext
