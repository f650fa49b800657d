"""``palermo publish``: differentially private tables and synthetic data from CTDC rows,
read from a CTDC file (``--input``) or built from Palermo's database (``--from-db``, as the
national coordinator: shell access to the server is the authority; audited as
``system:publish-...``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from palermo.errors import FieldProblem, ValidationFailed

if TYPE_CHECKING:
    from palermo.publishing import FileLedger
    from palermo.store import Actor, Store

publish_app = typer.Typer(
    help="Statistics that cannot re-identify anyone (differential privacy).",
    no_args_is_help=True,
)

_YEARS_HELP = "Registration years the input may hold, FIRST-LAST (the known domain)."
_LEDGER_HELP = "Privacy ledger JSON (default: beside the input, INPUT.privacy-ledger.json)."


def _years(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    try:
        return int(first), int(last or first)
    except ValueError:
        raise ValidationFailed(
            f"Cannot read the years {text!r}.",
            problems=[FieldProblem("years", "not FIRST-LAST", value=text)],
            hint="Give --years like 2019-2024.",
        ) from None


_FROM_DB_HELP = (
    "Read the cases of Palermo's database (every agency) instead of --input; the ledger "
    "is then the database's unless --ledger is given."
)
_RECORDS_HELP = (
    "With --from-db and no linkage run yet: publish with each case record as the privacy "
    "unit (a person known to several agencies is then protected less)."
)


def _source(
    input_file: Path | None, from_db: bool, years: str | None, *, years_needed: bool = False
) -> Path:
    if from_db == (input_file is not None):
        raise ValidationFailed(
            "Give either --input FILE or --from-db.",
            problems=[FieldProblem("input", "exactly one of --input and --from-db")],
        )
    if (input_file is not None or years_needed) and not years:
        raise ValidationFailed(
            "--years is needed: the registration years the data may hold.",
            problems=[FieldProblem("years", "missing")],
            hint="Give --years like 2019-2024.",
        )
    return input_file or Path("palermo")


def _store() -> Store:
    from palermo.store import open_store

    return open_store()


def _national(job: str) -> Actor:
    from palermo.stats.scope import national_actor

    return national_actor(job)


def _ledger(path: Path | None, source: Path, budget: float) -> FileLedger:
    from palermo.publishing import FileLedger

    return FileLedger(
        path or source.with_name(source.name + ".privacy-ledger.json"), default_budget=budget
    )


@publish_app.command("ctdc")
def ctdc_command(
    world: Path = typer.Option(..., "--world", help="Directory written by `palermo simulate`."),
    years: str = typer.Option(..., "--years", help=_YEARS_HELP),
    out: Path = typer.Option(..., "--out", help="CTDC CSV to write, one row per true person."),
) -> None:
    """Turn a simulated world's records into CTDC rows, one per person (ground truth key)."""
    import polars as pl

    from palermo.publishing import Layout, ctdc_rows

    truth = world / "ground_truth.csv"
    agencies = sorted(p for p in world.glob("A*.csv"))
    if not truth.exists() or not agencies:
        raise ValidationFailed(
            f"{world} holds no simulated world (agency CSVs and ground_truth.csv).",
            hint="Write one with `palermo simulate --out DIR --format csv`.",
        )
    records = pl.concat(
        [pl.read_csv(p, infer_schema_length=0) for p in agencies], how="diagonal_relaxed"
    ).with_columns(
        pl.col("plm_IdentificationYear").cast(pl.Int64),
        pl.col("vic_AgeWhenTrafficked").cast(pl.Int64),
    )
    key = pl.read_csv(truth, infer_schema_length=0).select("record_id", "person_id")
    records = records.join(key, on="record_id", how="left")
    rows = ctdc_rows(records, person_key="person_id", layout=Layout(_years(years)))
    rows.write_csv(out)
    Console(stderr=True).print(f"Wrote {rows.height:,} persons in the CTDC layout to {out}.")


