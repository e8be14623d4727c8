"""What each intent needs before it can run, and what running it does.

A planned action is the parser's action plus what the conversation settled (the customer id).
`missing` says which slot to ask for next; `apply` turns a complete action into service calls
and returns one summary line (a catalog key and its parameters). Queries answer with a reply.
Nothing here commits: the engine's per-message transaction does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.schemas import CustomerCreate
from crm_core.deals import service as deals
from crm_core.deals.models import DealStage
from crm_core.errors import InvalidInputError
from crm_core.followups import service as followups
from crm_core.interactions import service as interactions
from crm_core.interactions.models import InteractionKind
from crm_core.staff.models import Staff
from crm_core.tickets import service as tickets
from crm_core.tickets.models import Priority, TicketStatus
from locales import format_money, translate
from nlu.intents import WRITE_INTENTS

NEEDS_CUSTOMER = frozenset(
    {"log_interaction", "schedule_followup", "query_customer", "open_ticket", "record_deal"}
)
QUERY_INTENTS = frozenset({"query_customer", "list_agenda", "loyalty_summary", "help"})
SUMMARY_LIMIT = 2000
TITLE_LIMIT = 200
ORIGINAL_TEXT_LIMIT = 20_000
# A follow-up given only a day is due at the start of the working day.
DEFAULT_FOLLOWUP_TIME = time(9, 0)


@dataclass
class PlannedAction:
    intent: str
    confidence: float
    slots: dict[str, Any]
    customer_id: int | None = None
    customer_name: str | None = None
    # Customers already refused for this action (the user pressed "none of these").
    declined: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": self.confidence,
            "slots": self.slots,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "declined": self.declined,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlannedAction:
        return cls(
            intent=str(data["intent"]),
            confidence=float(data["confidence"]),
            slots=dict(data["slots"]),
            customer_id=data.get("customer_id"),
            customer_name=data.get("customer_name"),
            declined=list(data.get("declined", [])),
        )

    @property
    def writes(self) -> bool:
        return self.intent in WRITE_INTENTS


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a summary: a catalog key and its (already formatted) parameters."""

    key: str
    params: dict[str, Any]

    def render(self, locale: str) -> str:
        return translate(self.key, locale, **self.params)


@dataclass(frozen=True, slots=True)
class Setting:
    """Who is acting, where and when: everything formatting and defaults depend on."""

    actor: Staff
    locale: str
    now: datetime  # aware, in the actor's zone
    source_text: str
    voice_ref: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.actor.timezone)


def missing_slot(action: PlannedAction) -> str | None:
    """The next slot to ask for, in the order a person would: who, then what, then when."""
    slots = action.slots
    if action.intent in NEEDS_CUSTOMER and action.customer_id is None:
        return "customer"
    if action.intent == "create_customer" and not _customer_text(slots):
        return "customer_name"
    if action.intent == "schedule_followup" and "when" not in slots:
        return "when"
    if action.intent == "record_deal" and amount_of(slots) is None:
        return "amount"
    if action.intent == "update_ticket":
        if "ticket" not in slots:
            return "ticket"
        if "status" not in slots and "priority" not in slots:
            return "status"
    return None


def describe(action: PlannedAction, setting: Setting) -> Line:
    """What `apply` would write, for the confirmation message."""
    slots = action.slots
    customer = action.customer_name or _customer_text(slots) or ""
    match action.intent:
        case "log_interaction":
            kind = _interaction_kind(slots)
            return Line(
                "bot.plan.log_interaction",
                {
                    "customer": customer,
                    "kind": translate(f"bot.kind.{kind.value}", setting.locale),
                    "summary": _short(_summary(slots, setting)),
                },
            )
        case "schedule_followup":
            return Line(
                "bot.plan.schedule_followup",
                {"customer": customer, "when": format_moment(_due_at(slots, setting), setting)},
            )
        case "open_ticket":
            priority = _priority(slots)
            return Line(
                "bot.plan.open_ticket",
                {
                    "customer": customer,
                    "priority": translate(f"bot.priority.{priority.value}", setting.locale),
                    "title": _short(_summary(slots, setting)),
                },
            )
        case "update_ticket":
            return Line(
                "bot.plan.update_ticket",
                {"number": slots["ticket"]["number"], "change": _ticket_change(slots, setting)},
            )
        case "record_deal":
            amount, currency = amount_of(slots) or (Decimal(0), "CNY")
            return Line(
                "bot.plan.record_deal",
                {"customer": customer, "amount": format_money(amount, currency, setting.locale)},
            )
        case "create_customer":
            return Line("bot.plan.create_customer", {"name": customer})
        case _:
            return Line(f"bot.plan.{action.intent}", {"customer": customer})


