"""Benchmark of cross-border bundles: packing and unpacking N referrals between two
installations (two SQLite databases), with the bundle's size.

    .venv/bin/python bench/bench_exchange.py [--referrals 200]

Figures: wall time to pack N referrals (cases cut to their field groups, consents,
seal), to unpack them (verify, open N cases, record 2N consents, N referrals, all
audited), the bundle's size in bytes and per referral, and the time to refuse the same
bundle a second time (a replay). The load average is printed first: figures taken
while other work runs are noisy.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from palermo.accounts import service as accounts  # noqa: E402
from palermo.cases.referrals.sending import refer  # noqa: E402
from palermo.cooperate.crossborder import add_peer, pack_bundle, unpack_bundle  # noqa: E402
from palermo.linkage.envelope import BundleRefused, InstallationKeys  # noqa: E402
from palermo.store import Store, open_store  # noqa: E402
from palermo.store.actor import Actor  # noqa: E402
from palermo.store.keys import new_keyring  # noqa: E402
from palermo.store.models import ExchangePeer  # noqa: E402
from tests.factories import open_referrable_case  # noqa: E402

ADMIN = Actor.system("bench-exchange")


def _site(path: Path, agency: str, country: str) -> tuple[Store, Actor]:
    store = open_store(url=f"sqlite:///{path}", keyring=new_keyring())
    with store.session() as s:
        own = accounts.create_agency(s, name=agency, type="NGO", country=country, actor=ADMIN)
    return store, Actor(None, f"worker-{country}", own.id, "caseworker", "bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=200)
    n = parser.parse_args().referrals
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        md, md_worker = _site(root / "md.db", "Speranta", "MD")
        be, _ = _site(root / "be.db", "Shelter South", "BE")
        md_keys, be_keys = (
            InstallationKeys.generate("palermo-md"),
            InstallationKeys.generate("palermo-be"),
        )
        for store, keys, agency, country in (
            (md, be_keys, "Shelter South", "BE"),
            (be, md_keys, "Speranta", "MD"),
        ):
            with store.session() as s:
                add_peer(
                    s,
                    name=keys.name,
                    public_jwks=keys.public_jwks(),
                    agency_name=agency,
                    agency_country=country,
                    actor=ADMIN,
                )
        with md.session() as s:
            stand_in = s.scalar(select(ExchangePeer.agency_id))
        for _ in range(n):
            case_id = open_referrable_case(md, md_worker, to_agency_id=stand_in)
            with md.session() as s:
                refer(
                    s,
                    case_id=case_id,
                    to_agency_id=stand_in,
                    service="shelter",
                    shared_fields=["identity", "birth_date", "citizenship", "journey"],
                    note="Arrives Friday.",
                    respond_by=None,
                    actor=md_worker,
                )
        start = time.perf_counter()
        with md.session() as s:
            bundle = pack_bundle(s, keys=md_keys, peer_name="palermo-be", actor=md_worker).bundle
        packed = time.perf_counter() - start
        start = time.perf_counter()
        with be.session() as s:
            result = unpack_bundle(s, bundle=bundle, keys=be_keys, actor=ADMIN)
        unpacked = time.perf_counter() - start
        assert result.referrals == n
        start = time.perf_counter()
        try:
            with be.session() as s:
                unpack_bundle(s, bundle=bundle, keys=be_keys, actor=ADMIN)
        except BundleRefused as exc:
            assert exc.reason == "replayed"
        replay = time.perf_counter() - start
        size = len(bundle.encode("ascii"))
        print(f"referrals                 {n}")
        per_pack, per_unpack = packed / n * 1000, unpacked / n * 1000
        print(f"pack                      {packed:.2f} s ({per_pack:.1f} ms per referral)")
        print(f"unpack                    {unpacked:.2f} s ({per_unpack:.1f} ms per referral)")
        print(f"bundle size               {size} bytes ({size / n:.0f} per referral)")
        print(f"replay refused in         {replay * 1000:.1f} ms")
        md.engine.dispose()
        be.engine.dispose()


if __name__ == "__main__":
    main()
