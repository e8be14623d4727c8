"""The descriptive figures behind the loyalty summaries, computed in SQL on both engines.

Purchases are won deals, one purchase per customer and closing day (same-day deals merge, as
the models require). Everything is "as of" a date: later deals and contacts are ignored. Money
is summed in each customer's own currency (the one most of its won deals use), never across
currencies.

One query per figure family, each a single aggregation over the whole table (or the customers
asked for), so a 100,000-customer portfolio costs a handful of scans, not 100,000 queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Float,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from crm_core.customers.models import Customer
from crm_core.deals.models import Deal, DealStage
from crm_core.followups.models import FollowUp, FollowUpStatus
from crm_core.interactions.models import Interaction
from crm_core.tickets.models import OPEN_STATUSES, Ticket

RECENT_WINDOW = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class PurchaseFacts:
    """A customer's buying history as of a date (days everywhere)."""

    customer_id: int
    currency: str
    first_purchase: date
    last_purchase: date
    orders: int  # won deals
    purchase_days: int  # distinct closing days
    revenue: Decimal
    repeat_day_mean: Decimal  # mean total of the repeat purchase days (0 without repeats)
    median_gap_days: float | None  # between purchase days; None with fewer than two
    revenue_recent: Decimal  # the last 90 days
    revenue_before: Decimal  # the 90 days before those


@dataclass(frozen=True, slots=True)
class EngagementFacts:
    customer_id: int
    last_contact: datetime | None  # interactions, follow-ups done, tickets, deals
    interactions_recent: int
    open_tickets: int
    tickets_recent: int
    satisfaction: float | None  # mean ticket rating 1-5


def purchases(
    *, session: Session, as_of: date, customer_ids: Sequence[int] | None = None
) -> dict[int, PurchaseFacts]:
    days = _purchase_days(as_of, customer_ids).subquery("days")
    numbered = select(
        days.c.customer_id,
        days.c.day,
        days.c.total,
        days.c.orders,
        func.row_number()
        .over(partition_by=days.c.customer_id, order_by=days.c.day)
        .label("position"),
        func.lag(days.c.day)
        .over(partition_by=days.c.customer_id, order_by=days.c.day)
        .label("previous"),
    ).subquery("numbered")
    recent_start = as_of - RECENT_WINDOW
    before_start = recent_start - RECENT_WINDOW
    summary = session.execute(
        select(
            numbered.c.customer_id,
            func.min(numbered.c.day),
            func.max(numbered.c.day),
            func.sum(numbered.c.orders),
            func.count(),
            func.sum(numbered.c.total),
            func.sum(case((numbered.c.position > 1, numbered.c.total), else_=0)),
            func.sum(case((numbered.c.day > recent_start, numbered.c.total), else_=0)),
            func.sum(
                case(
                    (
                        and_(numbered.c.day > before_start, numbered.c.day <= recent_start),
                        numbered.c.total,
                    ),
                    else_=0,
                )
            ),
        ).group_by(numbered.c.customer_id)
    ).all()
    gaps = _median_gaps(session, numbered)
    currencies = _currencies(session, as_of, customer_ids)
    facts: dict[int, PurchaseFacts] = {}
    for cid, first, last, orders, day_count, total, repeat_total, recent, before in summary:
        repeats = int(day_count) - 1
        facts[cid] = PurchaseFacts(
            customer_id=cid,
            currency=currencies.get(cid, "CNY"),
            first_purchase=_as_date(first),
            last_purchase=_as_date(last),
            orders=int(orders),
            purchase_days=int(day_count),
            revenue=_money(total),
            repeat_day_mean=(_money(repeat_total) / repeats).quantize(Decimal("0.01"))
            if repeats
            else Decimal("0.00"),
            median_gap_days=gaps.get(cid),
            revenue_recent=_money(recent),
            revenue_before=_money(before),
        )
    return facts


def engagement(
    *, session: Session, as_of: date, customer_ids: Sequence[int] | None = None
) -> dict[int, EngagementFacts]:
    end = datetime.combine(as_of + timedelta(days=1), time(0), UTC)
    recent = end - RECENT_WINDOW

    def scoped(query: Any, column: Any) -> Any:
        return query.where(column.in_(customer_ids)) if customer_ids is not None else query

    contacts: dict[int, datetime] = {}
    for model, customer_column, moment in (
        (Interaction, Interaction.customer_id, Interaction.occurred_at),
        (FollowUp, FollowUp.customer_id, FollowUp.completed_at),
        (Ticket, Ticket.customer_id, Ticket.opened_at),
        (Deal, Deal.customer_id, Deal.created_at),
    ):
        query = select(customer_column, func.max(moment)).where(moment < end)
        if model is FollowUp:
            query = query.where(FollowUp.status == FollowUpStatus.DONE)
        for cid, latest in session.execute(
            scoped(query, customer_column).group_by(customer_column)
        ):
            if latest is not None and (cid not in contacts or latest > contacts[cid]):
                contacts[cid] = latest
    interactions: dict[int, int] = dict(
        session.execute(
            scoped(
                select(Interaction.customer_id, func.count()).where(
                    Interaction.occurred_at >= recent, Interaction.occurred_at < end
                ),
                Interaction.customer_id,
            ).group_by(Interaction.customer_id)
        ).all()
    )
    tickets = {
        cid: (int(open_count or 0), int(recent_count or 0), rating)
        for cid, open_count, recent_count, rating in session.execute(
            scoped(
                select(
                    Ticket.customer_id,
                    func.sum(case((Ticket.status.in_(OPEN_STATUSES), 1), else_=0)),
                    func.sum(case((Ticket.opened_at >= recent, 1), else_=0)),
                    func.avg(cast(Ticket.satisfaction, Float)),
                ).where(Ticket.opened_at < end),
                Ticket.customer_id,
            ).group_by(Ticket.customer_id)
        )
    }
    ids = set(contacts) | set(interactions) | set(tickets)
    if customer_ids is not None:
        ids |= set(customer_ids)
    return {
        cid: EngagementFacts(
            customer_id=cid,
            last_contact=contacts.get(cid),
            interactions_recent=int(interactions.get(cid, 0)),
            open_tickets=tickets.get(cid, (0, 0, None))[0],
            tickets_recent=tickets.get(cid, (0, 0, None))[1],
            satisfaction=float(tickets[cid][2]) if cid in tickets and tickets[cid][2] else None,
        )
        for cid in ids
    }


