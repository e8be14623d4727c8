"""`crm bot`: the Telegram bot in polling mode, the development way to talk to it."""

from __future__ import annotations

import typer
from pydantic import ValidationError

import locales
from bot.channels.telegram import get_telegram_settings
from bot.engine import ConversationEngine
from crm_cli.common import err, say, state_of
from crm_cli.nlu_commands import MODEL_DIR
from crm_core import migrate


def register(app: typer.Typer) -> None:
    @app.command("bot")
    def bot_command(ctx: typer.Context) -> None:
        """Run the Telegram bot by long polling (TELEGRAM_BOT_TOKEN; TELEGRAM_BASE_URL for another
        Bot API server). Production uses the webhook in `crm serve` instead."""
        # Imported here: the Telegram stack is only needed by this command.
        from bot.channels.telegram import run_polling  # noqa: PLC0415

        state = state_of(ctx)
        try:
            settings = get_telegram_settings()
        except ValidationError as error:
            problems = "; ".join(
                f"TELEGRAM_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}"
                if e["loc"]
                else e["msg"]
                for e in error.errors()
            )
            err.print(
                locales.translate("cli.bot.not_configured", state.lang, problems=problems),
                markup=False,
            )
            raise typer.Exit(2) from None
        migrate.upgrade(state.engine)
        say(state, "cli.chat.loading")
        engine = ConversationEngine.for_database(state.engine, model_dir=MODEL_DIR)
        say(state, "cli.bot.polling")
        run_polling(engine, settings)
