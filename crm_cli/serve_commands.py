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
    ) -> None:
        """Run the REST API (one process; put several behind a proxy to scale out)."""
        # Imported here: the API stack (FastAPI, uvicorn) is only needed by this command.
        import uvicorn  # noqa: PLC0415

        from api.app import create_app  # noqa: PLC0415

        state = state_of(ctx)
        application = create_app(engine=state.engine)
        say(state, "cli.serve.starting", host=host, port=str(port))  # not "8,000"
        uvicorn.run(application, host=host, port=port)
