"""One index of every list Palermo knows: names, metadata, and the enum behind each.

Lists come from four places (``ListInfo.source``): HTCDS picklists (with Palermo's
extension values appended), ISO 3166/639 through pycountry, the CTDC age bands, and
Palermo's own lists. Enums are built on first request and cached, so importing
``palermo.vocab`` stays cheap even though the language list is large.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.vocab import htcds, iso
from palermo.vocab.ages import AgeBand
from palermo.vocab.cooperate import COOPERATE_LISTS
from palermo.vocab.enums import ListInfo, VocabEnum
from palermo.vocab.extensions import PALERMO_LISTS
from palermo.vocab.justice import JUSTICE_LISTS
from palermo.vocab.know import KNOW_LISTS
from palermo.vocab.protect import HTCDS_BASED, PROTECT_LISTS

# Other names people reach for, resolved to the canonical list name.
ALIASES = {
    "isic_section": "forced_labour_industry",
    "organisation_type": "agency_type",
    "citizenship": "country",
}


@cache
def _index() -> dict[str, tuple[ListInfo, Callable[[], type[VocabEnum]]]]:
    index: dict[str, tuple[ListInfo, Callable[[], type[VocabEnum]]]] = {}
    loaders = {"country": iso.country_enum, "language": iso.language_enum}
    for info in htcds.list_infos():
        loader = loaders.get(info.name) or partial(htcds.htcds_enum, info.name)
        index[info.name] = (info, loader)
    age_info = ListInfo(
        name="age_band",
        source="ctdc",
        description="CTDC age bands; see palermo.vocab.age_band.",
    )
    index["age_band"] = (age_info, lambda: AgeBand)
    for enum in (*PALERMO_LISTS, *PROTECT_LISTS, *JUSTICE_LISTS, *KNOW_LISTS, *COOPERATE_LISTS):
        based_on = HTCDS_BASED.get(enum.list_name, ())
        info = ListInfo(
            name=enum.list_name,
            source="htcds" if based_on else "palermo",
            htcds_fields=based_on,
            description=enum.__doc__ or "",
        )
        index[enum.list_name] = (info, partial(lambda e: e, enum))
    return index


def list_names() -> list[str]:
    """Every canonical list name, sorted."""
    return sorted(_index())


def _resolve(name: str) -> tuple[ListInfo, Callable[[], type[VocabEnum]]]:
    key = ALIASES.get(name.strip(), name.strip())
    try:
        return _index()[key]
    except KeyError:
        raise NotFound(
            msg(
                "No vocabulary list named {name!r}. Lists: {lists}.",
                name=name,
                lists=", ".join(list_names()),
            ),
            hint=msg("Run `palermo vocab list` to see them with their sources."),
        ) from None


def get_list(name: str) -> type[VocabEnum]:
    """The enum for list ``name`` (or an alias of it); NotFound names the valid lists."""
    return _resolve(name)[1]()


def list_info(name: str) -> ListInfo:
    """Where list ``name`` comes from and which HTCDS fields it validates."""
    return _resolve(name)[0]
