"""`crm digest`: show a staff member's daily digest (what `/digest` and the scheduler send)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.digest import channel_for, render
from bot.messages import render_text
from bot.runtime import digest_senders
from crm_cli.common import out, say, state_of, unit_of_work
from crm_core.digest.compose import compose
from crm_core.staff import service as staff_service
from crm_core.timeutil import utcnow


def register(app: typer.Typer) -> None:
    @app.command("digest")
    def digest_command(
        ctx: typer.Context,
        staff_email: Annotated[str, typer.Option("--staff", help="Whose digest.")],
        day: Annotated[
            str | None, typer.Option("--date", help="Local date YYYY-MM-DD (default: today).")
        ] = None,
        send: Annotated[
            bool, typer.Option("--send", help="Also push it to their bound chat account now.")
        ] = False,
    ) -> None:
        """Print a staff member's digest for a day, in their language and time zone."""
        state = state_of(ctx)
        with unit_of_work(state) as session:
            staff = staff_service.require_by_email(session=session, email=staff_email)
            now = utcnow()
            local_day = date.fromisoformat(day) if day else _today(staff.timezone, now)
            digest = compose(session=session, staff=staff, local_date=local_day, now=now)
            out.print(render_text(render(digest)), markup=False, highlight=False)
            if not send:
                return
            identity = channel_for(session, staff)
            senders = digest_senders()
            if identity is None or str(identity.channel) not in senders:
                say(state, "cli.digest.no_channel", channels=", ".join(sorted(senders)) or "-")
                raise typer.Exit(1)
            senders[str(identity.channel)].send(identity.external_user_id, [render(digest)])
            say(state, "cli.digest.sent", channel=str(identity.channel))


def _today(timezone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
