"""The sentences of the reasons, keyed by a stable message key; English here, other
languages in the gettext catalogue (``palermo/locale``), whose msgid is the English.

A reason carries its message key and parameters; its text is the message of the
locale with the parameters filled in. A parameter is either a plain value (a
number, a version) or a :class:`Label` pair taken from the instrument data, so that a
label is translated where the instrument defines it (the YAML files, versioned with the
instruments). French follows the wording of the Protocols' French texts and of
practitioners ("actes", "moyens", "fins d'exploitation", "indicateurs de l'OIT"). Like
the English, it describes indicators and never concludes on anyone's status.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from palermo.i18n import N_, gettext_for

LOCALES = ("en", "fr")
DEFAULT_LOCALE = "en"

TEMPLATES: dict[str, str] = {
    "palermo.act.met": N_(
        "Act (recruitment, transportation, transfer, harbouring or receipt) shown by the facts."
    ),
    "palermo.act.not_met": N_("No act recorded."),
    "palermo.act.unknown": N_("Acts not yet known."),
    "palermo.means.child": N_(
        "The person was under {age}: no means is needed (Protocol art. 3(c))."
    ),
    "palermo.means.met": N_("Means: {label}."),
    "palermo.means.not_met": N_("No means recorded."),
    "palermo.means.unknown": N_(
        "Means not yet known: deception, coercion, abuse of vulnerability or control "
        "have not all been asked."
    ),
    "palermo.consent": N_(
        "The person consented to the journey; consent does not matter once a means was "
        "used (Protocol art. 3(b))."
    ),
    "palermo.purpose.met": N_("Exploitative purpose: {label}."),
    "palermo.purpose.forced_labour_indicators": N_(
        "Exploitative purpose: forced labour, shown by the ILO indicators of "
        "exploitative conditions and of coercion at destination (see below)."
    ),
    "palermo.purpose.not_met": N_("No exploitative purpose recorded."),
    "palermo.purpose.unknown": N_("Exploitative purpose not yet known."),
    "palermo.purpose.intended": N_(
        "The exploitation was intended but had not yet happened; the purpose is enough."
    ),
    "smuggling.criterion": N_("{label}"),
    "smuggling.criterion.noted": N_("{label}. {note}"),
    "smuggling.criterion.optional": N_("{label} (reported, not required)"),
    "smuggling.criterion.optional.noted": N_("{label} (reported, not required). {note}"),
    "smuggling.control_after_arrival": N_(
        "Control after arrival: the situation goes beyond smuggling."
    ),
    "labour_exploitation.conditions": N_(
        "Conditions of work that show labour exploitation, for a person someone "
        "recruited, moved, harboured or received; the trafficking elements are not all "
        "met on the facts recorded."
    ),
    "irregular_migration": N_("{note}"),
    "irregular_migration.regular_entry": N_(
        "The person entered regularly, so no smuggler procured the entry and whether "
        "anyone was paid does not matter; the stay may have become irregular (an expired "
        "visa, for example): check the migration status."
    ),
    "ilo_delphi.provenance": N_(
        "ILO/EC Delphi indicators ({lists}, {version}), verified={verified}: "
        "transcribed from a secondary synthesis, not yet checked against the ILO "
        "publication."
    ),
    "ilo_delphi.dimension.met": N_(
        "Dimension {dim}, {label}: enough indicators to meet the ILO dimension rule."
    ),
    "ilo_delphi.dimension.not_met": N_(
        "Dimension {dim}, {label}: indicators present, below the rule."
    ),
    "ilo_delphi.dimension.unknown": N_(
        "Dimension {dim}, {label}: could become positive; facts missing."
    ),
    "ilo_forced_labour.indicator": N_("ILO forced labour indicator: {label}."),
    "outcome.possible": N_("Depending on the missing facts, the result could be: {outcomes}."),
}

# Two Delphi lists named in the provenance reason ("adult_labour and child_labour").
BOTH_LISTS = N_("{first} and {second}")


class Texts(Mapping[str, str]):
    """One template in each of ``LOCALES``: the English as written, the others from the
    catalogue, looked up when first read (importing the engine loads no catalogue)."""

    def __init__(self, template: str) -> None:
        self.template = template

    def __getitem__(self, locale: str) -> str:
        if locale == DEFAULT_LOCALE:
            return self.template
        if locale not in LOCALES:
            raise KeyError(locale)
        return gettext_for(locale)(self.template)

    def __iter__(self) -> Iterator[str]:
        return iter(LOCALES)

    def __len__(self) -> int:
        return len(LOCALES)

    def __repr__(self) -> str:
        return f"Texts({self.template!r})"


# key -> {"en": ..., "fr": ...}, as the reasons read them.
MESSAGES: dict[str, Texts] = {key: Texts(template) for key, template in TEMPLATES.items()}


def translate(template: str, locale: str) -> str:
    """``template`` in ``locale`` (its language: "fr_CA" reads French), English otherwise."""
    return template if locale == DEFAULT_LOCALE else gettext_for(locale)(template)


class Label(NamedTuple):
    """A text in English and French (hashable, so rendered sentences can be memoised)."""

    en: str
    fr: str

    def get(self, locale: str) -> str:
        return self.fr if locale[:2] == "fr" and self.fr else self.en


def label_pair(texts: Mapping[str, str]) -> Label:
    return Label(texts["en"], texts.get("fr") or texts["en"])


def render(message: str, locale: str, params: Mapping[str, Any]) -> str:
    """The message in ``locale`` (English when the locale is not known).

    A parameter is a plain value or a :class:`Label`, which is shown in the locale.
    """
    texts = MESSAGES[message]
    if locale not in texts:
        locale = locale[:2] if locale[:2] in texts else DEFAULT_LOCALE  # fr_CA -> fr
    if not params:
        return texts[locale]
    return fill(texts[locale], locale, tuple(params.items()))


@lru_cache(maxsize=1 << 12)
def fill(template: str, locale: str, items: tuple[tuple[str, Any], ...]) -> str:
    # Few distinct sentences exist (one per label and status), so memoising keeps the
    # engine as fast as with hard-coded f-strings.
    return template.format_map(
        {name: value.get(locale) if type(value) is Label else value for name, value in items}
    )
