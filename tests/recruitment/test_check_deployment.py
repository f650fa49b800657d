"""What a deployment configures for the public check: verified contacts, the registry of
monitored agencies, the rate limit; unusable files are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from palermo.config import Settings
from palermo.errors import ValidationFailed
from palermo.recruitment import ContactBook
from palermo.recruitment.deployment import CheckSettings, load_check_setup
from palermo.store import Store
from palermo.web.app import create_app

CONTACTS = """
version: "test-1"
illustrative: false
default:
  - kind: hotline
    name: {en: "Verified hotline", fr: "Ligne vérifiée"}
    number: "+33 800 000 111"
countries:
  AE:
    - kind: embassy
      name: {en: "Embassy desk for the Emirates", fr: "Guichet de l'ambassade"}
      url: "https://embassy.example.org"
"""
REGISTRY = "name,licence_number,status,country\nGulf Star Recruitment,AE-1234,revoked,AE\n"


@pytest.fixture
def setup_files(tmp_path: Path) -> CheckSettings:
    (tmp_path / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    (tmp_path / "agencies.csv").write_text(REGISTRY, encoding="utf-8")
    return CheckSettings(
        contacts_file=tmp_path / "contacts.yaml", registry_file=tmp_path / "agencies.csv"
    )


def test_the_page_uses_the_deployments_contacts_and_registry(
    tmp_path: Path, setup_files: CheckSettings
) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    from palermo.store import open_store
    from palermo.store.keys import new_keyring

    store: Store = open_store(url=url, keyring=new_keyring())
    app = create_app(store=store, settings=Settings(database_url=url))
    app.state.check_setup = load_check_setup(setup_files)
    ad = "Apply through Gulf Star Recruitment, Dubai. Cleaners wanted, 2,000 AED a month."
    with TestClient(app) as client:
        html = client.post("/check", data={"text": ad, "country": "AE"}).text
        body = client.post("/api/check-offer", json={"text": ad, "country": "AE"}).json()
    store.engine.dispose()
    assert 'data-code="unlicensed_agency"' in html and "<q>Gulf Star Recruitment</q>" in html
    assert "unlicensed_agency" in {f["code"] for f in body["flags"]}
    assert '<a href="tel:+33800000111">+33 800 000 111</a>' in html
    assert "Embassy desk for the Emirates" in html  # the country of the ad
    assert "Contact details to be filled in" not in html  # verified, not placeholders


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, setup_files: CheckSettings
) -> None:
    monkeypatch.setenv("PALERMO_CHECK_CONTACTS_FILE", str(setup_files.contacts_file))
    monkeypatch.setenv("PALERMO_CHECK_PER_CLIENT", "3")
    setup = load_check_setup()
    assert setup.throttle.spec.per_client == 3 and setup.registry is None
    assert not setup.contacts.illustrative and setup.contacts.version == "test-1"
    assert ContactBook.shipped().illustrative  # what Palermo ships is placeholders only


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- just a list", "not a YAML mapping"),
        ("default:\n  - kind: hotline\n", "lacks"),
        ("default:\n  - kind: pigeon\n    name: {en: x, fr: y}\n", "unknown kind"),
        ("default: [unclosed", "not valid YAML"),
    ],
)
def test_an_unusable_contacts_file_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        load_check_setup(CheckSettings(contacts_file=path))
    assert reason in refused.value.message and str(path) in refused.value.message


def test_a_missing_registry_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="No such registry file"):
        load_check_setup(CheckSettings(registry_file=tmp_path / "none.csv"))
