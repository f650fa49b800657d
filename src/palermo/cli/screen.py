"""``palermo screen FILE.yaml``: screen one case or a list, as text or JSON.

Errors in the file (an unknown code, a wrong type) are raised as PalermoError and
printed by the CLI's main, which exits with status 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from palermo.screening import (
    OUTCOME_GUIDANCE,
    OUTCOME_LABELS,
    Outcome,
    ScreeningResult,
    Status,
    assess,
    load_screening_file,
    question_for,
    result_to_dict,
)


class Language(StrEnum):
    en = "en"
    fr = "fr"


_STATUS_STYLE = {
    Status.MET: ("met", "green"),
    Status.NOT_MET: ("not met", "dim"),
    Status.UNKNOWN: ("unknown", "yellow"),
    Status.NOT_REQUIRED: ("not required", "cyan"),
    Status.INFO: ("note", "cyan"),
}
_STATUS_FR = {
    Status.MET: "réuni",
    Status.NOT_MET: "non réuni",
    Status.UNKNOWN: "inconnu",
    Status.NOT_REQUIRED: "non requis",
    Status.INFO: "note",
}
# The summary's own words; reasons, outcomes and questions come from the engine.
_WORDS = {
    "en": {
        "also": "Also",
        "status": "status",
        "reason": "reason",
        "evidence": "facts / indicators",
        "ask_next": "Ask next:",
        "rules_out": "could rule out",
    },
    "fr": {
        "also": "Également",
        "status": "statut",
        "reason": "motif",
        "evidence": "faits / indicateurs",
        "ask_next": "Questions à poser ensuite :",
        "rules_out": "peut écarter",
    },
}
_OUTCOME_STYLE = {
    Outcome.TRAFFICKING_INDICATED: "bold red",
    Outcome.SMUGGLING_INDICATED: "bold magenta",
    Outcome.LABOUR_EXPLOITATION: "bold yellow",
    Outcome.IRREGULAR_MIGRATION: "bold blue",
    Outcome.INSUFFICIENT_INFORMATION: "bold yellow",
    Outcome.NO_INDICATORS: "bold",
}


def _evidence(items: tuple[str, ...]) -> str:
    """ "acts: a", "acts: b" -> "acts: a, b", to keep the table short."""
    grouped: dict[str, list[str]] = {}
    for item in items:
        fact, sep, code = item.partition(": ")
        if sep:
            grouped.setdefault(fact, []).append(code)
        else:
            grouped.setdefault(item, [])
    return "; ".join(f"{k}: {', '.join(v)}" if v else k for k, v in grouped.items())


def _summary(case_id: str, result: ScreeningResult, lang: str) -> Panel:
    words = _WORDS[lang]
    parts: list = []
    head = Text()
    head.append(OUTCOME_LABELS[result.outcome][lang], style=_OUTCOME_STYLE[result.outcome])
    head.append(f"  ({result.outcome})")
    parts.append(head)
    if result.also:
        also = ", ".join(f"{OUTCOME_LABELS[o][lang]} ({o})" for o in result.also)
        parts.append(Text(f"{words['also']}: {also}"))
    parts.append(Text(OUTCOME_GUIDANCE[result.outcome][lang], style="italic"))

    table = Table(show_header=True, header_style="bold", expand=True, box=None)
    table.add_column(words["status"], no_wrap=True)
    table.add_column(words["reason"], ratio=3)
    table.add_column(words["evidence"], ratio=2)
    for reason in result.reasons:
        word, style = _STATUS_STYLE[reason.status]
        if lang == "fr":
            word = _STATUS_FR[reason.status]
        table.add_row(Text(word, style=style), reason.text_in(lang), _evidence(reason.evidence))
    parts.append(table)

    if result.ask_next:
        parts.append(Text(words["ask_next"], style="bold"))
        for number, item in enumerate(result.ask_next, start=1):
            question = question_for(item.fact).text[lang]
            decides = ", ".join(str(o) for o in item.decides)
            parts.append(
                Text(f"  {number}. {question} [{item.fact}] — {words['rules_out']}: {decides}")
            )
    return Panel(Group(*parts), title=case_id, title_align="left")


def register(app: typer.Typer) -> None:
    @app.command("screen")
    def screen(
        file: Annotated[
            Path,
            typer.Argument(
                exists=True,
                dir_okay=False,
                readable=True,
                help="YAML file: one case, a list, or bare facts "
                "(format of shared/reference/screening).",
            ),
        ],
        as_json: Annotated[
            bool, typer.Option("--json", help="Print JSON instead of text.")
        ] = False,
        lang: Annotated[
            Language,
            typer.Option("--lang", help="Language of labels and reasons (also in --json)."),
        ] = Language.en,
    ) -> None:
        """Screen cases for indicators of trafficking, smuggling, labour exploitation and
        irregular migration. Results point to assistance and investigation; they are not
        legal determinations."""
        inputs = load_screening_file(file)
        results = [(case_id, assess(facts)) for case_id, facts in inputs]
        if as_json:
            payload = [
                result_to_dict(result, case_id=case_id, locale=lang.value)
                for case_id, result in results
            ]
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        console = Console()
        for number, (case_id, result) in enumerate(results, start=1):
            console.print(_summary(case_id or f"#{number}", result, lang.value))
        counts: dict[str, int] = {}
        for _, result in results:
            counts[str(result.outcome)] = counts.get(str(result.outcome), 0) + 1
        console.print(
            "Screened "
            + str(len(results))
            + ": "
            + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        )
