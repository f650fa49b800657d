"""Reading screening input files in the shape of shared/reference/screening/cases.yaml.

Accepted shapes: a list of items each with ``facts`` (and usually ``id``), one such
item, or a bare facts mapping. Other keys of an item (``narrative``, ``expected``)
are ignored, so a file of worked cases can be screened as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from palermo.errors import ValidationFailed
from palermo.screening.facts import Facts, parse_facts


def screening_inputs(data: Any) -> list[tuple[str | None, Facts]]:
    """(id, facts) pairs from already-parsed YAML or JSON data."""
    if data is None:
        raise ValidationFailed("The screening file is empty.",
                               hint="Give a facts mapping or a list of items with facts.")
    items = data if isinstance(data, list) else [data]
    out: list[tuple[str | None, Facts]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValidationFailed(
                f"Item {number} is a {type(item).__name__}, not a mapping.",
                hint="Each item needs 'id' and 'facts', as in cases.yaml.")
        if "facts" in item:
            case_id = item.get("id")
            out.append((None if case_id is None else str(case_id), parse_facts(item["facts"])))
        else:
            out.append((None, parse_facts(item)))
    return out


def load_screening_file(path: Path) -> list[tuple[str | None, Facts]]:
    """(id, facts) pairs from a YAML (or JSON) file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValidationFailed(f"{path} is not valid YAML: {exc}") from None
    return screening_inputs(data)
