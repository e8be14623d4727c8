"""`crm chat`: the console channel against the configured database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated

import typer

import locales
from bot.channels.console import console_user_id, run_console
from bot.engine import ConversationEngine
from crm_cli.common import err, out, state_of, unit_of_work
from crm_cli.nlu_commands import MODEL_DIR
from crm_core import demo as demo_data
from crm_core import migrate
from crm_core.context import Origin
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel

DEMO_CHAT_USER = "wang.lei"


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat_command(
        ctx: typer.Context,
        as_email: Annotated[
            str | None,
            typer.Option("--as", help="Chat as this staff member (default: the demo rep)."),
        ] = None,
    ) -> None:
        """Chat with the assistant in the terminal, as a staff member (buttons are numbered)."""
        state = state_of(ctx)
        migrate.upgrade(state.engine)
        with unit_of_work(state) as session:
            if as_email is None and demo_data.has_demo_data(session=session):
                as_email = demo_data.demo_email(DEMO_CHAT_USER)
            if as_email is None:
                err.print(locales.translate("cli.chat.need_as", state.lang), markup=False)
                raise typer.Exit(2)
            staff = staff_service.require_by_email(session=session, email=as_email)
            staff_service.bind_identity(
                session=session,
                actor=staff,
                staff=staff,
                channel=Channel.CONSOLE,
                external_user_id=console_user_id(staff.email),
                origin=Origin(channel=Channel.CONSOLE),
            )
            name, email, locale = staff.name, staff.email, staff.locale.value
        out.print(locales.translate("cli.chat.loading", locale), markup=False, highlight=False)
        engine = ConversationEngine.for_database(state.engine, model_dir=MODEL_DIR)
        out.print(
            locales.translate("cli.chat.welcome", locale, name=name, email=email),
            markup=False,
            highlight=False,
        )
        run_console(
            engine,
            user_id=console_user_id(email),
            lines=_prompted_lines(),
            write=lambda text: out.print(text + "\n", markup=False, highlight=False),
        )


def _prompted_lines() -> Iterator[str]:
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input("› ") if interactive else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            return
        if not interactive and line == "":
            return
        yield line
