"""``palermo serve`` and ``palermo demo``: run the web app, build the demo world."""

from __future__ import annotations

import os
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
    workers: int = typer.Option(
        0,
        min=0,
        max=64,
        help="Worker processes (0: one per processor core, at most 8; 1 for an in-memory "
        "SQLite database). One process uses one core for Python (the GIL).",
    ),
) -> None:
    """Serve the web app."""
    import uvicorn

    from palermo.web.app import create_app, warm_up_in_background

    if forwarded_allow_ips is not None:
        # Through the environment, so that every worker process reads the same setting.
        os.environ["PALERMO_FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
        get_settings.cache_clear()
    settings = get_settings()
    count = worker_count(workers, settings.database_url)
    if logins and logins.exists():
        typer.echo(logins.read_text().rstrip())
    options = server_options(host=host, port=port)
    if count == 1:
        app = create_app(settings=settings)
        warm_up_in_background()
        typer.echo(f"Palermo is serving on http://{host}:{port} (Ctrl-C to stop).")
        uvicorn.run(app, **options)
        return
    # Migrate and check the keys once, here, so the workers start on a ready database
    # instead of racing to upgrade it; each worker then opens its own store
    # (palermo.web.app.worker_app): its own pools, audit writer and checkpointer.
    open_store(settings).close()
    os.environ["PALERMO_WEB_WORKERS"] = str(count)  # Settings.web_workers
    typer.echo(
        f"Palermo is serving on http://{host}:{port} with {count} worker processes "
        "(Ctrl-C to stop)."
    )
    uvicorn.run("palermo.web.app:worker_app", factory=True, workers=count, **options)


def worker_count(requested: int, database_url: str) -> int:
    """``requested``, or one per core (at most 8: each keeps its own connection pools);
    always 1 for an in-memory SQLite database, which a second process could not see."""
    if ":memory:" in database_url or database_url.rstrip("/") in {"sqlite:", "sqlite:/"}:
        return 1
    return requested or max(1, min(8, os.cpu_count() or 1))


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
