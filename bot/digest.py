"""Daily digests: render the composed data in the staff member's language and deliver it.

`DigestWorker.tick(now)` is one pass of the scheduler: plan today's rows, claim due ones (each
claim committed at once so other workers skip them), compose, send on the preferred bound
channel, and record the outcome — sent, retried with backoff, or skipped when there is nowhere
to send. A failing channel only fails its own rows. Several workers may tick concurrently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.messages import Reply, render_text
from crm_core.digest import schedule
from crm_core.digest.compose import SHOWN, Digest, compose
from crm_core.digest.models import DigestRun
from crm_core.staff.models import ChannelIdentity, Staff
from crm_core.timeutil import utcnow
from locales import format_money, translate

log = logging.getLogger(__name__)

# Channels a digest can be pushed to, in order of preference when the staff member chose none.
PUSH_CHANNELS = ("wecom", "telegram")
# A claim older than this belongs to a worker that died mid-send; the digest is retried.
STALE_CLAIM = timedelta(minutes=10)


class DigestSender(Protocol):
    """Pushes rendered replies to one chat account of a channel; raises on failure."""

    def send(self, external_user_id: str, replies: list[Reply]) -> None: ...


def render(digest: Digest) -> Reply:
    """One message, short enough for a phone: only non-empty sections, five lines each."""
    locale = digest.locale
    zone = ZoneInfo(digest.timezone)
    parts: list[str] = []
    for section, items in digest.sections.items():
        if not items:
            continue
        lines = [_line(section, item, locale, zone) for item in items[:SHOWN]]
        if len(items) > SHOWN:
            lines.append(translate("digest.more", locale, count=len(items) - SHOWN))
        parts.append(translate(f"digest.section.{section}", locale) + "\n" + "\n".join(lines))
    if not parts:
        return Reply("digest.all_clear", locale, {"name": digest.name})
    return Reply(
        "digest.message",
        locale,
        {"name": digest.name, "date": digest.local_date, "body": "\n\n".join(parts)},
    )


def _line(section: str, item: Mapping[str, Any], locale: str, zone: ZoneInfo) -> str:
    params = dict(item)
    for key in ("due_at", "sla_due_at"):
        if key in params:
            moment = datetime.fromisoformat(params[key]).astimezone(zone)
            params[key] = format_datetime(moment, "MM-dd HH:mm", locale=locale)
    if "won" in params:
        params["won"] = format_money(Decimal(params["won"]), params.get("currency", "CNY"), locale)
    if "reason" in params:
        reason = params["reason"]
        key = (
            f"digest.reason.{reason}"
            if reason in ("silent", "overdue")
            else f"loyalty.segment.{reason}"
        )
        params["reason"] = translate(key, locale)
    if "total" in params:
        params["total"] = format_money(Decimal(params["total"]), params["currency"], locale)
    if section in ("yesterday", "team_activity"):
        counts = ", ".join(
            translate(f"digest.count.{kind}", locale, count=params[kind])
            for kind in ("interactions", "followups", "tickets", "deals")
            if params.get(kind)
        )
        params["counts"] = counts
    if section in ("tickets", "team_breaching"):
        params["state"] = translate(
            "digest.breached" if params.get("breached") else "digest.due_soon", locale
        )
    if params.get("days_silent") is None and "days_silent" in params:
        params["days_silent"] = "—"
    return translate(f"digest.line.{section}", locale, **params)


def channel_for(session: Session, staff: Staff) -> ChannelIdentity | None:
    """The preferred bound chat account for pushes: the chosen channel, else WeCom, else
    Telegram (the console cannot be pushed to)."""
    identities = {
        str(identity.channel): identity
        for identity in session.scalars(
            select(ChannelIdentity).where(ChannelIdentity.staff_id == staff.id)
        )
    }
    for channel in (staff.digest_channel, *PUSH_CHANNELS):
        if channel and channel in identities and channel in PUSH_CHANNELS:
            return identities[channel]
    return None


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0


class DigestWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        senders: Mapping[str, DigestSender],
        *,
        name: str = "worker",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.senders = senders
        self.name = name
        self.clock = clock

    def tick(self) -> TickReport:
        now = self.clock()
        report = TickReport()
        with self.sessions.begin() as session:
            schedule.release_stale_claims(session=session, now=now, older_than=STALE_CLAIM)
            report.planned = schedule.plan(session=session, now=now)
        with self.sessions.begin() as session:
            run_ids = [run.id for run in schedule.claim(session=session, now=now, worker=self.name)]
        for run_id in run_ids:
            outcome = self._deliver(run_id, now)
            setattr(report, outcome, getattr(report, outcome) + 1)
        return report

    def _deliver(self, run_id: int, now: datetime) -> str:
        """Compose and send one claimed digest; its outcome commits on its own."""
        with self.sessions.begin() as session:
            run = session.get_one(DigestRun, run_id)
            staff = session.get_one(Staff, run.staff_id)
            identity = channel_for(session, staff)
            if identity is None or str(identity.channel) not in self.senders:
                schedule.mark_skipped(run=run, reason="no bound channel to push to")
                return "skipped"
            digest = compose(session=session, staff=staff, local_date=run.local_date, now=now)
            channel = str(identity.channel)
            try:
                self.senders[channel].send(identity.external_user_id, [render(digest)])
            except Exception as error:  # noqa: BLE001 - any channel failure is retried later
                log.warning(
                    "digest %s to %s via %s failed: %s", run_id, staff.email, channel, error
                )
                schedule.mark_failed(run=run, now=now, error=repr(error), channel=channel)
                return "failed"
            schedule.mark_sent(run=run, now=now, channel=channel, content=digest.to_json())
            return "sent"


def preview(session: Session, staff: Staff, local_date: date, now: datetime) -> str:
    """The digest as text, for `crm digest` and `/digest`."""
    return render_text(
        render(compose(session=session, staff=staff, local_date=local_date, now=now))
    )
