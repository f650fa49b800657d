"""``palermo simulate``: write a seeded synthetic world with ground truth to a directory."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from palermo.errors import ValidationFailed


def simulate(
    victims: int = typer.Option(10_000, "--victims", help="True number of victims."),
    agencies: int = typer.Option(6, "--agencies", help="Number of agencies keeping records."),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same files."),
    out: Path = typer.Option(..., "--out", help="Directory to write the world to."),
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


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)
