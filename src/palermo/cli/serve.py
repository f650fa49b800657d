"""``palermo serve`` and ``palermo demo``: run the web app, build the demo world."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from palermo.config import get_settings
from palermo.store import open_store
from palermo.store.keys import new_keyring, write_keyring

demo_app = typer.Typer(help="The demonstration world.", no_args_is_help=True)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, envvar="PORT", help="Port (PORT overrides)."),
    logins: Path | None = typer.Option(None, help="Print this file of demo logins first."),
    forwarded_allow_ips: str | None = typer.Option(
        None,
        help="Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses "
        "or networks; default: PALERMO_FORWARDED_ALLOW_IPS, else none: the socket's peer).",
    ),
) -> None:
    """Serve the web app."""
    import uvicorn

    from palermo.web.app import create_app

    settings = get_settings()
    if forwarded_allow_ips is not None:
        settings = settings.model_copy(update={"forwarded_allow_ips": forwarded_allow_ips})
    app = create_app(settings=settings)
    _warm_up_in_background()
    if logins and logins.exists():
        typer.echo(logins.read_text().rstrip())
    typer.echo(f"Palermo is serving on http://{host}:{port} (Ctrl-C to stop).")
    uvicorn.run(app, **server_options(host=host, port=port))


def _warm_up_in_background() -> None:
    """The public check's first answer takes seconds (models, rules); warm it at start."""
    import threading

    from palermo.recruitment.check import warm_up

    threading.Thread(target=warm_up, name="palermo-check-warm-up", daemon=True).start()


def server_options(*, host: str, port: int) -> dict[str, Any]:
    """uvicorn's options: no Server header, and no X-Forwarded-* handling of its own (it
    would trust any local client); the app believes only the proxies it is told of."""
    return {
        "host": host,
        "port": port,
        "log_level": "warning",
        "server_header": False,
        "proxy_headers": False,
    }


@demo_app.command("build")
def build(
    out: Path = typer.Option(Path("var/demo"), help="Folder for the demo's keys and logins."),
    victims: int = typer.Option(4000, min=100, help="Victims in the simulated world."),
    agencies: int = typer.Option(6, min=6, help="Agencies (at least six)."),
    seed: int = typer.Option(2007, help="Seed of the simulated world."),
) -> None:
    """Create keys and a database holding a simulated national world with demo users."""
    from palermo.demo import build_demo, write_logins

    settings = get_settings()
    out.mkdir(parents=True, exist_ok=True)
    if not settings.keys and not settings.key_file.exists():
        write_keyring(new_keyring(), settings.key_file)
    store = open_store(settings)
    summary = build_demo(
        store,
        victims=victims,
        agencies=agencies,
        seed=seed,
        progress=lambda msg: typer.echo(f"  {msg}", err=True),
    )
    write_logins(summary, out / "logins.txt")
    typer.echo(
        f"Demo world: {summary.cases} cases in {agencies} agencies "
        f"({summary.rejected} simulated records rejected by validation)."
    )
    typer.echo(summary.persons_line())


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(demo_app, name="demo")
