"""English and French for the web app, with Babel's gettext catalogues.

Catalogues are ``.po`` files under ``locale/``, compiled in memory at start-up, so the
package needs no build step. The locale is the user's choice (cookie), else the
browser's Accept-Language, else the configured default.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request

LOCALES = ("en", "fr")
LOCALE_DIR = Path(__file__).with_name("locale")
LANG_COOKIE = "palermo_lang"


@lru_cache
def translations(locale: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _from_accept_language(header: str) -> str | None:
    weighted = []
    for part in header.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((quality, tag.strip()))
    for _quality, tag in sorted(weighted, key=lambda qt: -qt[0]):
        try:
            language = Locale.parse(tag.replace("-", "_")).language
        except (ValueError, UnknownLocaleError):
            continue
        if language in LOCALES:
            return language
    return None


def negotiate(request: Request, default: str = "en") -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LOCALES:
        return chosen
    return _from_accept_language(request.headers.get("accept-language", "")) or default
