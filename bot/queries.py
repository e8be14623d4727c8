"""Answers that read and write nothing: a customer's picture, my agenda, help."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.flows import Setting, format_moment
from bot.messages import Reply
from crm_core.customers import service as customers
from crm_core.deals import service as deals
from crm_core.deals.models import DealStage
from crm_core.followups import service as followups
from crm_core.interactions import service as interactions
from crm_core.loyalty import service as loyalty
from crm_core.tickets import service as tickets
from locales import format_money, translate

RECENT_SHOWN = 3
AGENDA_SHOWN = 15


def customer_card(*, session: Session, customer_id: int, setting: Setting) -> Reply:
    """Last contacts, open follow-ups and tickets, deals: what a rep wants before a visit."""
    actor, locale = setting.actor, setting.locale
    customer = customers.get(session=session, actor=actor, customer_id=customer_id)
    recent = interactions.recent(
        session=session, actor=actor, customer_id=customer_id, limit=RECENT_SHOWN
    )
    lines = [
        translate(
            "bot.card.interaction",
            locale,
            when=format_moment(interaction.occurred_at, setting),
            kind=translate(f"bot.kind.{interaction.kind.value}", locale),
            summary=_clip(interaction.summary),
        )
        for interaction in recent
    ] or [translate("bot.card.no_interactions", locale)]
    open_followups = followups.open_for_customer(
        session=session, actor=actor, customer_id=customer_id
    )
    lines.extend(
        translate(
            "bot.card.followup",
            locale,
            when=format_moment(followup.due_at, setting),
            note=_clip(followup.note or ""),
        )
        for followup in open_followups
    )
    open_tickets = tickets.open_tickets(session=session, actor=actor, customer_id=customer_id)
    lines.extend(
        translate(
            "bot.card.ticket",
            locale,
            number=ticket.number,
            title=_clip(ticket.title),
            status=translate(f"bot.status.{ticket.status.value}", locale),
        )
        for ticket in open_tickets
    )
    customer_deals = deals.for_customer(session=session, actor=actor, customer_id=customer_id)
    won = [deal for deal in customer_deals if deal.stage is DealStage.WON]
    if won:
        by_currency: dict[str, Decimal] = {}
        for deal in won:
            by_currency[deal.currency] = by_currency.get(deal.currency, Decimal(0)) + deal.amount
        totals = ", ".join(
            format_money(total, currency, locale) for currency, total in sorted(by_currency.items())
        )
        lines.append(translate("bot.card.deals", locale, count=len(won), total=totals))
    open_deals = len(customer_deals) - len(won)
    if open_deals:
        lines.append(translate("bot.card.open_deals", locale, count=open_deals))
    if won:
        lines.append(_loyalty_line(session=session, customer_id=customer_id, setting=setting))
    return Reply("bot.card", locale, {"name": customer.name, "lines": "\n".join(lines)})


def _loyalty_line(*, session: Session, customer_id: int, setting: Setting) -> str:
    """Segment, health and (when the company has enough data for the models) P(alive): the
    loyalty figures a rep wants before a visit, from the same service as the API."""
    locale = setting.locale
    summary = loyalty.customer_summary(
        session=session, actor=setting.actor, customer_id=customer_id, as_of=setting.now.date()
    )
    parts = []
    if summary.rfm.segment is not None:
        parts.append(translate(f"loyalty.segment.{summary.rfm.segment.value}", locale))
    if summary.health.score is not None:
        parts.append(
            translate(
                "bot.card.health",
                locale,
                score=f"{summary.health.score:.0f}",
                band=translate(f"loyalty.band.{summary.health.band.value}", locale),
            )
        )
    if summary.p_alive is not None:
        parts.append(translate("bot.card.p_alive", locale, percent=f"{summary.p_alive:.0%}"))
    if summary.next_action is not None:
        parts.append(translate(f"loyalty.action.{summary.next_action.value}", locale))
    return translate("bot.card.loyalty", locale, figures=" · ".join(parts))


def agenda(*, session: Session, setting: Setting) -> Reply:
    """Today's and overdue follow-ups of the actor, in their zone."""
    start = datetime.combine(setting.now.date(), time(0, 0), setting.zone)
    end = start + timedelta(days=1)
    due = followups.agenda(session=session, actor=setting.actor, start=start, end=end)
    if not due:
        return Reply("bot.agenda.empty", setting.locale)
    names = {
        customer_id: customers.get(
            session=session, actor=setting.actor, customer_id=customer_id
        ).name
        for customer_id in {followup.customer_id for followup in due[:AGENDA_SHOWN]}
    }
    lines = []
    for followup in due[:AGENDA_SHOWN]:
        key = "bot.agenda.overdue" if followup.due_at < start else "bot.agenda.item"
        lines.append(
            translate(
                key,
                setting.locale,
                when=format_moment(followup.due_at, setting),
                customer=names.get(followup.customer_id, f"#{followup.customer_id}"),
                note=_clip(followup.note or ""),
            )
        )
    if len(due) > AGENDA_SHOWN:
        lines.append(translate("bot.agenda.more", setting.locale, count=len(due) - AGENDA_SHOWN))
    return Reply("bot.agenda", setting.locale, {"count": len(due), "lines": "\n".join(lines)})


def _clip(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
