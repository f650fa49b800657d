"""``palermo report sdg``: the UNODC GLOTIP / SDG 16.2.2 report from Palermo's database.

Acts as the national coordinator (shell access to the server is the authority); the read
is audited as ``system:report-sdg``.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

report_app = typer.Typer(
    help="Reports for national and international bodies.", no_args_is_help=True
)


@report_app.command("sdg")
def sdg_command(
    year: int = typer.Option(..., "--year", help="Year of identification to report."),
    population: Path = typer.Option(
        ..., "--population", help="Population CSV in the UN WPP single-age layout."
    ),
    out: Path = typer.Option(..., "--out", help="FILE.xlsx or FILE.html to write."),
    country: str = typer.Option(
        None,
        "--country",
        help="ISO alpha-2 code (default: the country of the population file, if it holds one).",
    ),
    epsilon: float = typer.Option(
        None,
        "--epsilon",
        help="Differentially private counts at this epsilon, charged to the "
        "privacy ledger (default: exact counts with small counts hidden).",
    ),
    locale: str = typer.Option("en", "--locale", help="Language of the report: en or fr."),
) -> None:
    """Victims detected per 100,000 population by sex, age band and form (SDG 16.2.2)."""
    from palermo.errors import Conflict
    from palermo.publishing import read_population
    from palermo.stats.justice_source import justice_tables
    from palermo.stats.scope import national_actor
    from palermo.stats.sdg_export import write_report
    from palermo.stats.sdg_report import sdg_report
    from palermo.store import open_store

    if out.exists():
        raise Conflict(f"{out} already exists.", hint="Give a new --out file.")
    code = (country or _only_country(population)).upper()
    pop = read_population(population, country=code, year=year)
    store = open_store()
    actor = national_actor("report-sdg")
    with store.session() as session:
        justice = justice_tables(session, country=code, year=year, locale=locale)
    with Console(stderr=True).status("counting"):
        report = sdg_report(
            store, actor=actor, year=year, population=pop, epsilon=epsilon, justice=justice
        )
    write_report(report, out, locale=locale)
    total = report.rates.row(0, named=True)
    rate = total["per_100k"]
    Console().print(
        f"{code} {year}: {total['victims'] if total['victims'] is not None else 'hidden'} "
        f"victims ({report.unit.code}), "
        f"{'—' if rate is None else f'{rate:.2f}'} per 100,000. Wrote {out}."
    )


def _only_country(population: Path) -> str:
    import polars as pl

    from palermo.errors import ValidationFailed

    try:
        codes = pl.read_csv(population, columns=["ISO2_code"], infer_schema=False)["ISO2_code"]
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ValidationFailed(f"Cannot read the population file {population}: {exc}.") from exc
    found = sorted({c for c in codes.to_list() if c})
    if len(found) != 1:
        raise ValidationFailed(
            f"The population file holds {len(found)} countries; say which with --country.",
            hint="E.g. --country GB.",
        )
    return found[0]


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
