"""Jinja2 templates with per-request translations and vocabulary labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from palermo.i18n import translations
from palermo.vocab import HTCDS_FIELD_LISTS, get_list
from palermo.web.language import negotiate

TEMPLATES = Path(__file__).with_name("templates")


def _context(request: Request) -> dict[str, Any]:
    locale = getattr(request.state, "locale", None) or negotiate(
        request, request.app.state.settings.default_locale
    )
    request.state.locale = locale
    gettext = translations(locale).gettext

    def options(htcds_field: str) -> list[tuple[str, str]]:
        members = get_list(HTCDS_FIELD_LISTS[htcds_field])
        return [(m.code, m.label(locale)) for m in members if not m.deprecated]

    def label(htcds_field: str, code: str | None) -> str:
        if not code:
            return "—"
        try:
            return get_list(HTCDS_FIELD_LISTS[htcds_field]).parse(code).label(locale)
        except Exception:  # an old or foreign code still shows, as itself
            return code

    def term(list_name: str, code: str | None) -> str:
        """The label of ``code`` in any registered list (Palermo's own lists included)."""
        if not code:
            return "—"
        try:
            return get_list(list_name).parse(code).label(locale)
        except Exception:  # an old or foreign code still shows, as itself
            return code

    def terms(list_name: str) -> list[tuple[str, str]]:
        return [(m.code, m.label(locale)) for m in get_list(list_name) if not m.deprecated]

    return {
        "_": gettext,
        "term": term,
        "terms": terms,
        "locale": locale,
        "options": options,
        "label": label,
        "csrf_token": getattr(request.state, "csrf_token", None),
        "user": getattr(request.state, "user", None),
    }


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES), context_processors=[_context])
    templates.env.autoescape = True
    return templates
