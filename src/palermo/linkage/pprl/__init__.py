"""Privacy-preserving record linkage (PPRL) between agencies that may not share names.

Three parties (``docs/pprl.md``): two data holders share a secret under their
sharing agreement and encode their records with :func:`encode_frame` into ``.clk``
files (record ids and hardened bits only); a linkage unit that holds neither names
nor the secret reads the files with :func:`read_clk` and links them with
:func:`match_clks`.

Encoding choices, and why:

- *Record-level CLK* (one Bloom filter per record) of normalised given and family
  names, birth-date parts, sex, place of birth and document number, so that no
  per-field filter of a frequent name repeats across records.
- *Keyed random hashing*: every one of the ``k`` positions of a token comes from
  HMAC-SHA256 under a key derived (HKDF) from the agreement's secret and the
  schema fingerprint. Double hashing (``h1 + i*h2``) was not used: its arithmetic
  progressions of positions are what the attacks of Niedermeyer et al. (2014) and
  Kroll & Steinmetzer (2015) read back.
- *Linear diffusion* (Armknecht, Heng & Schnell, PoPETs 2023) as the hardening:
  each output bit is the XOR of ``t`` secret-chosen filter bits. Pattern-mining
  attacks (Christen, Ranbaduge, Vatsalan & Schnell 2017-2018) look for bit positions
  that are set in every record holding a frequent q-gram; after diffusion no such
  positions exist, and every bit is set in close to half the records. Balancing and
  XOR folding were not chosen because the pattern-mining attacks were shown to
  survive them in part; salting with a stable attribute (year of birth) was not,
  because birth years are often missing or wrong in victim records, and a salt
  that differs breaks the whole name's agreement. Similarity-graph attacks
  (Vidanage et al. 2019) work on any encoding that keeps similarities: no Bloom
  filter hardening stops them; only who may see the encodings does.

:mod:`palermo.linkage.pprl.attack_eval` is an *evaluation tool* that runs a
published pattern-mining attack on encodings, to measure the hardening.
"""

from __future__ import annotations

from palermo.linkage.pprl.clk_encode import encode_frame, load_secret, new_secret, read_records
from palermo.linkage.pprl.clk_file import ClkSet, read_clk, write_clk
from palermo.linkage.pprl.clk_match import DEFAULT_THRESHOLD, MatchResult, MatchSpec, match_clks
from palermo.linkage.pprl.clk_normalise import normalise_name
from palermo.linkage.pprl.clk_schema import (
    EncodingSpec,
    FieldSpec,
    HardeningSpec,
    default_spec,
    load_spec,
    parse_spec,
)
from palermo.linkage.pprl.hamming_lsh import LshSpec

__all__ = [
    "DEFAULT_THRESHOLD",
    "ClkSet",
    "EncodingSpec",
    "FieldSpec",
    "HardeningSpec",
    "LshSpec",
    "MatchResult",
    "MatchSpec",
    "default_spec",
    "encode_frame",
    "load_secret",
    "load_spec",
    "match_clks",
    "new_secret",
    "normalise_name",
    "parse_spec",
    "read_clk",
    "read_records",
    "write_clk",
]
