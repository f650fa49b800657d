"""``palermo pprl``: privacy-preserving linkage (encode: data holders; match: linkage unit)."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

pprl_app = typer.Typer(
    help="Privacy-preserving linkage: hardened Bloom-filter encodings (CLKs) and their matching.",
    no_args_is_help=True,
)


@pprl_app.command("new-secret")
def new_secret_command(
    out: Path = typer.Option(
        ..., "--out", help="Where to write the agreement's secret (owner-only)."
    ),
) -> None:
    """Make a secret for one sharing agreement: for both data holders, never the linkage unit."""
    from palermo.errors import Conflict
    from palermo.linkage.pprl import new_secret

    if out.exists():
        raise Conflict(
            f"{out} exists already.", hint="Choose another file; a secret is never overwritten."
        )
    handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as f:
        f.write(new_secret() + b"\n")
    typer.echo(f"Secret written to {out} (owner-only).")


@pprl_app.command("schema")
def schema_command(
    out: Path = typer.Option(None, "--out", help="Write the schema here instead of printing it."),
) -> None:
    """Print the hardened default encoding schema (publish it with the agreement)."""
    from palermo.linkage.pprl import default_spec

    spec = default_spec()
    if out is None:
        typer.echo(spec.to_json(), nl=False)
        return
    out.write_text(spec.to_json(), encoding="utf-8")
    typer.echo(f"Schema {spec.id} ({spec.fingerprint[:16]}) written to {out}.")


@pprl_app.command("encode")
def encode_command(
    file: Path = typer.Argument(
        ..., help="HTCDS-shaped records, CSV or Parquet (palermo simulate writes both)."
    ),
    out: Path = typer.Option(
        ..., "--out", help="The .clk file to write (record ids and bits only)."
    ),
    secret_file: Path = typer.Option(..., "--secret-file", help="The sharing agreement's secret."),
    schema: Path = typer.Option(
        None, "--schema", help="Encoding schema JSON (default: the hardened default)."
    ),
) -> None:
    """Encode records as a data holder: names, birth date, sex, place of birth -> hardened CLKs."""
    from palermo.linkage.pprl import default_spec, load_secret, load_spec
    from palermo.linkage.pprl.clk_encode import encode_file

    spec = load_spec(schema) if schema is not None else default_spec()
    secret = load_secret(secret_file)
    with Progress(
        TextColumn("encoding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("encode", total=None)
        clks = encode_file(
            file,
            spec=spec,
            secret=secret,
            out=out,
            progress=lambda n: bar.advance(task, n),
            on_start=lambda n: bar.update(task, total=n),
        )
    typer.echo(
        f"{len(clks)} records encoded under schema {spec.id} ({spec.fingerprint[:16]}) into {out}."
    )


@pprl_app.command("match")
def match_command(
    file_a: Path = typer.Argument(..., help="First data holder's .clk file."),
    file_b: Path = typer.Argument(..., help="Second data holder's .clk file."),
    out: Path = typer.Option(
        ..., "--out", help="CSV to write: record_id_a,record_id_b,similarity."
    ),
    threshold: float = typer.Option(
        None, "--threshold", help="Dice threshold (default 0.7; 0.5 for closed 1:1 populations)."
    ),
    assignment: str = typer.Option(
        "greedy", help="greedy | hungarian (1:1 links) | none (all candidates)."
    ),
    blocking: str = typer.Option("auto", help="auto | all (every pair) | lsh (bit-sampling LSH)."),
    schema: Path = typer.Option(
        None, "--schema", help="The agreement's schema: refuse files encoded otherwise."
    ),
) -> None:
    """Link two .clk files as the linkage unit (no secret needed, none accepted)."""
    from palermo.linkage.pprl import DEFAULT_THRESHOLD, MatchSpec, load_spec
    from palermo.linkage.pprl.clk_match import match_files

    spec = MatchSpec(
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        assignment=assignment,  # type: ignore[arg-type]
        blocking=blocking,
        expected=load_spec(schema) if schema is not None else None,
    )
    with Console(stderr=True).status("comparing encodings"):
        result = match_files(file_a, file_b, spec=spec, out=out)
    typer.echo(
        f"{len(result.similarity)} links written to {out} "
        f"({result.candidates} candidate pairs at or above {spec.threshold}, "
        f"{spec.assignment} assignment)."
    )
    typer.echo(
        f"{result.compared:,} candidate pairs compared ({result.blocking}) "
        f"in {result.seconds_compare:.2f} s: "
        f"{result.pairs_per_second / 1e6:,.1f} M pairs/s."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(pprl_app, name="pprl")
