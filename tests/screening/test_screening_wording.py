"""Reason sentences exist in English and French, and French results read in French."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import yaml
from typer.testing import CliRunner

from palermo.cli import app
from palermo.screening import assess, parse_facts, questions, result_to_dict
from palermo.screening.instruments import (
    ilo_delphi,
    ilo_forced_labour,
    palermo_protocol,
    smuggling_protocol,
)
from palermo.screening.records import result_record
from palermo.screening.wording import LOCALES, MESSAGES

FORBIDDEN = ("not a victim", "pas une victime", "n'est pas victime")


def _worked(shared_reference: Path) -> dict[str, dict]:
    cases = yaml.safe_load((shared_reference / "screening" / "cases.yaml").read_text("utf-8"))
    return {c["id"]: c["facts"] for c in cases}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_reason_message_has_english_and_french_with_the_same_parameters() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LOCALES), key
        assert all(texts[locale].strip() for locale in LOCALES), key
        assert _fields(texts["en"]) == _fields(texts["fr"]), key
        words = "".join(lit for lit, *_ in string.Formatter().parse(texts["en"]))
        if any(ch.isalpha() for ch in words):  # a sentence, not only label slots
            assert texts["en"] != texts["fr"], key


def test_every_instrument_label_has_a_french_version() -> None:
    protocol, smuggling = palermo_protocol(), smuggling_protocol()
    labels = [m.labels for m in protocol.means] + [p.labels for p in protocol.purposes]
    labels += [c.labels for c in smuggling.criteria] + [smuggling.irregular_migration_notes]
    labels += [c.notes for c in smuggling.criteria if c.notes]
    labels += [i.labels for i in ilo_forced_labour().indicators]
    labels += list(ilo_delphi().dimension_labels.values())
    assert len(ilo_delphi().dimension_labels) == 6
    for label in labels:
        assert label.en and label.fr, label
    # Labels that are words, not proper names, are translated (Servitude is the same word).
    same = {label.en for label in labels if label.en == label.fr}
    assert same <= {"Servitude"}, same


def test_french_worked_case_reads_in_french(shared_reference: Path) -> None:
    result = assess(parse_facts(_worked(shared_reference)["dev-01"]))
    french = [r.text_in("fr") for r in result.reasons]
    joined = " ".join(french)
    assert "Servitude pour dettes" in joined
    assert "Fins d'exploitation" in joined and "Moyen : Tromperie." in joined
    assert "indicateurs" in joined.lower() and "l'OIT" in joined
    english = {r.text for r in result.reasons}
    assert not english & set(french)  # no English reason sentence left
    for word in ("Means:", "Exploitative purpose", "ILO forced labour", "shown by the facts"):
        assert word not in joined
    # English stays the default: Reason.text and the JSON shape are unchanged.
    row = result_to_dict(result)
    assert set(row) == {"id", "outcome", "also", "reasons", "ask_next"}
    assert "ILO forced labour indicator: Debt bondage." in {r["text"] for r in row["reasons"]}
    row_fr = result_to_dict(result, locale="fr")
    assert set(row_fr) == set(row)
    assert [r["key"] for r in row_fr["reasons"]] == [r["key"] for r in row["reasons"]]
    assert "Indicateur de travail forcé de l'OIT : Servitude pour dettes." in {
        r["text"] for r in row_fr["reasons"]
    }


def test_every_reason_of_many_situations_has_a_french_sentence(shared_reference: Path) -> None:
    rng = random.Random(11)
    specs = [q for g in questions() for q in g.questions]
    mappings = list(_worked(shared_reference).values())
    for _ in range(400):
        mapping = {}
        for q in specs:
            if rng.random() < 0.35:
                continue
            if q.kind == "list":
                mapping[q.fact] = rng.sample(q.codes, rng.choice([0, 1, 2, 3]))
            elif q.kind == "bool":
                mapping[q.fact] = rng.random() < 0.5
            elif q.kind == "choice":
                mapping[q.fact] = rng.choice(q.codes)
            else:
                mapping[q.fact] = rng.randint(5, 60)
        mappings.append(mapping)
    seen = set()
    for mapping in mappings:
        for reason in assess(parse_facts(mapping)).reasons:
            assert reason.message in MESSAGES
            seen.add(reason.message)
            fr = reason.text_in("fr")
            assert fr and fr != reason.text, reason
            assert reason.text_in("fr_CA") == fr and reason.text_in("de") == reason.text
            for text in (reason.text, fr):
                assert not any(bad in text.lower() for bad in FORBIDDEN)
    assert len(seen) >= len(MESSAGES) - 4  # nearly every sentence was exercised


def test_saved_result_keeps_each_reason_in_both_languages(shared_reference: Path) -> None:
    record = result_record(assess(parse_facts(_worked(shared_reference)["dev-01"])))
    for row in record["reasons"]:
        assert row["texts"]["en"] == row["text"] and row["texts"]["fr"]
    json.dumps(record)  # stored as JSON


def test_cli_lang_fr_prints_french_reasons(shared_reference: Path) -> None:
    cases = shared_reference / "screening" / "cases.yaml"
    runner = CliRunner()
    text = runner.invoke(app, ["screen", "--lang", "fr", str(cases)], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert "Servitude pour dettes" in text.output and "Moyen : Tromperie" in text.output
    assert "Means: Deception" not in text.output
    as_json = runner.invoke(app, ["screen", "--json", "--lang", "fr", str(cases)])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert set(rows[0]) == {"id", "outcome", "also", "reasons", "ask_next"}
    assert any("Fins d'exploitation" in r["text"] for r in rows[0]["reasons"])
    default = json.loads(runner.invoke(app, ["screen", "--json", str(cases)]).output)
    assert any(r["text"].startswith("Means:") for r in default[0]["reasons"])