def customers_as_of(
    *, session: Session, as_of: date, condition: ColumnElement[bool] | None = None
) -> dict[int, tuple[str, int | None]]:
    """(name, owner) of the customers that existed by `as_of`, optionally filtered."""
    end = datetime.combine(as_of + timedelta(days=1), time(0), UTC)
    query = select(Customer.id, Customer.name, Customer.owner_id).where(Customer.created_at < end)
    if condition is not None:
        query = query.where(condition)
    return {cid: (name, owner) for cid, name, owner in session.execute(query)}


# -- helpers ----------------------------------------------------------------------------------


def _purchase_days(as_of: date, customer_ids: Sequence[int] | None) -> Any:
    """One row per customer and closing day in its main currency: the day's total and count."""
    main = _main_currency_subquery(as_of)
    query = (
        select(
            Deal.customer_id.label("customer_id"),
            Deal.closed_on.label("day"),
            # hundredths as plain integers: exact sums, converted once at the end
            func.sum(type_coerce(Deal.amount, BigInteger)).label("total"),
            func.count().label("orders"),
        )
        .join(
            main,
            and_(main.c.customer_id == Deal.customer_id, main.c.currency == Deal.currency),
        )
        .where(Deal.stage == DealStage.WON, Deal.closed_on.is_not(None), Deal.closed_on <= as_of)
        .group_by(Deal.customer_id, Deal.closed_on)
    )
    if customer_ids is not None:
        query = query.where(Deal.customer_id.in_(customer_ids))
    return query


def _main_currency_subquery(as_of: date) -> Any:
    """Each customer's most used currency among its won deals (ties: alphabetical)."""
    counted = (
        select(
            Deal.customer_id.label("customer_id"),
            Deal.currency.label("currency"),
            func.row_number()
            .over(
                partition_by=Deal.customer_id,
                order_by=(func.count().desc(), Deal.currency),
            )
            .label("preference"),
        )
        .where(Deal.stage == DealStage.WON, Deal.closed_on <= as_of)
        .group_by(Deal.customer_id, Deal.currency)
        .subquery("counted")
    )
    return (
        select(counted.c.customer_id, counted.c.currency)
        .where(counted.c.preference == 1)
        .subquery("main_currency")
    )


def _currencies(
    session: Session, as_of: date, customer_ids: Sequence[int] | None
) -> dict[int, str]:
    main = _main_currency_subquery(as_of)
    query = select(main.c.customer_id, main.c.currency)
    if customer_ids is not None:
        query = query.where(main.c.customer_id.in_(customer_ids))
    return {row[0]: row[1] for row in session.execute(query)}


def _median_gaps(session: Session, numbered: Any) -> dict[int, float]:
    """Median days between consecutive purchase days, with window functions only (SQLite has
    no percentile function): number the gaps, keep the middle one or two, average them."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        gap = func.julianday(numbered.c.day) - func.julianday(numbered.c.previous)
    else:
        gap = cast(numbered.c.day, Date) - cast(numbered.c.previous, Date)
    gaps = (
        select(numbered.c.customer_id, cast(gap, Float).label("gap"))
        .where(numbered.c.previous.is_not(None))
        .subquery("gaps")
    )
    ranked = select(
        gaps.c.customer_id,
        gaps.c.gap,
        func.row_number()
        .over(partition_by=gaps.c.customer_id, order_by=gaps.c.gap)
        .label("position"),
        func.count().over(partition_by=gaps.c.customer_id).label("total"),
    ).subquery("ranked")
    half = cast(ranked.c.total, Integer) + literal(1)
    middle = select(ranked.c.customer_id, func.avg(ranked.c.gap)).where(
        ranked.c.position.in_([half / 2, (half + 1) / 2])
    )
    return {
        cid: float(value)
        for cid, value in session.execute(middle.group_by(ranked.c.customer_id))
        if value is not None
    }


def _money(value: Any) -> Decimal:
    """A sum of hundredths (an int, or PostgreSQL's numeric) as an amount."""
    if value is None:
        return Decimal("0.00")
    return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
