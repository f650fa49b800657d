"""``palermo ads``: screen a feed of ads, find the networks behind it, check one offer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from palermo.errors import ValidationFailed

if TYPE_CHECKING:
    import polars as pl

    from palermo.recruitment.bulk import FeedScreening
    from palermo.recruitment.registry import AgencyRegistry

ads_app = typer.Typer(
    help="Prevent: screen job, marriage, modelling and study ads, and find their networks.",
    no_args_is_help=True,
)

ENGINE = typer.Option("local", "--engine", help="local (Polars, worker processes) or spark.")
REGISTRY = typer.Option(
    None, "--registry", help="CSV of monitored agencies: name, licence_number, status, country."
)


def _registry(path: Path | None) -> AgencyRegistry | None:
    from palermo.recruitment.deployment import read_registry

    return None if path is None else read_registry(path)


def _progress(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("ads"),
        TimeElapsedColumn(),
        console=console,
    )


def _screen(
    file: Path, registry: Path | None, workers: int | None, signatures: bool, console: Console
) -> tuple[pl.DataFrame, FeedScreening]:
    from palermo.recruitment.bulk import FeedSpec, screen_frame
    from palermo.recruitment.feed import read_feed

    frame = read_feed(file)
    with _progress(console, "screening") as bar:
        task = bar.add_task("screen", total=frame.height)
        result = screen_frame(
            frame,
            spec=FeedSpec(workers=workers),
            registry=_registry(registry),
            with_signatures=signatures,
            on_progress=lambda n: bar.advance(task, n),
        )
    return frame, result


@ads_app.command("screen")
def screen_command(
    file: Path = typer.Argument(..., help="Ads: CSV, Parquet or JSON lines with ad_id and text."),
    out: Path = typer.Option(
        ..., "--out", help="Directory for screening.csv, flags.csv, summary.json."
    ),
    registry: Path = REGISTRY,
    workers: int = typer.Option(
        None, "--workers", help="Worker processes (default: 2 for big feeds)."
    ),
    engine: str = ENGINE,
) -> None:
    """Screen every ad for red flags; write one row per ad and one per flag."""
    console = Console(stderr=True)
    if engine == "spark":
        from palermo.recruitment.spark import screen_feed_spark

        summary = screen_feed_spark(file, out, registry=_registry(registry))
    elif engine == "local":
        from palermo.recruitment.bulk import write_screening

        _, result = _screen(file, registry, workers, False, console)
        summary = write_screening(result, out)
    else:
        raise ValidationFailed(
            f"Unknown engine {engine!r}.", hint="Use --engine local or --engine spark."
        )
    console.print(
        f"Screened {summary['ads']:,} ads: {json.dumps(summary['risk'])}. Files in {out}."
    )


@ads_app.command("networks")
def networks_command(
    file: Path = typer.Argument(..., help="Ads: CSV, Parquet or JSON lines with ad_id and text."),
    out: Path = typer.Option(
        ..., "--out", help="Directory for networks.csv, networks.json, pictures/."
    ),
    registry: Path = REGISTRY,
    pictures: int = typer.Option(10, "--pictures", help="Draw the N largest networks (SVG)."),
    workers: int = typer.Option(
        None, "--workers", help="Worker processes (default: 2 for big feeds)."
    ),
    engine: str = ENGINE,
) -> None:
    """Cluster ads into networks (shared contacts, near-duplicate templates).

    Writes networks.csv (ad_id,network_id), networks.json (evidence) and pictures/."""
    console = Console(stderr=True)
    if engine == "spark":
        from palermo.recruitment.spark import networks_spark

        summary = networks_spark(file, out, registry=_registry(registry), pictures=pictures)
    elif engine == "local":
        from palermo.recruitment.bulk import networks_of, write_networks

        frame, result = _screen(file, registry, workers, True, console)
        with console.status("tying ads into networks"):
            nets = networks_of(result, frame)
            summary = write_networks(
                nets,
                out,
                pictures=pictures,
                risks=dict(zip(result.ad_ids, result.risks, strict=True)),
            )
    else:
        raise ValidationFailed(
            f"Unknown engine {engine!r}.", hint="Use --engine local or --engine spark."
        )
    console.print(
        f"{summary['networks']:,} networks, {summary['ads_in_networks']:,} ads in them. Files "
        f"in {out}."
    )


@ads_app.command("check")
def check_command(
    file: Path = typer.Argument(None, help="A text file with the offer (or - for standard input)."),
    contract: Path = typer.Option(None, "--contract", help="The contract: a text or PDF file."),
    country: str = typer.Option(None, "--country", help="Where the offer was seen (ISO alpha-2)."),
    locale: str = typer.Option(None, "--locale", help="en or fr (default: the text's language)."),
    report: bool = typer.Option(
        False, "--report", help="Print the full report, not only the public JSON."
    ),
) -> None:
    """Check one offer as the public page does, and print the JSON answer."""
    import sys

    from palermo.recruitment import check_offer

    text = (
        ""
        if file is None
        else (sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8"))
    )
    pdf = (
        contract.read_bytes()
        if contract is not None and contract.suffix.lower() == ".pdf"
        else None
    )
    contract_text = (
        contract.read_text(encoding="utf-8") if contract is not None and pdf is None else ""
    )
    result = check_offer(text=text, country=country, contract_text=contract_text, pdf=pdf)
    payload = result.offer.to_report(locale) if report else result.to_dict(locale)
    if report:
        payload["contacts"] = result.contacts_dict(locale)
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.add_typer(ads_app, name="ads")
