"""Translations for every layer: one gettext catalogue per language, and messages that
carry their parameters until they are shown.

Services raise errors whose texts are :class:`Msg` values: a ``str`` holding the English
text (logs, the CLI and tests read it as it is) that also keeps the English template and
its parameters, so the web layer can render the same message in the reader's language with
:func:`render`. Templates use the same catalogue through ``_``. Catalogues are ``.po`` files
under ``palermo/locale/<lang>/LC_MESSAGES/messages.po``, compiled in memory on first use.

    >>> message = msg("Referral {id} is {state}.", id=7, state="done")
    >>> str(message)
    'Referral 7 is done.'

Every template must have a French translation: ``make i18n-check`` lists those that do not
(see docs/translating.md).
"""

from __future__ import annotations

from palermo.i18n.catalogue import LOCALES, gettext_for, translations
from palermo.i18n.message import N_, AsCode, Joined, Msg, as_code, joined, msg, render
from palermo.i18n.validation import pydantic_reason

__all__ = [
    "LOCALES",
    "N_",
    "AsCode",
    "Joined",
    "Msg",
    "as_code",
    "gettext_for",
    "joined",
    "msg",
    "pydantic_reason",
    "render",
    "translations",
]
