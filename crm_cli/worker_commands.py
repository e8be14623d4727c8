"""`crm worker`: the daily digest scheduler as its own process (also inside `crm serve`)."""

from __future__ import annotations

import threading
from typing import Annotated

import typer

from bot.digest import TickReport
from bot.runtime import DEFAULT_INTERVAL_SECONDS, digest_senders, run_scheduler
from crm_cli.common import say, state_of
from crm_core import migrate


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker_command(
        ctx: typer.Context,
        once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
        interval: Annotated[
            float, typer.Option("--interval", help="Seconds between passes.")
        ] = DEFAULT_INTERVAL_SECONDS,
    ) -> None:
        """Send the daily digests when they are due (exactly once, however many workers run)."""
        state = state_of(ctx)
        migrate.upgrade(state.engine)
        senders = digest_senders()
        say(state, "cli.worker.channels", channels=", ".join(sorted(senders)) or "-")
        stop = threading.Event()

        def report(tick: TickReport) -> None:
            say(
                state,
                "cli.worker.tick",
                planned=tick.planned,
                sent=tick.sent,
                failed=tick.failed,
                skipped=tick.skipped,
            )
            if once:
                stop.set()

        try:
            run_scheduler(state.engine, senders, stop=stop, interval=interval, on_tick=report)
        except KeyboardInterrupt:
            stop.set()
