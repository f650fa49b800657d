from datetime import date

from sqlalchemy import text

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, CaseQuery, PersonData
from palermo.store import Store
from palermo.store.fields import current_keyring
from palermo.store.rotation import reencrypt
from tests.factories import make_agency_user

# Given names that sound different: the name search also matches by sound.
GIVEN = ("Ana", "Maria", "Elena", "Ioana", "Daria")


def test_rotation_reencrypts_everything_and_search_still_works(store: Store) -> None:
    actor = make_agency_user(store)
    with store.session() as s:
        for i, given in enumerate(GIVEN):
            data = CaseCreate(
                person=PersonData(
                    given_name=given, family_name="Lupu", birth_date=date(2000, 1, i + 1)
                )
            )
            case = cases.open_case(s, data=data, actor=actor)
            cases.add_comment(s, case_id=case.id, body=f"met {given}", actor=actor)
    old = current_keyring()
    new = old.with_new_active().only_active()
    count = reencrypt(store.engine, old=old, new=new)
    assert count == 20  # given name, family name, birth date and one comment per case
    with store.engine.connect() as conn:
        tokens = conn.execute(text("SELECT given_name FROM person")).scalars().all()
    assert all(t.split(":")[1] == new.active_id for t in tokens)
    # As a restarted server would: the store reads with the rotated ring (its sessions bind
    # their store's ring, so the old one would no longer open the re-encrypted values).
    store.keyring = new
    with store.session() as s:
        page = cases.find_cases(s, query=CaseQuery(name="ioana lupu"), actor=actor)
        assert [i.name for i in page.items] == ["Ioana Lupu"]
        assert (
            cases.read_case(s, case_id=page.items[0].id, actor=actor).comments[0].body
            == "met Ioana"
        )
