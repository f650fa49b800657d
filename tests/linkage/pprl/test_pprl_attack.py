"""The pattern-mining attack (an evaluation tool) re-identifies names from unhardened
CLKs and gets no further than chance on the hardened default.

Chance is the share of records whose given name is the attacker's reference
population's most frequent one: what guessing that name for everybody scores
(about 4-5 % in simulated worlds, 'Emma').
"""

from __future__ import annotations

import pytest

from palermo.linkage.pprl import default_spec, encode_frame
from palermo.linkage.pprl.attack_eval import AttackSpec, run_attack

from .conftest import world_records


@pytest.mark.slow
def test_pattern_mining_attack_before_and_after_hardening(secret: bytes) -> None:
    target, _ = world_records(21, 6000)
    target = target.head(6000)
    reference = world_records(22, 12000)[0].to_dicts()
    names = target["prs_FirstName"].to_list()
    attack = AttackSpec(patterns=100, seeds=16)

    def attack_on(hardened: bool, spec: AttackSpec) -> object:
        schema = default_spec(hardened=hardened)
        clks = encode_frame(target, spec=schema, secret=secret)
        return run_attack(clks.words, names, spec=schema, reference=reference, attack=spec)

    plain = attack_on(False, attack)
    assert plain.share > 2 * plain.chance, plain  # the attack works where it should
    hardened = attack_on(True, attack)
    assert hardened.share <= hardened.chance + 0.01, hardened
    # Forcing the attacker to take the best pattern of each round does not help either.
    forced = attack_on(True, AttackSpec(patterns=40, seeds=8, stability=0.0))
    assert forced.share <= forced.chance + 0.01, forced
