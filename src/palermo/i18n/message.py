"""Messages that keep their template and parameters until they are shown."""

from __future__ import annotations

from typing import Any

from palermo.i18n.catalogue import gettext_for


class Msg(str):
    """The English text of a message, remembering how to say it in another language.

    Parameters may themselves be ``Msg`` values, or vocabulary members (anything with a
    ``label(locale)`` method), rendered in the same language.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any] | None = None) -> Msg:
        params = dict(params or {})
        obj = super().__new__(cls, _format(template, params, "en"))
        obj.template = template
        obj.params = params
        return obj

    def render(self, locale: str) -> str:
        if locale.startswith("en"):
            return str(self)
        return _format(gettext_for(locale)(self.template), self.params, locale)

    def __add__(self, other: str) -> Msg:
        # "message" + " more" keeps both parts translatable.
        return Msg("{a}{b}", {"a": self, "b": other})


def _shown(value: Any, locale: str) -> Any:
    if isinstance(value, Msg):
        return value.render(locale)
    label = getattr(value, "label", None)
    if callable(label) and hasattr(value, "code"):
        return label(locale)
    return value


def _format(template: str, params: dict[str, Any], locale: str) -> str:
    if not params:
        return template
    return template.format(**{k: _shown(v, locale) for k, v in params.items()})


def msg(template: str, **params: Any) -> Msg:
    """A translatable message; ``{name}`` placeholders take the keyword arguments.

    Write the template as one whole sentence (translators need the whole of it), not
    pieces glued together.
    """
    return Msg(template, params)


def render(text: str | None, locale: str) -> str | None:
    """``text`` in ``locale`` when it is a :class:`Msg`; otherwise as it is."""
    if isinstance(text, Msg):
        return text.render(locale)
    return text
