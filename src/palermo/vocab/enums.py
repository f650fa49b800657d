"""The enum every Palermo code list is made of, and the metadata kept per list.

A list is a ``VocabEnum`` subclass: members are ``str`` (their value is the code, so
they store and serialise as plain text) and carry English and French labels and two
flags, ``extension`` (Palermo added the value; it is not in HTCDS) and ``deprecated``.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal, Self, TypeVar, cast

from palermo.errors import UnknownCode
from palermo.i18n import msg

Source = Literal["htcds", "iso3166", "iso639", "ctdc", "palermo"]

# Past this many codes an error message listing them all stops helping (languages
# have thousands), so UnknownCode then names the closest codes and a hint instead.
_MAX_CODES_SHOWN = 60

E = TypeVar("E", bound="VocabEnum")


@dataclass(frozen=True)
class ListInfo:
    """What a list is and where it comes from."""

    name: str
    source: Source
    htcds_fields: tuple[str, ...] = ()
    deprecated: bool = False
    description: str = ""


class VocabEnum(StrEnum):
    """Base of every code list. Build members with ``(code, label_en, label_fr[, ext, dep])``."""

    # Set after the class body (an assignment inside it would become a member).
    list_name: ClassVar[str]
    # Other spellings an importer may meet (ISO alpha-3 for a country, a section letter
    # for ISIC) mapped to the canonical code; filled by the module that builds the list.
    alternates: ClassVar[Mapping[str, str]]

    extension: bool
    deprecated: bool
    _labels: dict[str, str]

    # The labels default only so that a lookup by code (``ReferralState("done")``, which
    # Enum answers without calling this) type-checks; members always give both.
    def __new__(
        cls,
        code: str,
        label_en: str = "",
        label_fr: str = "",
        extension: bool = False,
        deprecated: bool = False,
    ) -> Self:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj._labels = {"en": label_en, "fr": label_fr}
        obj.extension = extension
        obj.deprecated = deprecated
        return obj

    def __init_subclass__(cls, *, list_name: str = "", **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if list_name:
            cls.list_name = list_name

    @property
    def code(self) -> str:
        return self.value

    def label(self, locale: str = "en") -> str:
        """Label in ``locale`` ("fr", "fr_CA", "fr-BE" all give French); English otherwise."""
        language = locale.replace("-", "_").split("_")[0].lower()
        return self._labels.get(language) or self._labels["en"]

    @classmethod
    def parse(cls, code: str) -> Self:
        """The member for ``code``; raises ``UnknownCode`` listing valid codes if none.

        Accepted, in order: the exact code (surrounding blanks ignored, HTCDS itself
        ships "DebtBondage "), the Python member name, a registered alternate spelling,
        then any of those ignoring case when that is unambiguous.
        """
        text = code.strip() if isinstance(code, str) else str(code)
        found = _lookup(cls, text)
        if found is not None:
            return found
        raise _unknown(cls, text)


VocabEnum.list_name = ""
VocabEnum.alternates = {}


def _lookup(cls: type[E], text: str) -> E | None:
    by_code = cls._value2member_map_
    if text in by_code:
        return by_code[text]  # type: ignore[return-value]
    if text in cls.__members__:
        return cls.__members__[text]
    if text in cls.alternates:
        return cls(cls.alternates[text])
    folded = _folded_index(cls)
    return folded.get(text.casefold())


def _folded_index(cls: type[E]) -> dict[str, E]:
    # Built on first use and kept on the class: case-insensitive matches are the
    # fallback path, so lists that are always given exact codes never pay for it.
    cached = cls.__dict__.get("_folded")
    if cached is not None:
        return cached
    index: dict[str, E] = {}
    ambiguous: set[str] = set()
    keys: list[tuple[str, E]] = []
    for name, member in cls.__members__.items():
        keys += [(member.value, member), (name, member)]
    keys += [(alt, cls(code)) for alt, code in cls.alternates.items()]
    for key, member in keys:
        folded = key.casefold()
        if index.get(folded, member) is not member:
            ambiguous.add(folded)
        index[folded] = member
    for folded in ambiguous:
        del index[folded]
    cls._folded = index  # type: ignore[attr-defined]
    return index


def _unknown(cls: type[VocabEnum], text: str) -> UnknownCode:
    codes = [member.value for member in cls]
    if len(codes) <= _MAX_CODES_SHOWN:
        return UnknownCode(text, list_name=cls.list_name, valid=codes)
    close = difflib.get_close_matches(text, codes, n=5, cutoff=0.5)
    error = UnknownCode(text, list_name=cls.list_name, valid=close)
    error.hint = msg(
        "{list_name} has {count} codes; those shown are the closest. "
        "Run `palermo vocab export` to see them all.",
        list_name=cls.list_name,
        count=len(codes),
    )
    return error


def member_name(code: str) -> str:
    """A Python name for ``code``: lower snake_case, never clashing with Enum machinery.

    ``4Sale`` -> ``x_4_sale`` (names cannot start with a digit); a name Enum or this
    class already uses (``mro``, ``name``, ``label``, ``parse``...) or a keyword gets a
    trailing underscore, the usual Python escape.
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", code)
    name = re.sub(r"[^0-9a-zA-Z]+", "_", spaced).strip("_").lower()
    if not name or name[0].isdigit():
        name = f"x_{name}"
    taken = name == "mro" or any(name in vars(klass) for klass in VocabEnum.__mro__)
    if keyword.iskeyword(name) or taken:
        name += "_"
    return name


def make_enum(
    class_name: str,
    list_name: str,
    members: Iterable[tuple[str, tuple[str, str, str, bool, bool]]],
    *,
    alternates: Mapping[str, str] | None = None,
) -> type[VocabEnum]:
    """Build a list from data: ``members`` are ``(python_name, (code, en, fr, ext, dep))``."""
    # Enum's functional API; mypy sees only the member constructor, hence the cast.
    built: Any = VocabEnum(class_name, list(members), module=__name__, qualname=class_name)  # type: ignore[call-arg,arg-type]
    built.list_name = list_name
    if alternates:
        built.alternates = dict(alternates)
    return cast(type[VocabEnum], built)
