""" "Also known to": only under an agreement for linkage, with both cases' consent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from palermo.cases.workflow import withdraw_consent
from palermo.cooperate.known_to import also_known_to
from palermo.errors import NotFound
from palermo.store import Store
from palermo.store.models import AuditEntry, Consent
from tests.cooperate.conftest import People, agreement


def _hint(store: Store, people: People) -> list[tuple[str, tuple[str, ...]]]:
    with store.session() as s:
        rows = also_known_to(s, case_id=people.cases["shelter"], actor=people.shelter)
        return [(k.agency_name, k.groups) for k in rows]


def _withdraw(store: Store, people: People, case: str, to: int | None, actor: object) -> None:
    with store.session() as s:
        consent = s.scalars(
            select(Consent).where(
                Consent.case_id == people.cases[case], Consent.shared_with_agency_id == to
            )
        ).one()
        withdraw_consent(s, consent_id=consent.id, actor=actor)  # type: ignore[arg-type]


@pytest.mark.slow
def test_the_hint_follows_agreements_and_both_consents(
    store: Store, linked: tuple[People, int]
) -> None:
    people, _ = linked
    assert _hint(store, people) == []  # linked, but no agreement: nothing said
    # An agreement for statistics only says nothing either.
    agreement(store, people.shelter_sup, people.police, ["statistics"], ["identity"])
    assert _hint(store, people) == []
    agreement(store, people.shelter_sup, people.police, ["linkage"], ["identity", "birth_date"])
    assert _hint(store, people) == [("Police Central", ("identity", "birth_date"))]
    # The NGO knows her too, but has no agreement with the shelter.
    with store.session() as s:
        shown = also_known_to(s, case_id=people.cases["police"], actor=people.police)
        assert [k.agency_name for k in shown] == ["Safe House"]
        assert also_known_to(s, case_id=people.cases["ngo"], actor=people.ngo) == []
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "read_links")).first()
        assert entry is not None and entry.fields == ["also_known_to"]
    # Another agency asking about the shelter's case: the case does not exist for it.
    with store.session() as s, pytest.raises(NotFound):
        also_known_to(s, case_id=people.cases["shelter"], actor=people.police)
    # The police's case no longer allows sharing with the shelter: the police's knowledge
    # of her stays with the police, and the police's page no longer names the shelter
    # either (the hint on a case rests on that case's consent too).
    _withdraw(store, people, "police", people.shelter.agency_id, people.police)
    assert _hint(store, people) == []
    with store.session() as s:
        assert also_known_to(s, case_id=people.cases["police"], actor=people.police) == []
