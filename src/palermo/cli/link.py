"""``palermo link records``: link agencies' record files into persons (Splink)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from palermo.errors import ValidationFailed

# Steps the linker announces, in order (for the progress bar).
_STEPS = ("features", "comparisons", "training", "predicting", "clustering")


def _key(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ValidationFailed(f"Cannot read the key file {path}: {exc.strerror}.") from None
    if len(key) < 16:
        raise ValidationFailed(
            f"The key file {path} holds {len(key)} bytes; person keys need at least 16.",
            hint="Create one with: head -c 32 /dev/urandom | base64 > link.key",
        )
    return key


def register(app: typer.Typer) -> None:
    link = typer.Typer(help="Link records of the same person across agencies.")
    app.add_typer(link, name="link")

    @link.command("records")
    def records_command(
        paths: list[Path] = typer.Argument(..., help="CSV/Parquet files or directories."),
        out: Path = typer.Option(..., "--out", help="Directory for clusters, pairs, model."),
        truth: Path = typer.Option(None, help="CSV record_id,person_id to score against."),
        backend: str = typer.Option("duckdb", help="duckdb | spark"),
        threshold: float = typer.Option(0.9, help="match probability that joins two records"),
        max_comparisons: int = typer.Option(
            200_000_000, "--max-comparisons", help="refuse to compare more pairs"
        ),
        budget: int | None = typer.Option(
            None,
            "--comparisons-per-record",
            help="budget within which wide rules are kept (default: the linker's own)",
        ),
        model: Path = typer.Option(None, help="reuse a model.json from an earlier run"),
        key_file: Path = typer.Option(
            None, "--key-file", help="secret for the person keys (random per run if absent)"
        ),
        event_dates: bool = typer.Option(
            True, "--event-dates/--no-event-dates", help="compare recruitment dates too"
        ),
        as_json: bool = typer.Option(False, "--json", help="print JSON instead of text"),
    ) -> None:
        """Link the records of PATHS into persons and write the run to --out."""
        from palermo.linkage.records import (
            LinkSpec,
            link_records,
            read_records,
            read_truth,
            score_clusters,
            write_outputs,
        )

        spec = LinkSpec(
            threshold=threshold,
            backend=backend,  # type: ignore[arg-type]
            max_comparisons=max_comparisons,
            model=model,
            event_dates=event_dates,
        )
        if budget is not None:
            spec = replace(spec, comparisons_per_record=budget)
        key = _key(key_file)
        truth_frame = read_truth(truth) if truth else None
        err = Console(stderr=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("reading records", total=len(_STEPS) + 1)
            records = read_records(paths)
            bar.advance(task)

            def say(line: str) -> None:
                if line.startswith(" ") or "comparisons from" in line:
                    err.print(line)
                    if "comparisons from" in line:
                        bar.advance(task)
                    return
                bar.update(task, description=line)
                if line.startswith(("features", "training: prior", "predicting", "clustering")):
                    bar.advance(task)

            result = link_records(records, spec, key=key, progress=say)
        scores = score_clusters(result.clusters, truth_frame) if truth_frame is not None else None
        write_outputs(result, out, inputs=[str(p.resolve()) for p in paths], scores=scores)
        if key is None:
            err.print("No --key-file: person keys are random for this run only.")
        summary = {
            "records": result.records,
            "persons": result.persons,
            "agencies": len(result.agencies),
            "pairs": result.pairs.height,
            "comparisons_upper_bound": result.blocking[-1].cumulative if result.blocking else 0,
            "seconds": {k: round(v, 2) for k, v in result.seconds.items()},
            "out": str(out),
            "scores": scores.to_dict() if scores else None,
        }
        if as_json:
            typer.echo(json.dumps(summary, indent=2))
            return
        typer.echo(
            f"{result.records:,} records of {len(result.agencies)} agencies -> "
            f"{result.persons:,} persons; outputs in {out}"
        )
        if scores:
            typer.echo(
                f"pairwise precision {scores.precision:.4f} recall {scores.recall:.4f} "
                f"F1 {scores.f1:.4f}; B-cubed precision {scores.bcubed_precision:.4f} "
                f"recall {scores.bcubed_recall:.4f} F1 {scores.bcubed_f1:.4f}"
            )

    @link.command("run")
    def run_command(
        user: str = typer.Option(..., "--user", help="a national coordinator's username"),
        threshold: float = typer.Option(0.9, help="match probability that joins two records"),
        as_json: bool = typer.Option(False, "--json", help="print JSON instead of text"),
    ) -> None:
        """Link the store's records of every agency; keep a person key per case (audited)."""
        from palermo.cooperate.link_runs import coordinator_actor, run_link_job, start_link_run
        from palermo.store import open_store

        store = open_store()
        with store.session() as session:
            actor = coordinator_actor(session, username=user)
            started = start_link_run(session, actor=actor, threshold=threshold)
        err = Console(stderr=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("starting", total=None)

            def say(message: str, done: int, total: int) -> None:
                bar.update(task, description=message, completed=done, total=total)

            run = run_link_job(store, run_id=started.id, actor=actor, progress=say)
        store.engine.dispose()
        summary = {
            "run": run.id,
            "records": run.records,
            "persons": run.persons,
            "agencies": run.agencies,
            "pairs": run.pairs,
            "threshold": run.threshold,
            "persons_by_threshold": [list(p) for p in run.persons_by_threshold],
            "seconds": run.seconds,
        }
        if as_json:
            typer.echo(json.dumps(summary, indent=2))
            return
        typer.echo(
            f"run {run.id}: {run.records:,} records of {run.agencies} agencies -> "
            f"{run.persons:,} persons at {run.threshold}; the report is on the run's page"
        )


# --- palermo estimate --from-links / --from-db: the threshold sensitivity ------------


def print_sensitivity(rows: list[Any]) -> None:
    from rich.table import Table

    table = Table(title="Estimate by match threshold (same method)")
    for col in ("threshold", "persons", "estimate", "lower", "upper"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(
            f"{r.threshold:.2f}",
            f"{r.persons:,}",
            *("-" if v is None else f"{v:,.1f}" for v in (r.estimate, r.lower, r.upper)),
        )
    Console().print(table)


def add_sensitivity_to_report(report: Path, rows: list[Any], threshold: float) -> None:
    """Add the threshold sensitivity as a section of the estimation report."""
    cells = "".join(
        f"<tr><td>{r.threshold:.2f}{' *' if r.threshold == threshold else ''}</td>"
        f"<td>{r.persons:,}</td>"
        + "".join(
            f"<td>{'-' if v is None else f'{v:,.1f}'}</td>" for v in (r.estimate, r.lower, r.upper)
        )
        + "</tr>"
        for r in rows
    )
    section = (
        "<section><h2>Sensitivity to the match threshold</h2>"
        "<p>Linkage errors bias multiple systems estimation: false merges shrink the "
        "estimate, missed links inflate it. The estimate with the same method, had the "
        f"records been joined at each threshold (* the threshold of the estimate above, "
        f"{threshold}):</p><table><tr><th>threshold</th>"
        "<th>persons</th><th>estimate</th><th>lower</th><th>upper</th></tr>"
        f"{cells}</table></section>"
    )
    html = report.read_text(encoding="utf-8")
    at = html.rfind("</body>")
    html = html[:at] + section + html[at:] if at >= 0 else html + section
    report.write_text(html, encoding="utf-8")