def apply(
    *, session: Session, action: PlannedAction, setting: Setting, origin: Origin
) -> tuple[Line, int | None]:
    """Write one complete action. Returns its summary line, and a new customer's id if any."""
    slots = action.slots
    actor = setting.actor
    match action.intent:
        case "log_interaction":
            assert action.customer_id is not None
            interaction = interactions.log(
                session=session,
                actor=actor,
                data=interactions.InteractionCreate(
                    customer_id=action.customer_id,
                    kind=_interaction_kind(slots),
                    occurred_at=_occurred_at(slots, setting),
                    summary=_summary(slots, setting)[:SUMMARY_LIMIT],
                    original_text=setting.source_text[:ORIGINAL_TEXT_LIMIT],
                    voice_ref=setting.voice_ref,
                ),
                origin=origin,
            )
            return (
                Line(
                    "bot.done.log_interaction",
                    {
                        "customer": action.customer_name or "",
                        "kind": translate(f"bot.kind.{interaction.kind.value}", setting.locale),
                        "when": format_moment(interaction.occurred_at, setting),
                    },
                ),
                None,
            )
        case "schedule_followup":
            assert action.customer_id is not None
            due_at = _due_at(slots, setting)
            followups.schedule(
                session=session,
                actor=actor,
                data=followups.FollowUpCreate(
                    customer_id=action.customer_id,
                    due_at=due_at,
                    note=_summary(slots, setting)[:SUMMARY_LIMIT] or None,
                ),
                origin=origin,
            )
            return (
                Line(
                    "bot.done.schedule_followup",
                    {
                        "customer": action.customer_name or "",
                        "when": format_moment(due_at, setting),
                    },
                ),
                None,
            )
        case "open_ticket":
            assert action.customer_id is not None
            summary = _summary(slots, setting)
            ticket = tickets.open_ticket(
                session=session,
                actor=actor,
                data=tickets.TicketCreate(
                    customer_id=action.customer_id,
                    title=_short(summary, TITLE_LIMIT),
                    description=setting.source_text[:ORIGINAL_TEXT_LIMIT],
                    priority=_priority(slots),
                ),
                origin=origin,
            )
            return (
                Line(
                    "bot.done.open_ticket",
                    {
                        "number": ticket.number,
                        "customer": action.customer_name or "",
                        "priority": translate(
                            f"bot.priority.{ticket.priority.value}", setting.locale
                        ),
                        "due": format_moment(ticket.sla_due_at, setting),
                    },
                ),
                None,
            )
        case "update_ticket":
            ticket = tickets.get_by_number(
                session=session, actor=actor, number=slots["ticket"]["number"]
            )
            if "status" in slots:
                tickets.transition(
                    session=session,
                    actor=actor,
                    ticket=ticket,
                    status=TicketStatus(slots["status"]),
                    origin=origin,
                )
            if "priority" in slots:
                tickets.change_priority(
                    session=session,
                    actor=actor,
                    ticket=ticket,
                    priority=Priority(slots["priority"]),
                    origin=origin,
                )
            return (
                Line(
                    "bot.done.update_ticket",
                    {"number": ticket.number, "change": _ticket_change(slots, setting)},
                ),
                None,
            )
        case "record_deal":
            assert action.customer_id is not None
            amount_and_currency = amount_of(slots)
            if amount_and_currency is None:
                raise InvalidInputError("deal.no_amount")
            amount, currency = amount_and_currency
            product = slots.get("product")
            deal = deals.record(
                session=session,
                actor=actor,
                data=deals.DealCreate(
                    customer_id=action.customer_id,
                    title=_short(product or _summary(slots, setting) or "-", TITLE_LIMIT),
                    amount=amount,
                    currency=currency,
                    stage=DealStage.WON,
                    product=product,
                ),
                origin=origin,
            )
            return (
                Line(
                    "bot.done.record_deal",
                    {
                        "customer": action.customer_name or "",
                        "amount": format_money(deal.amount, deal.currency, setting.locale),
                    },
                ),
                None,
            )
        case "create_customer":
            name = _customer_text(slots) or ""
            customer = customers.create(
                session=session,
                actor=actor,
                data=CustomerCreate(
                    name=name,
                    phone=slots.get("phone"),
                    email=slots.get("email"),
                ),
                origin=origin,
            )
            session.flush()
            return Line("bot.done.create_customer", {"name": customer.name}), customer.id
    raise InvalidInputError("bot.not_a_write", intent=action.intent)


