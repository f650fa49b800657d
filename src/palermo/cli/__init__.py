"""The ``palermo`` command: one sub-command group per pillar.

Each module in this package exposes ``register(app)``; the modules stay thin and
call the pillars' service functions.
"""

from __future__ import annotations

import sys

import typer

from palermo.errors import PalermoError

app = typer.Typer(
    name="palermo",
    help="Palermo: coordinated, victim-centred response to trafficking in persons.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    from palermo.cli import (
        ads,
        audit,
        cases,
        db,
        estimate,
        exchange_bundles,
        justice_report,
        keys,
        link,
        monitor,
        plan,
        pprl,
        publish,
        registry,
        report,
        screen,
        serve,
        simulate,
        users,
        vocab,
    )

    commands = (db, keys, users, audit, cases, vocab, simulate, screen, estimate)
    for module in (
        *commands,
        link,
        pprl,
        publish,
        report,
        justice_report,
        plan,
        ads,
        registry,
        monitor,
        serve,
        exchange_bundles,
    ):
        module.register(app)


_register_all()


def main() -> None:
    try:
        app()
    except PalermoError as exc:
        typer.secho(f"Error: {exc.message}", fg=typer.colors.RED, err=True)
        if exc.hint:
            typer.echo(exc.hint, err=True)
        sys.exit(2)
