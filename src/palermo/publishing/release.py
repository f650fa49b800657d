"""Releases: check the budget, compute, charge the ledger, then write the files.

Nothing is written when the budget is short or the input is bad. The ledger is charged
before the files appear, so a crash while writing can waste budget but never publish an
uncharged release. Files are written under a temporary name and moved into place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from palermo.errors import Conflict
from palermo.publishing.layout import Layout
from palermo.publishing.ledger import PrivacyLedger
from palermo.publishing.sdg import Population, victims_per_100k
from palermo.publishing.synthetic import SyntheticResult, SyntheticSpec, synthesize
from palermo.publishing.tables import TablesResult, TablesSpec, release_tables


@dataclass(frozen=True)
class Published:
    """What a release wrote and what its dataset-years have left."""

    files: tuple[Path, ...]
    epsilon: float
    remaining: dict[int, float]
    manifest: dict[str, Any]


def _fresh_dir(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise Conflict(
            f"{out} already exists and is not an empty directory.",
            hint="Give a new --out directory; a release never overwrites another.",
        )


def _write_dir(out: Path, files: dict[str, Callable[[Path], object]]) -> tuple[Path, ...]:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a release is meant to be read
    try:
        for name, write in files.items():
            write(tmp / name)
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tuple(out / name for name in files)


def publish_tables(
    frame: pl.DataFrame,
    spec: TablesSpec,
    *,
    ledger: PrivacyLedger,
    dataset: str,
    out: Path,
    population: Population | None = None,
    about: dict[str, Any] | None = None,
) -> Published:
    """DP tables of ``spec.year`` as CSV files in ``out`` plus ``release.json``.

    With ``population`` the release also writes ``sdg_16_2_2.csv`` (its tables must hold
    :data:`palermo.publishing.sdg.SDG_TABLES`). ``about`` adds entries to the manifest
    (where the rows came from, their unit).
    """
    _fresh_dir(out)
    ledger.check(dataset=dataset, years=[spec.year], epsilon=spec.epsilon)
    result = release_tables(frame, spec)
    rates = victims_per_100k(result, population) if population is not None else None
    ledger.charge(
        dataset=dataset, years=[spec.year], epsilon=spec.epsilon, release=f"tables -> {out}"
    )
    manifest = {**_manifest(result, dataset, ledger), **(about or {})}
    files: dict[str, Callable[[Path], object]] = {
        f"{t.name}.csv": t.frame.write_csv for t in result.tables
    }
    if rates is not None:
        files["sdg_16_2_2.csv"] = rates.write_csv
    files["release.json"] = lambda p: p.write_text(json.dumps(manifest, indent=2))
    written = _write_dir(out, files)
    return Published(written, spec.epsilon, manifest["remaining"], manifest)


def _manifest(result: TablesResult, dataset: str, ledger: PrivacyLedger) -> dict[str, Any]:
    manifest = {"dataset": dataset, **result.manifest()}
    year = result.spec.year
    manifest["remaining"] = {year: ledger.remaining(dataset=dataset, year=year)}
    return manifest


def publish_synthetic(
    frame: pl.DataFrame,
    spec: SyntheticSpec,
    *,
    ledger: PrivacyLedger,
    dataset: str,
    out: Path,
    progress: Callable[[str], None] | None = None,
    about: dict[str, Any] | None = None,
) -> tuple[Published, SyntheticResult]:
    """Synthetic CTDC rows as a CSV at ``out`` (and ``out`` + ``.json``, the manifest).

    Charged to every year of ``spec.years``: the model reads every person of each.
    ``about`` adds entries to the manifest.
    """
    if out.exists():
        raise Conflict(f"{out} already exists.", hint="Give a new --out file.")
    years = [int(y) for y in Layout(spec.years).column("yearOfRegistration").codes]
    ledger.check(dataset=dataset, years=years, epsilon=spec.epsilon)
    result = synthesize(frame, spec, progress=progress)
    ledger.charge(dataset=dataset, years=years, epsilon=spec.epsilon, release=f"synthetic -> {out}")
    remaining = {y: ledger.remaining(dataset=dataset, year=y) for y in years}
    manifest: dict[str, Any] = {
        "dataset": dataset,
        "epsilon": spec.epsilon,
        "epsilon_spent": result.epsilon_spent,
        "privacy": "pure epsilon-differential privacy; the unit is one person",
        "method": "MST on OpenDP measurements, fitted with Private-PGM (mbi)",
        "years": list(spec.years),
        "rows": result.frame.height,
        "pairs_measured": [list(p) for p in result.pairs],
        "remaining": remaining,
        **(about or {}),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = out.with_name(out.name + ".json")
    written = []
    writers: tuple[tuple[Path, Callable[[Path], object]], ...] = (
        (out, result.frame.write_csv),
        (meta, lambda p: p.write_text(json.dumps(manifest, indent=2))),
    )
    for path, write in writers:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        os.close(fd)
        try:
            write(Path(tmp))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        written.append(path)
    return Published(tuple(written), spec.epsilon, remaining, manifest), result
