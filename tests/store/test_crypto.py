import pytest

from palermo.errors import KeyMaterialError
from palermo.store import crypto
from palermo.store.keys import KeyRing, load_keyring, new_keyring, write_keyring


def test_round_trip_and_context_binding(keyring: KeyRing) -> None:
    token = crypto.encrypt(keyring, "Ana Popescu", context="person.given_name", row=7)
    assert "Ana" not in token
    assert crypto.decrypt(keyring, token, context="person.given_name", row=7) == "Ana Popescu"
    # A ciphertext moved to another column, or to another row, must not decrypt there.
    with pytest.raises(KeyMaterialError, match="failed authentication"):
        crypto.decrypt(keyring, token, context="person.family_name", row=7)
    with pytest.raises(KeyMaterialError, match="moved from another record"):
        crypto.decrypt(keyring, token, context="person.given_name", row=8)


def test_column_only_tokens_are_refused_outside_the_migration(keyring: KeyRing) -> None:
    legacy = crypto.encrypt_unbound(keyring, "Ana", context="person.given_name")
    with pytest.raises(KeyMaterialError, match="palermo db upgrade"):
        crypto.decrypt(keyring, legacy, context="person.given_name", row=1)
    assert crypto.decrypt_unbound(keyring, legacy, context="person.given_name") == "Ana"


def test_same_plaintext_gives_different_ciphertexts(keyring: KeyRing) -> None:
    a = crypto.encrypt(keyring, "x", context="c", row=1)
    b = crypto.encrypt(keyring, "x", context="c", row=1)
    assert a != b


def test_tampered_ciphertext_is_refused(keyring: KeyRing) -> None:
    token = crypto.encrypt(keyring, "secret", context="c", row=1)
    prefix, kid, body = token.split(":")
    flipped = body[:-6] + ("A" if body[-6] != "A" else "B") + body[-5:]
    with pytest.raises(KeyMaterialError):
        crypto.decrypt(keyring, f"{prefix}:{kid}:{flipped}", context="c", row=1)


def test_wrong_key_names_the_missing_key() -> None:
    token = crypto.encrypt(new_keyring(), "secret", context="c", row=1)
    with pytest.raises(KeyMaterialError, match="not in the key ring"):
        crypto.decrypt(new_keyring(), token, context="c", row=1)


def test_blind_index_normalises_case_accents_and_spacing(keyring: KeyRing) -> None:
    def idx(v: str) -> str:
        return crypto.blind_index(keyring, crypto.normalise_name(v), kind="name")

    assert idx("  José   GARCÍA ") == idx("jose garcia")
    assert idx("Jose Garcia") != idx("Jose Garcias")
    # Different keys give unrelated digests, so an index leaked alone reveals nothing.
    other = new_keyring()
    assert crypto.blind_index(other, "jose garcia", kind="name") != idx("jose garcia")


def test_name_tokens_cover_parts_and_both_orders() -> None:
    tokens = crypto.name_tokens("Maria Elena", "Popescu")
    assert {"maria", "elena", "popescu", "maria elena popescu", "popescu maria elena"} <= tokens


def test_key_file_is_private_and_never_overwritten(tmp_path) -> None:
    path = tmp_path / "k" / "palermo.keys"
    ring = new_keyring()
    write_keyring(ring, path)
    assert path.stat().st_mode & 0o077 == 0
    assert load_keyring(path).active.data_key == ring.active.data_key
    with pytest.raises(KeyMaterialError, match="refusing to overwrite"):
        write_keyring(new_keyring(), path)


def test_missing_or_corrupt_key_file_explains_what_to_do(tmp_path) -> None:
    with pytest.raises(KeyMaterialError, match="palermo keys init"):
        load_keyring(tmp_path / "none.keys")
    bad = tmp_path / "bad.keys"
    bad.write_text("{not json")
    with pytest.raises(KeyMaterialError, match="not a valid Palermo key ring"):
        load_keyring(bad)


@pytest.mark.parametrize("token", ["garbage", "v2:abc:not base64!!", "v2:abc:AAAA", "v9:a:b"])
def test_damaged_values_raise_the_palermo_error(keyring: KeyRing, token: str) -> None:
    with pytest.raises(KeyMaterialError):
        crypto.decrypt(keyring, token, context="person.given_name", row=1)


def test_opening_a_database_with_the_wrong_keys_is_refused(tmp_path) -> None:  # noqa: ANN001
    from palermo.cases import open_case
    from palermo.cases.record.schemas import CaseCreate, PersonData
    from palermo.store import open_store
    from tests.factories import make_agency_user

    url = f"sqlite:///{tmp_path / 'k.db'}"
    store = open_store(url=url, keyring=new_keyring())
    actor = make_agency_user(store)
    with store.session() as s:
        open_case(s, data=CaseCreate(person=PersonData(given_name="Dana")), actor=actor)
    store.engine.dispose()
    with pytest.raises(KeyMaterialError, match="not in the key ring"):
        open_store(url=url, keyring=new_keyring())
