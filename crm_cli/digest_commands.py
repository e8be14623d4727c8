"""`crm digest`: show a staff member's daily digest (what `/digest` and the scheduler send)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.digest import preview
from crm_cli.common import out, state_of, unit_of_work
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
    ) -> None:
        """Print a staff member's digest for a day, in their language and time zone."""
        state = state_of(ctx)
        with unit_of_work(state) as session:
            staff = staff_service.require_by_email(session=session, email=staff_email)
            now = utcnow()
            local_day = date.fromisoformat(day) if day else _today(staff.timezone, now)
            out.print(preview(session, staff, local_day, now), markup=False, highlight=False)


def _today(timezone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