@publish_app.command("tables")
def tables_command(
    input_file: Path = typer.Option(None, "--input", help="CTDC CSV, one row per person."),
    from_db: bool = typer.Option(False, "--from-db", help=_FROM_DB_HELP),
    allow_records: bool = typer.Option(False, "--allow-records", help=_RECORDS_HELP),
    year: int = typer.Option(..., "--year", help="Registration year to publish."),
    epsilon: float = typer.Option(..., "--epsilon", help="Privacy loss of this release."),
    out: Path = typer.Option(..., "--out", help="New directory for the CSV tables."),
    years: str = typer.Option(None, "--years", help=_YEARS_HELP + " Not with --from-db."),
    ledger: Path = typer.Option(None, "--ledger", help=_LEDGER_HELP),
    dataset: str = typer.Option(None, "--dataset", help="Dataset name (default: input stem)."),
    budget: float = typer.Option(2.0, "--budget", help="Epsilon per dataset and year."),
    max_forms: int = typer.Option(2, "--max-forms", help="Forms one person is counted under."),
    population: Path = typer.Option(None, "--population", help="WPP single-age CSV: SDG 16.2.2."),
    country: str = typer.Option(None, "--country", help="ISO alpha-2 country of --population."),
    table: list[str] = typer.Option(
        [],
        "--table",
        help="A table's dimensions, comma-separated (repeat; default: the standard set).",
    ),
) -> None:
    """Publish DP tables of one year with 95% margins; refuses a release over budget."""
    from palermo.publishing import SDG_TABLES, TablesSpec, publish_tables, read_ctdc
    from palermo.publishing.layout import Layout
    from palermo.publishing.sdg import read_population
    from palermo.publishing.tables import DEFAULT_TABLES

    source = _source(input_file, from_db, years)
    span = (year, year) if from_db else _years(years)
    tables = (
        tuple(tuple(d.strip() for d in t.split(",") if d.strip()) for t in table)
        if table
        else DEFAULT_TABLES
    )
    pop = None
    if population is not None:
        if not country:
            raise ValidationFailed("--population needs --country.", hint="E.g. --country GB.")
        pop = read_population(population, country=country.upper(), year=year)
        tables = tuple(dict.fromkeys((*tables, *SDG_TABLES)))
    spec = TablesSpec(year=year, epsilon=epsilon, years=span, tables=tables, max_forms=max_forms)
    with Console(stderr=True).status("adding noise to the tables"):
        if from_db:
            from palermo.stats.publication import DATASET, publish_tables_from_store

            published = publish_tables_from_store(
                _store(),
                actor=_national("publish-tables"),
                spec=spec,
                out=out,
                dataset=dataset or DATASET,
                default_budget=budget,
                population=pop,
                allow_records=allow_records,
                ledger=_ledger(ledger, Path("."), budget) if ledger else None,
            )
        else:
            frame = read_ctdc(str(source), Layout(span))
            published = publish_tables(
                frame,
                spec,
                ledger=_ledger(ledger, source, budget),
                dataset=dataset or source.stem,
                out=out,
                population=pop,
            )
    console = Console()
    for entry in published.manifest["tables"]:
        console.print(
            f"{entry['name']}: {entry['cells']} cells, {entry['suppressed_cells']} suppressed, "
            f"+/- {entry['margin']:.1f} (95%), epsilon {entry['epsilon']:.3g}"
        )
    console.print(
        f"Wrote {len(published.files)} files to {out}; epsilon left for {year}: "
        f"{published.remaining[year]:g}."
    )


