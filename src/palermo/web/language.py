"""Which language a request is answered in: the user's choice (cookie), else the browser's
Accept-Language, else the configured default."""

from __future__ import annotations

from babel.core import Locale, UnknownLocaleError
from starlette.requests import Request

from palermo.i18n.catalogue import LOCALES

LANG_COOKIE = "palermo_lang"


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
