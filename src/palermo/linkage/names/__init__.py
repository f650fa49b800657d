"""Names, places and birth dates in comparable forms, shared by every linker.

Family tracing, the Splink record linker and privacy-preserving encodings all
start from the same normalisation:

* :func:`name_tokens` - a given or family name in any script -> normalised Latin
  tokens (transliterated with anyascii, diacritics folded, particles dropped);
* :func:`phonetic_key` / :func:`name_forms` - spelling variants folded;
* :func:`nickname_keys` - the names a diminutive can stand for;
* :func:`birth_date_parts` - a recorded birth date -> year, month, day parts;
* :func:`jaro_winkler`, :func:`name_similarity` - string and name similarity.
"""

from __future__ import annotations

from palermo.linkage.names.dates import BirthDate, birth_date_parts
from palermo.linkage.names.latin import (
    NameForm,
    name_forms,
    name_tokens,
    phonetic_key,
    place_key,
    skeleton,
    to_latin,
)
from palermo.linkage.names.matching import jaro_winkler, name_similarity, token_similarity
from palermo.linkage.names.nicknames import nickname_keys, nickname_of

__all__ = [
    "BirthDate",
    "NameForm",
    "birth_date_parts",
    "jaro_winkler",
    "name_forms",
    "name_similarity",
    "name_tokens",
    "nickname_keys",
    "nickname_of",
    "phonetic_key",
    "place_key",
    "skeleton",
    "to_latin",
    "token_similarity",
]
