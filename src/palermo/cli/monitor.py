"""``palermo monitor store``: screen a feed of ads, tie it into networks, and keep the
result for the monitors' queue (``/monitor/ads``).

Screening reads the registry of licensed agencies kept in the database, or, while it is
empty, the ``--registry`` CSV. Acts as ``--user`` (a labour inspector or the national
coordinator) or, without it, as the job ``system:monitor``.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

monitor_app = typer.Typer(
    help="Prevent: keep screenings of ad feeds for labour inspectors and monitors.",
    no_args_is_help=True,
)


@monitor_app.command("store")
def store_command(
    file: Path = typer.Argument(..., help="Ads: CSV, Parquet or JSON lines with ad_id and text."),
    feed: str = typer.Option(None, "--feed", help="The feed's name (default: the file name)."),
    registry: Path = typer.Option(
        None, "--registry", help="CSV of agencies, used while the stored registry is empty."
    ),
    user: str = typer.Option(None, "--user", help="Act as this user (default: system:monitor)."),
    workers: int = typer.Option(None, "--workers", help="Worker processes."),
) -> None:
    """Screen every ad, find the networks, store the flagged ads and the networks."""
    from sqlalchemy import select

    from palermo.accounts.service import actor_of
    from palermo.errors import NotFound
    from palermo.prevent.licences import registry_from_store
    from palermo.prevent.screening_runs import FeedPlaces, store_screening_run
    from palermo.recruitment.bulk import FeedSpec, networks_of, screen_frame
    from palermo.recruitment.deployment import read_registry
    from palermo.recruitment.feed import read_feed
    from palermo.store import open_store
    from palermo.store.actor import Actor
    from palermo.store.models import User

    console = Console(stderr=True)
    store = open_store()
    with store.session(read_only=True) as session:
        agencies = registry_from_store(session)
    if agencies is None and registry is not None:
        agencies = read_registry(registry)
    frame = read_feed(file)
    with Progress(
        TextColumn("[bold]screening"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("screen", total=frame.height)
        screened = screen_frame(
            frame,
            spec=FeedSpec(workers=workers),
            registry=agencies,
            on_progress=lambda n: bar.advance(task, n),
        )
    with console.status("tying ads into networks"):
        nets = networks_of(screened, frame)
    places = FeedPlaces(
        sites=frame["site"].to_list(),
        cities=frame["city"].to_list(),
        countries=frame["country"].to_list(),
    )
    with store.session() as session, console.status("storing"):
        actor = Actor.system("monitor")
        if user is not None:
            found = session.scalar(select(User).where(User.username == user, User.active))
            if found is None:
                raise NotFound(f"No active user {user!r}.", hint="Check the username.")
            actor = actor_of(found, "cli")
        run = store_screening_run(
            session,
            feed=feed or file.name,
            screening=screened,
            places=places,
            networks=nets,
            actor=actor,
        )
    typer.echo(
        f"Screening {run.id} stored: {run.ads:,} ads, {run.flagged:,} flagged, "
        f"{run.networks:,} networks."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(monitor_app, name="monitor")
