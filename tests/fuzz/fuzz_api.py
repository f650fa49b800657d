"""``make fuzz``: schemathesis against the served app's OpenAPI, as a signed-in caseworker.

Builds a small database (two agencies, a caseworker with an API token, a few cases with
consents and a referral), serves it with ``palermo serve`` on a free loopback port, and runs
``schemathesis run`` for a bounded time with the caseworker's bearer token. Every check is
on but "positive data acceptance" (business rules refuse some schema-valid requests with a
documented 409 or 422); the run fails on any server error, any status code, header, content
type or body the OpenAPI document does not describe, and any unsafe acceptance.
Exit code: schemathesis's.

    python tests/fuzz/fuzz_api.py [--max-time SECONDS] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _world(env: dict[str, str]) -> str:
    """The database and the caseworker's token (built in this process, then served)."""
    os.environ.update(env)
    from palermo import cases
    from palermo.accounts import service as accounts
    from palermo.cases.consent.recording import ConsentCreate, record_consent
    from palermo.cases.record.schemas import CaseCreate, EventData, PersonData
    from palermo.cases.referrals.sending import refer
    from palermo.config import get_settings
    from palermo.store import open_store
    from palermo.store.actor import Actor
    from palermo.store.keys import new_keyring, write_keyring
    from palermo.vocab.protect import InformedOf

    get_settings.cache_clear()
    write_keyring(new_keyring(), Path(env["PALERMO_KEY_FILE"]))
    store = open_store()
    system = Actor.system("fuzz")
    with store.session() as s:
        north = accounts.create_agency(s, name="NGO North", type="NGO", country="NL", actor=system)
        south = accounts.create_agency(
            s, name="Shelter South", type="NGO", country="NL", actor=system
        )
        user = accounts.create_user(
            s, username="fuzzer", password="fuzzing password", role="caseworker",
            agency_id=north.id, actor=system,
        )  # fmt: skip
        accounts.create_user(
            s, username="other", password="fuzzing password", role="caseworker",
            agency_id=south.id, actor=system,
        )  # fmt: skip
        actor = accounts.actor_of(user, "127.0.0.1")
        token = accounts.issue_token(s, username="fuzzer", actor=system)
        south_id = south.id
    for i in range(3):
        with store.session() as s:
            case = cases.open_case(
                s,
                data=CaseCreate(
                    person=PersonData(given_name=f"Ana{i}", family_name="Lupu"),
                    events=[EventData(type="Recruitment", country="RO", city="Iasi")],
                ),
                actor=actor,
            )
            for purpose, agency in (("referral", None), ("sharing", south_id)):
                record_consent(
                    s,
                    case_id=case.id,
                    data=ConsentCreate(
                        purpose=purpose, informed_of=list(InformedOf), shared_with_agency_id=agency
                    ),
                    actor=actor,
                )
            refer(
                s, case_id=case.id, to_agency_id=south_id, service=None,
                shared_fields=["identity"], note=None, respond_by=None, actor=actor,
            )  # fmt: skip
    store.close()
    return token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-time", type=int, default=int(os.environ.get("FUZZ_SECONDS", 180)))
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="palermo-fuzz-"))
    env = {
        "PALERMO_DATABASE_URL": f"sqlite:///{folder / 'fuzz.db'}",
        "PALERMO_KEY_FILE": str(folder / "palermo.keys"),
        "PALERMO_AUDIT_CHECKPOINTS": str(folder / "audit-checkpoints.jsonl"),
        "PALERMO_INSECURE_COOKIES": "1",
    }
    token = _world(env)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "palermo"), "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # A loaded machine takes a while to import the app; a server that died says so.
        deadline = time.monotonic() + 180
        while server.poll() is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/openapi.json", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        else:
            print(f"palermo serve did not answer on {base} (exit code {server.poll()}).")
            return 2
        run = subprocess.run(
            [
                str(BIN / "schemathesis"), "run", f"{base}/openapi.json",
                "--header", f"Authorization: Bearer {token}",
                "--checks", "all",
                # Business rules (a consent's checklist, a decision's stage...) refuse
                # schema-valid requests with a documented 409/422: that is not a fault.
                "--exclude-checks", "positive_data_acceptance",
                "--max-time", str(args.max_time),
                "--seed", str(args.seed),
                "--workers", "2",
                "--request-timeout", "30",
                "--report", "junit",
                "--report-dir", str(folder / "report"),
            ],
            check=False,
            cwd=folder,  # schemathesis keeps its replay cassettes in the working folder
        )  # fmt: skip
        print(f"Fuzzing report and database in {folder}")
        return run.returncode
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
