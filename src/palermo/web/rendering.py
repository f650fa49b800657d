"""Pages: Jinja2 templates with the request's language, vocabulary labels and the pillars'
wording helpers, and the one function routes render with.

Helpers every template may need (labels of codes, how an NRM decision reads, a referral's
state) are template globals registered here once, so a route passes only its own data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from palermo import clock
from palermo.cases.nrm.decisions import describe
from palermo.cases.nrm.recovery import extensions_of
from palermo.cases.referrals.states import is_overdue
from palermo.i18n import render, translations
from palermo.vocab import HTCDS_FIELD_LISTS, get_list
from palermo.web.forms.choices import common_choices, label_for, sorted_choices
from palermo.web.language import negotiate
from palermo.web.notices import NOTICE_COOKIE, NOTICES

TEMPLATES = Path(__file__).with_name("templates")


def request_locale(request: Request) -> str:
    locale = getattr(request.state, "locale", None) or negotiate(
        request, request.app.state.settings.default_locale
    )
    request.state.locale = locale
    return locale


def _notice(request: Request) -> str | None:
    """The confirmation of the form just saved, once, on the full page after the redirect."""
    if is_htmx(request):
        return None
    key = request.cookies.get(NOTICE_COOKIE)
    return translations(request_locale(request)).gettext(NOTICES[key]) if key in NOTICES else None


def _context(request: Request) -> dict[str, Any]:
    locale = request_locale(request)
    gettext = translations(locale).gettext

    def options(htcds_field: str) -> list[tuple[str, str]]:
        members = get_list(HTCDS_FIELD_LISTS[htcds_field])
        return [(m.code, m.label(locale)) for m in members if not m.deprecated]

    def label(htcds_field: str, code: str | None) -> str:
        """The label of an HTCDS field's code."""
        return term(HTCDS_FIELD_LISTS[htcds_field], code)

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
        "choices": lambda list_name: sorted_choices(list_name, locale),
        "common_choices": lambda list_name: common_choices(list_name, locale),
        "label_for": lambda list_name, code: label_for(list_name, code, locale),
        "shown": lambda text: render(text, locale),
        "term": term,
        "terms": terms,
        "locale": locale,
        "options": options,
        "label": label,
        "today": clock.today(),
        "csrf_token": getattr(request.state, "csrf_token", None),
        "notice": _notice(request),
        "user": getattr(request.state, "user", None),
    }


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES), context_processors=[_context])
    templates.env.autoescape = True
    templates.env.globals.update(
        describe=describe,
        extensions_of=extensions_of,
        is_overdue=is_overdue,
    )
    return templates


def render_page(request: Request, name: str, *, status: int = 200, **context: Any) -> Response:
    """The one way a route renders a template."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if NOTICE_COOKIE in request.cookies and not is_htmx(request):
        response.delete_cookie(NOTICE_COOKIE)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
