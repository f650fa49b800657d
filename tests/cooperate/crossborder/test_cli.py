"""``palermo exchange``: two installations driven from the command line, one after the other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.config import get_settings

runner = CliRunner()


class Site:
    """One installation's environment: its database, encryption keys and exchange keys."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        root.mkdir()
        self.root, self.monkeypatch = root, monkeypatch

    def run(self, *args: str, code: int = 0) -> str:
        self.monkeypatch.setenv("PALERMO_DATABASE_URL", f"sqlite:///{self.root / 'palermo.db'}")
        self.monkeypatch.setenv("PALERMO_KEY_FILE", str(self.root / "palermo.keys"))
        self.monkeypatch.delenv("PALERMO_KEYS", raising=False)
        get_settings.cache_clear()
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.stdout if code == 0 else result.output


def _refer_a_case(site: Site) -> None:
    """A case of Speranta referred to the stand-in of the Belgian shelter (through services)."""
    from sqlalchemy import select

    from palermo.cases.referrals.sending import refer
    from palermo.store import open_store
    from palermo.store.actor import Actor
    from palermo.store.models import Agency
    from tests.factories import open_referrable_case

    site.run("exchange", "peers", "list")  # binds this site's settings
    store = open_store()
    with store.session() as s:
        ids = {a.name: a.id for a in s.scalars(select(Agency))}
    worker = Actor(None, "cli-test", ids["Speranta"], "caseworker", "cli")
    case_id = open_referrable_case(store, worker, to_agency_id=ids["Shelter South"])
    with store.session() as s:
        refer(
            s,
            case_id=case_id,
            to_agency_id=ids["Shelter South"],
            service="shelter",
            shared_fields=["identity"],
            note=None,
            respond_by=None,
            actor=worker,
        )
    store.engine.dispose()


def test_keys_peers_pack_unpack_and_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    md, be = Site(tmp_path / "md", monkeypatch), Site(tmp_path / "be", monkeypatch)
    for site, agency, country, name in (
        (md, "Speranta", "MD", "palermo-md"),
        (be, "Shelter South", "BE", "palermo-be"),
    ):
        site.run("keys", "init")
        site.run("agencies", "add", agency, "--type", "NGO", "--country", country)
        public = json.loads(site.run("exchange", "keys", "init", "--name", name))
        assert {k["crv"] for k in public["keys"]} == {"Ed25519", "X25519"}
        assert all("d" not in k for k in public["keys"])  # no private half printed
        (tmp_path / f"{name}.pub").write_text(json.dumps(public))
        assert json.loads(site.run("exchange", "keys", "show")) == public
    md.run(
        "exchange",
        "peers",
        "add",
        "palermo-be",
        str(tmp_path / "palermo-be.pub"),
        "--agency",
        "Shelter South",
        "--country",
        "BE",
        "--type",
        "Shelter",
    )
    be.run(
        "exchange",
        "peers",
        "add",
        "palermo-md",
        str(tmp_path / "palermo-md.pub"),
        "--agency",
        "Speranta",
        "--country",
        "MD",
    )
    assert "palermo-be\tShelter South" in md.run("exchange", "peers", "list")
    _refer_a_case(md)
    bundle = tmp_path / "to-be.jwe"
    packed = md.run(
        "exchange", "pack", "--to", "palermo-be", "--agency", "Speranta", "--out", str(bundle)
    )
    assert "1 referral(s), 0 answer(s), 0 revocation(s)" in packed
    assert bundle.read_text().count(".") == 4  # a JWE compact serialisation
    assert "1 referral(s) received" in be.run("exchange", "unpack", str(bundle))
    again = be.run("exchange", "unpack", str(bundle), code=2)
    assert "received before" in again
    wrong = md.run("exchange", "unpack", str(bundle), code=2)  # the sender cannot open it
    assert "another installation" in wrong
    listed = be.run("exchange", "bundles").splitlines()
    assert len(listed) == 1 and listed[0].startswith("in\tpalermo-md\t")
    assert "referrals 1" in listed[0]
    crossed = be.run("exchange", "referrals", "--agency", "Shelter South")
    assert "in\tpalermo-md\tpalermo-md:1\t" in crossed and crossed.rstrip().endswith("in_progress")
    assert md.run("exchange", "referrals", "--agency", "Speranta").startswith("out\tpalermo-be")


def test_peers_rotate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from palermo.linkage.envelope import InstallationKeys

    be = Site(tmp_path / "be", monkeypatch)
    be.run("keys", "init")
    be.run("exchange", "keys", "init", "--name", "palermo-be")
    old, new = InstallationKeys.generate("palermo-md"), InstallationKeys.generate("palermo-md")
    for keys, file in ((old, "old.pub"), (new, "new.pub")):
        (tmp_path / file).write_text(json.dumps(keys.public_jwks()))
    be.run("exchange", "peers", "add", "palermo-md", str(tmp_path / "old.pub"),
           "--agency", "Speranta", "--country", "MD")  # fmt: skip
    rotated = be.run("exchange", "peers", "rotate", "palermo-md", str(tmp_path / "new.pub"))
    assert new.as_peer().signing_kid in rotated and "old key are refused" in rotated
    same = be.run("exchange", "peers", "rotate", "palermo-md", str(tmp_path / "new.pub"), code=2)
    assert "already" in same
    unknown = be.run("exchange", "peers", "rotate", "palermo-xx", str(tmp_path / "new.pub"), code=2)
    assert "No peer installation named 'palermo-xx'" in unknown