@publish_app.command("synthetic")
def synthetic_command(
    input_file: Path = typer.Option(None, "--input", help="CTDC CSV, one row per person."),
    from_db: bool = typer.Option(False, "--from-db", help=_FROM_DB_HELP),
    allow_records: bool = typer.Option(False, "--allow-records", help=_RECORDS_HELP),
    epsilon: float = typer.Option(..., "--epsilon", help="Privacy loss of this release."),
    out: Path = typer.Option(..., "--out", help="CSV of synthetic persons to write."),
    years: str = typer.Option(..., "--years", help=_YEARS_HELP),
    ledger: Path = typer.Option(None, "--ledger", help=_LEDGER_HELP),
    dataset: str = typer.Option(None, "--dataset", help="Dataset name (default: input stem)."),
    budget: float = typer.Option(2.0, "--budget", help="Epsilon per dataset and year."),
    seed: int = typer.Option(0, "--seed", help="Seed of the sampling of rows (not of the noise)."),
    report: Path = typer.Option(None, "--report", help="Also write the utility report (JSON)."),
    columns: str = typer.Option("", "--columns", help="Comma-separated CTDC columns (all)."),
) -> None:
    """Publish DP synthetic CTDC rows (MST); charged to every year of --years."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from palermo.publishing import SyntheticSpec, publish_synthetic, read_ctdc, utility_report
    from palermo.publishing.layout import Layout

    source = _source(input_file, from_db, years, years_needed=True)
    span = _years(years)
    chosen = tuple(c.strip() for c in columns.split(",") if c.strip())
    spec = SyntheticSpec(epsilon=epsilon, years=span, seed=seed, columns=chosen)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("synthesising", total=None)
        if from_db:
            from palermo.stats.publication import DATASET, publish_synthetic_from_store

            published, result, frame = publish_synthetic_from_store(
                _store(),
                actor=_national("publish-synthetic"),
                spec=spec,
                out=out,
                dataset=dataset or DATASET,
                default_budget=budget,
                allow_records=allow_records,
                ledger=_ledger(ledger, Path("."), budget) if ledger else None,
                progress=lambda step: bar.update(task, description=step),
            )
        else:
            frame = read_ctdc(str(source), Layout(span))
            published, result = publish_synthetic(
                frame,
                spec,
                ledger=_ledger(ledger, source, budget),
                dataset=dataset or source.stem,
                out=out,
                progress=lambda step: bar.update(task, description=step),
            )
    console = Console()
    console.print(f"Wrote {result.frame.height:,} synthetic persons to {out}.")
    if report is not None:
        utility = utility_report(frame, result.frame, years=span)
        report.write_text(json.dumps(utility.to_dict(), indent=2))
        _print_utility(console, utility)
        console.print(f"Utility report (exact, for the publisher only) written to {report}.")
    left = min(published.remaining.values())
    console.print(f"Epsilon left: {left:g} for the year with least.")


@publish_app.command("utility")
def utility_command(
    real: Path = typer.Option(..., "--real", help="The real CTDC CSV."),
    synthetic: Path = typer.Option(..., "--synthetic", help="The synthetic CTDC CSV."),
    years: str = typer.Option(..., "--years", help=_YEARS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON."),
) -> None:
    """One- and two-way marginal distances of synthetic to real data, and pairs lost."""
    import polars as pl

    from palermo.publishing import read_ctdc, utility_report
    from palermo.publishing.layout import Layout

    span = _years(years)
    header = pl.read_csv(synthetic, n_rows=0).columns
    layout = Layout(span, tuple(n for n in Layout(span).names if n in header))
    result = utility_report(
        read_ctdc(str(real), layout), read_ctdc(str(synthetic), layout), years=span
    )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _print_utility(Console(), result)


def _print_utility(console: Console, result: object) -> None:
    d = result.to_dict()  # type: ignore[attr-defined]
    console.print(
        f"mean one-way TVD {d['mean_one_way_tvd']:.4f}; mean two-way TVD "
        f"{d['mean_two_way_tvd']:.4f} (max {d['max_two_way_tvd']:.4f}); pairs lost "
        f"{d['pairs_lost']} of {d['pairs']} ({d['share_pairs_lost']:.1%}): {d['lost_rule']}."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(publish_app, name="publish")
