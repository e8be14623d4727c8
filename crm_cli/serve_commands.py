"""`crm serve`: the REST API under uvicorn, on the database the root options name."""

from __future__ import annotations

from typing import Annotated

import typer

from crm_cli.common import say, state_of


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
        scheduler: Annotated[
            bool, typer.Option(help="Also send the daily digests from this process.")
        ] = True,
    ) -> None:
        """Run the REST API, the configured chat webhooks (WeCom) and the digest scheduler
        (one process; run several behind a proxy to scale out: digests still go out once)."""
        # Imported here: the API stack (FastAPI, uvicorn) is only needed by this command.
        import uvicorn  # noqa: PLC0415

        from api.app import create_app  # noqa: PLC0415
        from bot.runtime import chat_routers, digest_senders, start_scheduler_thread  # noqa: PLC0415

        state = state_of(ctx)
        application = create_app(engine=state.engine)
        for router in chat_routers(state.engine):
            application.include_router(router)
        stop = start_scheduler_thread(state.engine, digest_senders()) if scheduler else None
        say(state, "cli.serve.starting", host=host, port=str(port))  # not "8,000"
        try:
            uvicorn.run(application, host=host, port=port)
        finally:
            if stop is not None:
                stop.set()
