"""No message of the code reads in English on a French page: each template extracted from
the Python code, filled with sample values, reads differently once rendered in French."""

from __future__ import annotations

import string

from palermo.i18n import Msg, as_code, joined, msg
from palermo.i18n.check import extract
from palermo.screening import OUTCOME_GUIDANCE, OUTCOME_LABELS
from palermo.vocab import ReferralState

# Read the same in both languages on purpose: codes, commands, proper names and the few
# words French spells as English does.
SAME_IN_BOTH: frozenset[str] = frozenset({"Total", "Population", "Service", "service"})


def _sample(template: str) -> dict[str, object]:
    """A value for each placeholder: a number where the placeholder formats one."""
    return {
        name: (1 if spec else "X")
        for _, name, spec, _ in string.Formatter().parse(template)
        if name
    }


def _has_words(template: str) -> bool:
    """Whether the template says something besides its placeholders and punctuation."""
    text = "".join(literal for literal, *_ in string.Formatter().parse(template))
    return any(ch.isalpha() for ch in text)


def test_every_message_of_the_code_reads_in_french() -> None:
    templates, _ = extract()
    code = [t for t, places in templates.items() if any(".py:" in p for p in places)]
    assert len(code) > 350
    english_left = []
    for template in code:
        if not _has_words(template) or template in SAME_IN_BOTH:
            continue
        message = Msg(template, _sample(template))
        if message.render("fr") == str(message):
            english_left.append(template)
    assert english_left == []


def test_values_in_a_message_are_shown_in_the_reader_s_language() -> None:
    states = joined(
        (as_code(s) for s in (ReferralState.accepted, ReferralState.done)), sep=msg(" or ")
    )
    message = msg(
        "Referral {id} is {status}; it can be {to} only when {wanted}.",
        id=7,
        status=as_code("in_progress", of=ReferralState),
        to=as_code(ReferralState.revoked),
        wanted=states,
    )
    assert (
        str(message) == "Referral 7 is in_progress; it can be revoked only when accepted or done."
    )
    assert message.render("fr") == (
        "L'orientation n° 7 est en attente de réponse ; elle ne peut être retirée que si elle "
        "est acceptée ou terminée."
    )
    # A language without a catalogue reads the message as English does, codes included.
    assert message.render("de") == str(message)
    # A code no list holds stays as it is in every language.
    odd = msg("Tracing request {id} is {status}.", id=3, status=as_code("parked", of=ReferralState))
    assert odd.render("fr") == "La demande de recherche n° 3 est à l'état parked."


def test_outcome_labels_and_guidance_come_from_the_catalogue_in_french() -> None:
    for table in (OUTCOME_LABELS, OUTCOME_GUIDANCE):
        for texts in table.values():
            assert set(texts) == {"en", "fr"}
            assert texts["fr"] and texts["fr"] != texts["en"]
