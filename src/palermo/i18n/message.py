"""Messages that keep their template and parameters until they are shown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, overload

from palermo.i18n.catalogue import LOCALES, gettext_for, language_of


class Msg(str):
    """The English text of a message, remembering how to say it in another language.

    Parameters may themselves be ``Msg`` values, vocabulary members (anything with a
    ``label(locale)`` method and a ``code``) or :func:`joined` lists of those, rendered in
    the same language.
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


class Joined:
    """Items shown as one parameter ("a, b, c"), each rendered in the message's language."""

    def __init__(self, items: Iterable[Any], sep: str, lower: bool) -> None:
        self.items = tuple(items)
        self.sep = sep
        self.lower = lower

    def render(self, locale: str) -> str:
        shown = (str(_shown(item, locale)) for item in self.items)
        sep = str(_shown(self.sep, locale))
        return sep.join(text.lower() if self.lower else text for text in shown)

    def __str__(self) -> str:
        return self.render("en")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def joined(items: Iterable[Any], *, sep: str = ", ", lower: bool = False) -> Joined:
    """A list parameter: ``msg("Valid codes: {codes}.", codes=joined(valid))``.

    Vocabulary members and ``Msg`` items are shown in the message's language; ``lower``
    lower-cases each (labels inside a sentence). ``sep`` may be a ``Msg`` (" or ").
    """
    return Joined(items, sep, lower)


class AsCode:
    """A vocabulary member shown as its raw code in English and as its label elsewhere."""

    def __init__(self, member: Any, lower: bool) -> None:
        self.member = member
        self.lower = lower

    def render(self, locale: str) -> str:
        code = str(getattr(self.member, "code", self.member))
        language = language_of(locale)
        if language == "en" or language not in LOCALES or not hasattr(self.member, "label"):
            return code  # a language with no catalogue reads the message as English does
        label = str(self.member.label(locale))
        return label.lower() if self.lower else label

    def __str__(self) -> str:
        return self.render("en")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def as_code(member: Any, *, of: type | None = None, lower: bool = True) -> AsCode:
    """A code inside a sentence that has always shown it raw in English ("Referral 7 is
    in_progress"): English keeps the code (logs, scripts and tests read it), other
    languages read the member's label ("en attente de réponse"). Give the enum member,
    or a stored code and its list (``of=ReferralState``); a code the list does not hold
    stays as it is in every language."""
    if of is not None and not hasattr(member, "label"):
        member = of._value2member_map_.get(member, member)  # type: ignore[attr-defined]
    return AsCode(member, lower)


def N_(template: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark a template for extraction without translating it now (tables of templates
    whose parameters come later). Rendered through :class:`Msg` or ``gettext_for``."""
    return template


def _shown(value: Any, locale: str) -> Any:
    if isinstance(value, Msg | Joined | AsCode):
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


@overload
def render(text: str, locale: str) -> str: ...
@overload
def render(text: None, locale: str) -> None: ...
@overload
def render(text: str | None, locale: str) -> str | None: ...


def render(text: str | None, locale: str) -> str | None:
    """``text`` in ``locale`` when it is a :class:`Msg`; otherwise as it is."""
    if isinstance(text, Msg):
        return text.render(locale)
    return text
