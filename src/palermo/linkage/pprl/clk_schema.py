"""The encoding schema: a versioned JSON document published with a sharing agreement.

Both data holders encode with the same schema (and the agreement's secret); the
linkage unit receives the schema, never the secret. The schema says which columns
are encoded and how (q-grams, hash functions per token, filter length, hardening);
its fingerprint (SHA-256 of its canonical JSON) travels in every ``.clk`` file so
that encodings made under different schemas are never compared by mistake.

An example (the hardened default is :func:`default_spec`)::

    {"format": "palermo-clk-schema", "version": 1, "id": "palermo-default-hardened-v1",
     "bits": 1024,
     "hashing": "hmac-sha256-random",
     "hardening": {"method": "diffusion", "t": 4, "output_bits": 1024},
     "fields": [{"name": "given_name", "column": "prs_FirstName", "kind": "name",
                 "q": 2, "k": 8, "token_space": "name"}, ...]}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from palermo.errors import FieldProblem, ValidationFailed

FORMAT = "palermo-clk-schema"
VERSION = 1
KINDS = ("name", "identifier", "date", "code")
HASHING = ("hmac-sha256-random",)
HARDENING = ("diffusion", "none")
_FIELD_KEYS = {"name", "column", "kind", "q", "k", "token_space"}
_TOP_KEYS = {"format", "version", "id", "bits", "hashing", "hardening", "fields", "note"}

Kind = Literal["name", "identifier", "date", "code"]


@dataclass(frozen=True)
class FieldSpec:
    """One encoded attribute: ``column`` of the input, tokenised by ``kind``.

    ``k`` bits are set per token; fields with the same ``token_space`` share hash
    keys, so that a given name recorded as the family name still agrees.
    """

    name: str
    column: str
    kind: Kind
    k: int
    q: int = 2
    token_space: str = ""

    @property
    def space(self) -> str:
        return self.token_space or self.name


@dataclass(frozen=True)
class HardeningSpec:
    """``diffusion``: each output bit is the XOR of ``t`` secret-chosen filter bits."""

    method: Literal["diffusion", "none"] = "diffusion"
    t: int = 4
    output_bits: int = 1024


@dataclass(frozen=True)
class EncodingSpec:
    """A whole schema; build it with :func:`parse_spec` or :func:`default_spec`."""

    id: str
    bits: int
    fields: tuple[FieldSpec, ...]
    hardening: HardeningSpec
    hashing: str = "hmac-sha256-random"
    version: int = VERSION
    note: str = ""

    @property
    def output_bits(self) -> int:
        return self.hardening.output_bits if self.hardening.method == "diffusion" else self.bits

    def to_dict(self) -> dict[str, Any]:
        hardening: dict[str, Any] = {"method": self.hardening.method}
        if self.hardening.method == "diffusion":
            hardening |= {"t": self.hardening.t, "output_bits": self.hardening.output_bits}
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "id": self.id,
            "bits": self.bits,
            "hashing": self.hashing,
            "hardening": hardening,
            "fields": [asdict(f) for f in self.fields],
        }
        if self.note:
            data["note"] = self.note
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the canonical JSON: equal for equal schemas, whatever the layout."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def default_spec(*, hardened: bool = True) -> EncodingSpec:
    """The default schema: names, birth date, sex, place of birth and document number.

    ``hardened=False`` gives the same filter without diffusion: for measuring
    attacks only (``bench/bench_pprl_attack.py``), never for sharing.
    """
    fields = (
        # Bits per token, tuned on FEBRL4 and simulated agencies' records (docs/pprl.md).
        FieldSpec("given_name", "prs_FirstName", "name", k=8, token_space="name"),
        FieldSpec("family_name", "prs_SecondName", "name", k=8, token_space="name"),
        FieldSpec("birth_date", "prs_Birthdate", "date", k=14, q=1),
        FieldSpec("sex", "prs_Gender", "code", k=2, q=1),
        FieldSpec("place_of_birth", "plm_PlaceOfBirth", "name", k=4),
        FieldSpec("identity_number", "prs_IdentityNumber", "identifier", k=6),
    )
    if hardened:
        return EncodingSpec("palermo-default-hardened-v1", 1024, fields, HardeningSpec())
    return EncodingSpec(
        "palermo-unhardened-evaluation-only-v1",
        1024,
        fields,
        HardeningSpec(method="none"),
        note="Unhardened: for attack measurements only. Do not share encodings made with it.",
    )


def _int(data: dict[str, Any], key: str, lo: int, hi: int, where: str, out: list) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        out.append(
            FieldProblem(
                f"{where}{key}", f"must be an integer from {lo} to {hi}", value=repr(value)
            )
        )
        return lo
    return value


def _bits(data: dict[str, Any], key: str, where: str, out: list) -> int:
    value = _int(data, key, 64, 8192, where, out)
    if value & (value - 1):
        out.append(
            FieldProblem(f"{where}{key}", "must be a power of two (64 ... 8192)", value=str(value))
        )
    return value


def _field(raw: Any, index: int, out: list[FieldProblem]) -> FieldSpec | None:
    where = f"fields[{index}]."
    if not isinstance(raw, dict):
        out.append(FieldProblem(f"fields[{index}]", "must be an object", value=repr(raw)))
        return None
    for key in sorted(set(raw) - _FIELD_KEYS):
        out.append(FieldProblem(f"{where}{key}", f"unknown key; allowed: {sorted(_FIELD_KEYS)}"))
    for key in ("name", "column"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            out.append(
                FieldProblem(
                    f"{where}{key}", "must be a non-empty string", value=repr(raw.get(key))
                )
            )
    kind = raw.get("kind")
    if kind not in KINDS:
        out.append(FieldProblem(f"{where}kind", f"must be one of {list(KINDS)}", value=repr(kind)))
    k = _int(raw, "k", 1, 64, where, out)
    q = _int(raw | {"q": raw.get("q", 2)}, "q", 1, 4, where, out)
    space = raw.get("token_space", "")
    if not isinstance(space, str):
        out.append(FieldProblem(f"{where}token_space", "must be a string", value=repr(space)))
        space = ""
    if not isinstance(raw.get("name"), str) or kind not in KINDS:
        return None
    return FieldSpec(raw["name"], str(raw.get("column")), kind, k=k, q=q, token_space=space)


def parse_spec(data: Any) -> EncodingSpec:
    """Validate a decoded schema document; every problem is listed in one error."""
    out: list[FieldProblem] = []
    if not isinstance(data, dict):
        raise ValidationFailed(
            "The encoding schema must be a JSON object.",
            hint="Start from `palermo pprl schema` (the hardened default) and edit it.",
        )
    for key in sorted(set(data) - _TOP_KEYS):
        out.append(FieldProblem(key, f"unknown key; allowed: {sorted(_TOP_KEYS)}"))
    if data.get("format") != FORMAT:
        out.append(FieldProblem("format", f"must be {FORMAT!r}", value=repr(data.get("format"))))
    if data.get("version") != VERSION:
        out.append(
            FieldProblem(
                "version", f"this Palermo reads version {VERSION}", value=repr(data.get("version"))
            )
        )
    if not isinstance(data.get("id"), str) or not data.get("id"):
        out.append(FieldProblem("id", "must be a non-empty string", value=repr(data.get("id"))))
    bits = _bits(data, "bits", "", out)
    if data.get("hashing") not in HASHING:
        out.append(
            FieldProblem(
                "hashing", f"must be one of {list(HASHING)}", value=repr(data.get("hashing"))
            )
        )
    raw_h = data.get("hardening")
    hardening = HardeningSpec(method="none")
    if not isinstance(raw_h, dict) or raw_h.get("method") not in HARDENING:
        out.append(
            FieldProblem("hardening.method", f"must be one of {list(HARDENING)}", value=repr(raw_h))
        )
    elif raw_h["method"] == "diffusion":
        hardening = HardeningSpec(
            "diffusion",
            _int(raw_h, "t", 1, 16, "hardening.", out),
            _bits(raw_h, "output_bits", "hardening.", out),
        )
    raw_fields = data.get("fields")
    fields: list[FieldSpec] = []
    if not isinstance(raw_fields, list) or not raw_fields:
        out.append(FieldProblem("fields", "must be a non-empty list of field objects"))
    else:
        fields = [f for i, raw in enumerate(raw_fields) if (f := _field(raw, i, out)) is not None]
        names = [f.name for f in fields]
        for name in sorted({n for n in names if names.count(n) > 1}):
            out.append(FieldProblem("fields", "field names must be unique", value=name))
    note = data.get("note", "")
    if out:
        listed = "; ".join(
            f"{p.field}: {p.reason}" + (f" (got {p.value})" if p.value else "") for p in out
        )
        raise ValidationFailed(
            f"The encoding schema is invalid: {listed}.",
            problems=out,
            hint="Fix the schema document, or leave --schema out to use the hardened default.",
        )
    return EncodingSpec(str(data["id"]), bits, tuple(fields), hardening, note=str(note))


def load_spec(path: Path) -> EncodingSpec:
    """Read and validate a schema file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationFailed(f"Cannot read the encoding schema {path}: {exc.strerror}.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"The encoding schema {path} is not valid JSON (line {exc.lineno}: {exc.msg}).",
            hint="Check the file; `palermo pprl schema` prints a valid one.",
        ) from exc
    return parse_spec(data)
