"""``palermo estimate``: multiple systems estimation from a CSV of list overlaps."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from palermo.errors import ValidationFailed


def _num(v: float | None) -> str:
    if v is None:
        return "-"
    return "inf" if v == float("inf") else f"{v:,.1f}"


def register(app: typer.Typer) -> None:
    @app.command("estimate")
    def estimate_command(
        file: Path = typer.Argument(
            None, help="CSV: wide (0/1 per list + count) or long (or use --from-links)."
        ),
        method: str = typer.Option(
            "stepwise", help="main | stepwise | bic | aic (Home Office 2014) | fixed"
        ),
        threshold: float = typer.Option(
            None, help="p-value threshold (stepwise 0.02, aic 0.05 by default)"
        ),
        max_order: int = typer.Option(2, "--max-order", help="highest interaction order (bic)"),
        search: str = typer.Option("all", help="bic: all models or a downhill search"),
        ntop: int = typer.Option(None, help="bic bootstrap: re-select among the top N models"),
        model: list[str] = typer.Option([], help="fixed model terms, e.g. --model A:B"),
        ci: str = typer.Option("wald", help="wald | profile | bca"),
        level: float = typer.Option(0.95, help="confidence level"),
        boot: int = typer.Option(1000, help="bootstrap replicates (bca)"),
        seed: int = typer.Option(1234, help="bootstrap seed"),
        by: list[str] = typer.Option([], help="long format: stratify by these columns"),
        as_json: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
        report: Path = typer.Option(None, help="write a self-contained HTML report here"),
        from_links: Path = typer.Option(
            None, "--from-links", help="a 'palermo link records' output directory"
        ),
        from_db: bool = typer.Option(
            False, "--from-db", help="the store's latest linkage run ('palermo link run')"
        ),
        run: int = typer.Option(None, "--run", help="--from-db: this run instead of the latest"),
        year: int = typer.Option(None, "--year", help="--from-db: cases identified in this year"),
        lists: str = typer.Option("agency", help="--from-links/--from-db: agency | agency_type"),
        link_threshold: float = typer.Option(
            None,
            "--link-threshold",
            help="--from-links/--from-db: match probability joining records (default 0.5)",
        ),
    ) -> None:
        """Estimate the total number of victims, seen and unseen, from overlapping lists."""
        from palermo.estimation import (
            EstimateSpec,
            estimate,
            estimate_strata,
            plan,
            plan_strata,
            read_table,
        )
        from palermo.estimation.data import CaptureData
        from palermo.estimation.planning import selection_note

        spec = EstimateSpec(
            method=method,  # type: ignore[arg-type]
            threshold=threshold,
            max_order=max_order,
            search=search,  # type: ignore[arg-type]
            ntop=ntop,
            model=tuple(model),
            ci=ci,  # type: ignore[arg-type]
            level=level,
            boot=boot,
            seed=seed,
        )
        sensitivity = None
        title = file.name if file is not None else ""
        if from_links is not None and from_db:
            raise ValidationFailed(
                "Give --from-links DIR or --from-db, not both.", hint="Choose one source."
            )
        if (run is not None or year is not None) and not from_db:
            raise ValidationFailed("--run and --year go with --from-db.", hint="Add --from-db.")
        if from_links is not None:
            from palermo.linkage.records.capture import capture_from_links

            table, sensitivity = capture_from_links(from_links, lists, by, spec, link_threshold)
            title = from_links.name
        elif from_db:
            from palermo.cooperate.estimates import capture_from_store
            from palermo.store import open_store
            from palermo.store.actor import Actor

            store = open_store()
            with store.session() as session:
                found = capture_from_store(
                    session,
                    actor=Actor.system("estimate-from-db"),
                    run_id=run,
                    year=year,
                    lists=lists,
                    by=by,
                    spec=spec,
                    threshold=link_threshold,
                )
            store.engine.dispose()
            table, sensitivity, title = found.data, found.sensitivity, found.title
        elif file is None:
            raise ValidationFailed(
                "Give a CSV of list overlaps, --from-links DIR or --from-db.",
                hint="palermo estimate overlaps.csv, or palermo estimate --from-links links/",
            )
        else:
            table = read_table(file)
        err = Console(stderr=True)
        if by and isinstance(table, CaptureData):
            raise ValidationFailed(
                "--by needs the long format (one row per person with stratum columns).",
                hint="The wide format has no stratum columns.",
            )
        data = table if isinstance(table, CaptureData) else table.capture_data()
        # Select the model and time the first resamples, so the run time is known (and
        # said) before the long part starts; the work is reused by the run itself.
        with err.status(selection_note(data, spec)):
            run_plan = plan_strata(table, by, spec) if by else plan(data, spec)
        if spec.ci == "bca":  # the rest of other runs takes no time worth announcing
            err.print(f"Estimated run time: {run_plan.describe()}")
        with Progress(
            TextColumn("bootstrap"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            disable=spec.ci != "bca",
            transient=True,
        ) as bar:
            # the resamples timed while planning count as done, but not towards the
            # speed the bar's remaining time is computed from
            task = bar.add_task("bootstrap", total=run_plan.units, completed=run_plan.done)

            def tick(k: int) -> None:
                bar.advance(task, k)

            if by:
                strat = estimate_strata(
                    table,
                    by,
                    spec,
                    progress=tick,
                    plan=run_plan,
                )
                result = strat.overall
            else:
                strat = None
                result = estimate(data, spec, progress=tick, plan=run_plan)
        if report is not None:
            from palermo.estimation.report import write_report

            write_report(report, data, result, title=f"Multiple systems estimate: {title}")
            if sensitivity is not None:
                from palermo.cli.link import add_sensitivity_to_report
                from palermo.linkage.records.capture import ESTIMATION_THRESHOLD

                chosen = ESTIMATION_THRESHOLD if link_threshold is None else link_threshold
                add_sensitivity_to_report(report, sensitivity, chosen)
            err.print(f"Report written to {report}")
        if as_json:
            payload = strat.to_dict() if strat is not None else result.to_dict()
            if sensitivity is not None:
                payload["threshold_sensitivity"] = [r.to_dict() for r in sensitivity]
            typer.echo(json.dumps(payload, indent=2))
        else:
            _print(result, strat)
            if sensitivity is not None:
                from palermo.cli.link import print_sensitivity

                print_sensitivity(sensitivity)
        if result.estimate is None:
            raise typer.Exit(1)


def _print(result: object, strat: object) -> None:
    out = Console()
    rows = [("all", result)]
    if strat is not None:
        rows += [(s.label, s.result) for s in strat.strata]  # type: ignore[attr-defined]
    t = Table(title="Multiple systems estimate")
    for col in ("stratum", "observed", "estimate", "lower", "upper", "ratio", "model"):
        t.add_column(col, justify="right" if col not in ("stratum", "model") else "left")
    for label, r in rows:
        t.add_row(
            label,
            str(r.observed),  # type: ignore[attr-defined]
            _num(r.estimate),  # type: ignore[attr-defined]
            _num(r.lower),  # type: ignore[attr-defined]
            _num(r.upper),  # type: ignore[attr-defined]
            "-" if r.ratio is None else f"{r.ratio:.2f}",  # type: ignore[attr-defined]
            ", ".join(r.model) or "main effects",  # type: ignore[attr-defined]
        )
    out.print(t)
    spec = result.spec  # type: ignore[attr-defined]
    out.print(f"method {spec.method}, {int(spec.level * 100)}% {spec.ci} interval")
    for label, r in rows:
        for w in r.warnings:  # type: ignore[attr-defined]
            prefix = "" if label == "all" else f"[{label}] "
            print(f"warning: {prefix}{w.code}: {w.message}", file=sys.stderr)
