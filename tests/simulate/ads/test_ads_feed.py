"""Synthetic ads: reproducible files, ground truth that the phrases really plant."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from palermo.recruitment import OfferSpec, screen_offer
from palermo.recruitment.catalogue import flag_catalogue
from palermo.recruitment.places import gazetteer
from palermo.simulate.ads import AdsSpec, iter_ads, registry_of, write_ads
from palermo.simulate.ads.adwords import DESTINATIONS, POSTING
from palermo.simulate.ads.compose import Writer, phrases
from palermo.simulate.ads.grammar import choose, fill, slots_of

DERIVED = {"vague_employer", "messaging_app_only", "obscured_phone", "pay_above_going_rate"}
# Sentences that only appear after the opening of a modelling ad (a model's photos are fine).
CONTEXT = {"en": "Casting for models. ", "fr": "Casting de mannequins. "}


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_same_seed_same_files_and_another_seed_other_files(tmp_path: Path) -> None:
    write_ads(AdsSpec(n=600, seed=4), tmp_path / "a", formats=("parquet", "csv"))
    write_ads(AdsSpec(n=600, seed=4), tmp_path / "b", formats=("parquet", "csv"))
    write_ads(AdsSpec(n=600, seed=5), tmp_path / "c", formats=("parquet", "csv"))
    a, b, c = (_digest(tmp_path / x) for x in "abc")
    assert a == b and a["ads.csv"] != c["ads.csv"] and a["truth.csv"] != c["truth.csv"]
    assert not (tmp_path / "a" / ".ads-partial").exists()


def test_the_truth_matches_the_ads_and_the_registry() -> None:
    spec = AdsSpec(n=2000, seed=9)
    ads, truth = next(iter_ads(spec, chunk_size=spec.n))
    frame, t = pl.DataFrame(ads, infer_schema_length=None), pl.DataFrame(truth)
    assert frame["ad_id"].to_list() == t["ad_id"].to_list() and frame["ad_id"].is_unique().all()
    counts = t["kind"].value_counts()
    assert dict(counts.iter_rows()) == {"benign": 1400, "network": 400, "decoy": 200}
    codes = {c for p in t["planted_flags"] for c in p.split(";") if c}
    assert codes <= set(flag_catalogue().flags) and len(codes) >= 20
    assert set(t.filter(pl.col("kind") == "benign")["network_id"]) == {""}
    assert t.filter(pl.col("kind") == "network")["network_id"].str.starts_with("N").all()
    registry = registry_of(spec)
    decoy_agencies = {r["name"] for r in registry if r["status"] == "licensed"}
    decoy_text = frame.join(t, on="ad_id").filter(pl.col("kind") == "decoy")["text"].to_list()
    named = sum(any(name in text for name in decoy_agencies) for text in decoy_text)
    assert named > 0.8 * len(decoy_text)  # a template's sentence is left out of some ads
    assert {r["status"] for r in registry} >= {"licensed"} and len(
        {r["country"] for r in registry}
    ) >= 20
    assert 0.3 < (t["language"] == "fr").mean() < 0.5


def test_every_city_is_in_the_gazetteer_with_its_country() -> None:
    table = gazetteer()
    for places in (DESTINATIONS, POSTING):
        for cities in places.values():
            for city, country in cities:
                assert table[city.lower()][0] == country, city


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_phrase_plants_exactly_the_flags_it_is_tagged_with(lang: str) -> None:
    rng = random.Random(1)
    writer = Writer(rng)
    slots = writer.slots(lang, "hospitality", ("Paris", "FR"), ("Dakar", "SN"))
    slots.update(
        phone="+221 77 123 45 67",
        email="jobs@example-jobs.com",
        url="www.example-jobs.com",
        company="Kolaria",
        legal="SARL" if lang == "fr" else "Ltd",
        address="12 rue de la Paix, Paris",
        agency="Kolaria Recrutement",
        licence="SN-12345",
        handle="kolaria_jobs",
        pay="1 900 € par mois" if lang == "fr" else "1,900 EUR per month",
    )
    for section, variants in phrases(lang).items():
        for variant in variants:
            for _ in range(3):
                text = fill(choose(variant["text"], rng), slots)
                if section.startswith("model"):
                    text = CONTEXT[lang] + text
                got = (
                    set(screen_offer(OfferSpec(text=text, country="SN", language=lang)).codes)
                    - DERIVED
                )
                planted = set(variant.get("flags") or ()) - DERIVED
                assert got == planted, (section, text, got)


def test_every_slot_of_every_phrase_has_a_value() -> None:
    writer = Writer(random.Random(2))
    for lang in ("en", "fr"):
        known = set(writer.slots(lang, "hospitality", ("Paris", "FR"), ("Dakar", "SN")))
        known |= {
            "phone",
            "email",
            "url",
            "company",
            "legal",
            "address",
            "agency",
            "licence",
            "handle",
            "pay",
        }
        for variants in phrases(lang).values():
            for variant in variants:
                assert slots_of(variant["text"]) <= known, variant["text"]


def test_the_cli_writes_the_feed_and_keeps_the_world_command(tmp_path: Path) -> None:
    runner = CliRunner()
    from palermo.cli import app

    result = runner.invoke(
        app,
        [
            "simulate",
            "ads",
            "--n",
            "300",
            "--seed",
            "2",
            "--out",
            str(tmp_path),
            "--format",
            "jsonl,csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert {"ads.jsonl", "ads.csv", "truth.csv", "agencies.csv", "ads.json"} <= {
        p.name for p in tmp_path.iterdir()
    }
    meta = json.loads((tmp_path / "ads.json").read_text())
    assert meta["ads"] == 300 and meta["spec"]["seed"] == 2
    missing = runner.invoke(app, ["simulate", "--victims", "10"])
    assert missing.exit_code != 0 and "--out" in missing.output


def test_bad_settings_are_refused() -> None:
    from palermo.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        AdsSpec(n=0)
    with pytest.raises(ValidationFailed):
        AdsSpec(network_share=0.8, decoy_share=0.5)
