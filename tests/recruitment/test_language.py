"""Language detection: py3langid, and its batch form that gives the same answers."""

from __future__ import annotations

from palermo.recruitment import detect_language, detect_languages


def test_the_batch_gives_py3langids_answer_on_every_ad(feed) -> None:  # type: ignore[no-untyped-def]
    texts = feed["frame"]["text"].to_list()[:400] + [
        "Se buscan camareras para un hotel en Dubái, vuelo pagado.",
        "ok",
        "",
    ]
    batch = detect_languages(texts)
    assert batch == [detect_language(t) for t in texts]
    assert batch[-3:] == ["es", "und", "und"]


def test_the_feed_languages_are_the_planted_ones(feed) -> None:  # type: ignore[no-untyped-def]
    planted = feed["truth"]["language"].to_list()
    found = list(feed["screened"].languages)
    agree = sum(p == f for p, f in zip(planted, found, strict=True)) / len(planted)
    assert agree > 0.99
