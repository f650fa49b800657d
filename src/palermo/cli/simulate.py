"""``palermo simulate``: write a seeded synthetic world (or ``simulate ads``: a feed of ads)
with ground truth to a directory."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from palermo.errors import ValidationFailed

simulate_app = typer.Typer(
    help="Simulate victims, agencies and their noisy HTCDS records (or, with 'ads', a feed "
    "of ads), with ground truth.",
    invoke_without_command=True,
)


@simulate_app.callback()
def simulate(
    ctx: typer.Context,
    victims: int = typer.Option(10_000, "--victims", help="True number of victims."),
    agencies: int = typer.Option(6, "--agencies", help="Number of agencies keeping records."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same files."),
    out: Path = typer.Option(None, "--out", help="Directory to write the world to."),
    output_format: str = typer.Option(
        "csv,parquet", "--format", help="Comma-separated: csv, parquet."
    ),
    preset: str = typer.Option("national", "--preset", help="national or regional."),
    countries: str = typer.Option(
        "", "--countries", help="Comma-separated destination countries (ISO alpha-2)."
    ),
    chunk_size: int = typer.Option(50_000, "--chunk-size", help="Victims generated at a time."),
) -> None:
    """Simulate victims, agencies and their noisy HTCDS records, with ground truth."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise typer.BadParameter("Missing option '--out'.", param_hint="'--out'")
    from palermo.simulate import WorldSpec, write_world

    formats = tuple(f.strip() for f in output_format.split(",") if f.strip())
    if not formats:
        raise ValidationFailed("No output format given.", hint="Use --format csv,parquet.")
    spec = WorldSpec(
        victims=victims,
        agencies=agencies,
        seed=seed,
        preset=preset,
        chunk_size=chunk_size,
        countries=tuple(c.strip().upper() for c in countries.split(",") if c.strip()),
    )
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("victims"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("simulate", total=victims)
        summary = write_world(
            spec, out, formats=formats, on_chunk=lambda n: progress.advance(task, n)
        )
    console.print(
        f"Wrote {summary.total_records:,} records of {summary.observed:,} identified victims "
        f"(true total {summary.true_total:,}) from {len(summary.records)} agencies to {out}."
    )


@simulate_app.command("ads")
def simulate_ads(
    n: int = typer.Option(10_000, "--n", help="Number of ads."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same files."),
    out: Path = typer.Option(..., "--out", help="Directory to write the feed to."),
    output_format: str = typer.Option(
        "parquet", "--format", help="Comma-separated: parquet, csv, jsonl."
    ),
    network_share: float = typer.Option(
        0.2, "--network-share", help="Share of ads posted by planted networks."
    ),
    decoy_share: float = typer.Option(
        0.1, "--decoy-share", help="Share of ads posted by licensed agencies with templates."
    ),
    french_share: float = typer.Option(0.4, "--french-share", help="Share of ads in French."),
) -> None:
    """Simulate a feed of job, study, marriage, modelling and au-pair ads with planted networks."""
    from palermo.simulate.ads import AdsSpec, write_ads

    spec = AdsSpec(
        n=n,
        seed=seed,
        network_share=network_share,
        decoy_share=decoy_share,
        french_share=french_share,
    )
    formats = tuple(f.strip() for f in output_format.split(",") if f.strip())
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("ads"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("ads", total=n)
        summary = write_ads(
            spec, out, formats=formats, on_chunk=lambda k: progress.advance(task, k)
        )
    console.print(
        f"Wrote {summary.ads:,} ads "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(summary.kinds.items()))}) "
        f"from {summary.networks} planted networks and {summary.decoys} decoy agencies to {out}."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(simulate_app, name="simulate")