def amount_of(slots: dict[str, Any]) -> tuple[Decimal, str] | None:
    amount = slots.get("amount")
    if not isinstance(amount, dict):
        return None
    value = amount.get("value", amount.get("max", amount.get("min")))
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01")), str(amount.get("currency") or "CNY")
    except InvalidOperation:
        return None


def when_moment(when: dict[str, Any], zone: ZoneInfo) -> tuple[datetime, bool]:
    """The slot's instant in `zone`, and whether it was only a day (no time of day)."""
    text = when.get("value") or when.get("start")
    if not isinstance(text, str):
        raise InvalidInputError("bot.bad_when")
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(0, 0), zone), True
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone), False


def format_moment(moment: datetime, setting: Setting) -> str:
    local = moment.astimezone(setting.zone)
    pattern = "MMMd日 EEE HH:mm" if setting.locale.startswith("zh") else "EEE d MMM HH:mm"
    return format_datetime(local, pattern, locale=setting.locale)


def _customer_text(slots: dict[str, Any]) -> str | None:
    customer = slots.get("customer")
    if isinstance(customer, dict) and isinstance(customer.get("text"), str):
        text = customer["text"].strip()
        return text or None
    return None


def _summary(slots: dict[str, Any], setting: Setting) -> str:
    summary = slots.get("summary")
    if isinstance(summary, str) and summary.strip():
        return summary.strip()
    return setting.source_text.strip()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _interaction_kind(slots: dict[str, Any]) -> InteractionKind:
    try:
        return InteractionKind(slots.get("interaction_type") or "note")
    except ValueError:
        return InteractionKind.NOTE


def _priority(slots: dict[str, Any]) -> Priority:
    try:
        return Priority(slots.get("priority") or "normal")
    except ValueError:
        return Priority.NORMAL


def _occurred_at(slots: dict[str, Any], setting: Setting) -> datetime:
    """When it happened: the stated time if it is not in the future, else now."""
    when = slots.get("when")
    if not isinstance(when, dict):
        return setting.now
    moment, day_only = when_moment(when, setting.zone)
    if day_only:
        if moment.date() == setting.now.date():
            return setting.now
        moment = moment.replace(hour=12)
    return moment if moment <= setting.now else setting.now


def _due_at(slots: dict[str, Any], setting: Setting) -> datetime:
    when = slots.get("when")
    if not isinstance(when, dict):
        return setting.now + timedelta(days=1)
    moment, day_only = when_moment(when, setting.zone)
    if day_only:
        moment = datetime.combine(moment.date(), DEFAULT_FOLLOWUP_TIME, setting.zone)
    return moment


def _ticket_change(slots: dict[str, Any], setting: Setting) -> str:
    parts = []
    if "status" in slots:
        parts.append(translate(f"bot.status.{slots['status']}", setting.locale))
    if "priority" in slots:
        parts.append(translate(f"bot.priority.{slots['priority']}", setting.locale))
    return ", ".join(parts)
