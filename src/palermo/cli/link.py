"""``palermo link records``: link agencies' record files into persons (Splink)."""

from __future__ import annotations

import json
from dataclasses import dataclass
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
        budget: int = typer.Option(
            30, "--comparisons-per-record", help="budget within which wide rules are kept"
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
            comparisons_per_record=budget,
            model=model,
            event_dates=event_dates,
        )
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


# --- palermo estimate --from-links: capture histories from a linkage run -------------

_BY_ALIASES = {"sex": "prs_Gender", "gender": "prs_Gender", "citizenship": "prs_Citizenship"}


@dataclass(frozen=True)
class SensitivityRow:
    threshold: float
    persons: int
    estimate: float | None
    lower: float | None
    upper: float | None

    def to_dict(self) -> dict[str, float | int | None]:
        return dict(self.__dict__)


def _capture(table: Any, names: list[str], by: list[str]) -> Any:
    from palermo.estimation import LongTable, from_histories

    rows = table.iter_rows(named=True)
    if not by:
        return from_histories(names, [([n for n in names if r[n]], int(r["count"])) for r in rows])
    people = []
    for r in rows:
        lists = frozenset(n for n in names if r[n])
        strata = {
            b: "" if r[_BY_ALIASES.get(b, b)] is None else str(r[_BY_ALIASES.get(b, b)]) for b in by
        }
        people += [(lists, strata)] * int(r["count"])
    return LongTable(tuple(names), tuple(people), tuple(by))


def capture_from_links(
    directory: Path, lists: str, by: list[str], spec: Any
) -> tuple[Any, list[SensitivityRow]]:
    """The capture data of a linkage run, and the estimate at several thresholds."""
    from dataclasses import replace

    from palermo.estimation import estimate
    from palermo.linkage.records.histories import load_run, overlap_table, overlaps_by_threshold

    if lists not in ("agency", "agency_type"):
        raise ValidationFailed(f"Unknown --lists {lists!r}.", hint="Use agency or agency_type.")
    columns = tuple(_BY_ALIASES.get(b, b) for b in by)
    run = load_run(directory)
    unknown = [c for c in columns if c not in run.records.columns]
    if unknown:
        raise ValidationFailed(
            f"--by {', '.join(unknown)}: not a column of the linked records.",
            hint="Use sex, citizenship or an HTCDS column such as prs_Gender.",
        )
    table = overlap_table(run.clusters, run.records, lists=lists, by=columns, inputs=run.inputs)  # type: ignore[arg-type]
    names = [c for c in table.columns if c not in (*columns, "count")]
    data = _capture(table, names, by)
    # The sensitivity re-runs the same method with a Wald interval (a bootstrap per
    # threshold would multiply the run time).
    quick = replace(spec, ci="wald") if spec.ci == "bca" else spec
    rows = []
    for t in overlaps_by_threshold(run, lists=lists):  # type: ignore[arg-type]
        found = estimate(_capture(t.table, names, []), quick)
        rows.append(
            SensitivityRow(t.threshold, t.persons, found.estimate, found.lower, found.upper)
        )
    return data, rows


def print_sensitivity(rows: list[SensitivityRow]) -> None:
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


def add_sensitivity_to_report(report: Path, rows: list[SensitivityRow]) -> None:
    """Add the threshold sensitivity as a section of the estimation report."""
    from html import escape

    cells = "".join(
        f"<tr><td>{r.threshold:.2f}</td><td>{r.persons:,}</td>"
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
        "records been joined at each threshold:</p><table><tr><th>threshold</th>"
        "<th>persons</th><th>estimate</th><th>lower</th><th>upper</th></tr>"
        f"{cells}</table></section>"
    )
    html = report.read_text(encoding="utf-8")
    at = html.rfind("</body>")
    html = html[:at] + section + html[at:] if at >= 0 else html + escape("") + section
    report.write_text(html, encoding="utf-8")
