"""The descriptive figures behind the loyalty summaries, computed in SQL on both engines.

Purchases are won deals, one purchase per customer and closing day (same-day deals merge, as
the models require). Everything is "as of" a date: later deals and contacts are ignored. Money
is summed in each customer's own currency (the one most of its won deals use), never across
currencies.

One query per figure family, each a single aggregation over the whole table (or the customers
asked for), so a 100,000-customer portfolio costs a handful of scans, not 100,000 queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from crm_core.customers.models import Customer
from crm_core.db import UTCDateTime, cyclic_gc_paused
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
        ranked.c.position.in_([half // 2, (half + 1) // 2])
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


# -- bulk tables: a whole company in a handful of scans ------------------------------------------
#
# The service scores and fits company-wide, so it needs every buyer's history at once. A GROUP
# BY per purchase day would ship ~1,000,000 rows through the driver (seconds); instead each
# customer's deals travel as one comma-separated string per column (group_concat / string_agg),
# 100,000 rows of text that numpy parses in milliseconds, and the per-day merge, windows and
# median gaps are computed on arrays. Money stays in exact integer hundredths.

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

YEAR = timedelta(days=365)
_EPOCH = date(1970, 1, 1)
_GAP_BITS = 32  # a gap in days always fits; the customer's position goes in the high bits
_DAY_OFFSET = -(2**30)  # shifts day numbers (even before 1970) to positive values below 2**31


class _Concat(FunctionElement[str]):
    """All values of a group as one comma-separated string."""

    type = String()
    name = "loyalty_concat"
    inherit_cache = True


@compiles(_Concat)
def _concat_default(element: _Concat, compiler: SQLCompiler, **kw: Any) -> str:
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), ',')"


@compiles(_Concat, "sqlite")
def _concat_sqlite(element: _Concat, compiler: SQLCompiler, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, ',')"


class _DayNumber(FunctionElement[int]):
    """Days since 1970-01-01 of a date, or of an instant's UTC date (instants from 1970 on)."""

    type = Integer()
    name = "loyalty_day_number"
    inherit_cache = True


@compiles(_DayNumber)
def _day_number_default(element: _DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    (argument,) = element.clauses
    value = compiler.process(argument, **kw)
    if not isinstance(argument.type, Date):
        value = f"CAST(timezone('UTC', {value}) AS DATE)"
    return f"({value} - DATE '1970-01-01')"


@compiles(_DayNumber, "sqlite")
def _day_number_sqlite(element: _DayNumber, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


def day_number(value: date) -> int:
    return (value - _EPOCH).days


def day_of(number: float) -> date:
    return _EPOCH + timedelta(days=int(number))


@dataclass(frozen=True, slots=True, eq=False)
class PurchaseTable:
    """Many customers' buying histories as columns, in customer id order.

    Same figures as `purchases()` (won deals closed by `as_of`, same-day deals merged, each
    customer's main currency), as numpy arrays: days are day numbers (`day_number`), money is
    integer hundredths, `median_gap` NaN below two gaps' worth of purchase days."""

    as_of: date
    customer_id: IntArray
    currency: NDArray[np.str_]
    orders: IntArray  # won deals in the main currency
    purchase_days: IntArray
    first_day: IntArray
    last_day: IntArray
    revenue: IntArray
    first_day_revenue: IntArray  # the first purchase day's total: repeat spend = the rest
    revenue_12m: IntArray  # the 365 days up to as_of
    revenue_prev_12m: IntArray  # the 365 days before those
    days_prev_12m: IntArray  # purchase days in that earlier year (retention)
    revenue_recent: IntArray  # the 90 days up to as_of (as `purchases()`)
    revenue_before: IntArray  # the 90 days before those
    median_gap: FloatArray

    def __len__(self) -> int:
        return int(self.customer_id.size)

    def positions(self, customer_ids: IntArray) -> tuple[IntArray, NDArray[np.bool_]]:
        """Row of each id (clipped) and whether the customer is in the table at all."""
        if not len(self):
            return np.zeros(customer_ids.size, np.int64), np.zeros(customer_ids.size, bool)
        rows = np.minimum(np.searchsorted(self.customer_id, customer_ids), len(self) - 1)
        return rows.astype(np.int64), self.customer_id[rows] == customer_ids


def purchase_table(
    *, session: Session, as_of: date, customer_ids: Sequence[int] | None = None
) -> PurchaseTable:
    """Every buyer's history (or those of `customer_ids`) in one GROUP BY over the won deals."""
    iso_days = session.get_bind().dialect.name == "sqlite"  # ISO text is SQLite's cheapest form
    params: dict[str, Any] = {"as_of": as_of}
    if customer_ids is not None:
        params["ids"] = list(customer_ids)
    query = _purchase_query(iso_days=iso_days, by_ids=customer_ids is not None)
    with cyclic_gc_paused():
        # Core, not the ORM: plain tuples, no per-row entity bookkeeping
        rows = session.connection().execute(query, params).all()
        return _tabulate(as_of, rows, iso_days=iso_days)


@cache
def _purchase_query(*, iso_days: bool, by_ids: bool) -> Any:
    """Built once: a one-customer summary must not pay for building its SQL every time."""
    day = Deal.closed_on if iso_days else _DayNumber(Deal.closed_on)
    query = (
        select(
            Deal.customer_id,
            Deal.currency,
            func.count(),
            _Concat(day),
            _Concat(type_coerce(Deal.amount, BigInteger)),
        )
        .where(Deal.stage == DealStage.WON, Deal.closed_on <= bindparam("as_of", type_=Date))
        .group_by(Deal.customer_id, Deal.currency)
    )
    if by_ids:
        query = query.where(Deal.customer_id.in_(bindparam("ids", expanding=True)))
    return query


def won_deals_fingerprint(*, session: Session, as_of: date) -> tuple[int, int, int, int]:
    """(count, Σ hundredths, Σ ids, max id) of the won deals closed by `as_of`: any insert,
    removal or stage change among them changes it, so a cache keyed by it is never stale."""
    count, total, id_sum, id_max = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(type_coerce(Deal.amount, BigInteger)), 0),
            func.coalesce(func.sum(Deal.id), 0),
            func.coalesce(func.max(Deal.id), 0),
        ).where(Deal.stage == DealStage.WON, Deal.closed_on <= as_of)
    ).one()
    return int(count), int(total), int(id_sum), int(id_max)


def latest_deal_id(*, session: Session) -> int:
    """The newest deal's id: one index lookup, the quick "anything new?" check."""
    return int(session.scalar(select(func.max(Deal.id))) or 0)


def _empty_table(as_of: date) -> PurchaseTable:
    none = np.zeros(0, np.int64)
    return PurchaseTable(
        as_of=as_of,
        customer_id=none,
        currency=np.zeros(0, "<U3"),
        orders=none,
        purchase_days=none,
        first_day=none,
        last_day=none,
        revenue=none,
        first_day_revenue=none,
        revenue_12m=none,
        revenue_prev_12m=none,
        days_prev_12m=none,
        revenue_recent=none,
        revenue_before=none,
        median_gap=np.zeros(0, np.float64),
    )


def _main_currency_rows(
    rows: Sequence[Any],
) -> tuple[IntArray, NDArray[np.str_], IntArray, str, str]:
    """Per customer, the row of its main currency (most deals, ties alphabetical): customer
    ids, currencies, deal counts and the concatenated days and amounts of those rows."""
    ids, currencies, deal_counts, day_texts, amount_texts = zip(*rows, strict=True)
    row_customer = np.array(ids, dtype=np.int64)
    row_currency = np.array(currencies, dtype="<U3")
    row_deals = np.array(deal_counts, dtype=np.int64)
    if bool(np.all(np.diff(row_customer) > 0)):
        # one currency per customer, rows already in id order: the usual case, nothing to pick
        return row_customer, row_currency, row_deals, ",".join(day_texts), ",".join(amount_texts)
    order = np.lexsort((row_currency, -row_deals, row_customer))
    first = np.ones(order.size, dtype=bool)
    first[1:] = row_customer[order][1:] != row_customer[order][:-1]
    kept = order[first]
    picked = kept.tolist()
    return (
        row_customer[kept],
        row_currency[kept],
        row_deals[kept],
        ",".join([day_texts[i] for i in picked]),
        ",".join([amount_texts[i] for i in picked]),
    )


def _tabulate(as_of: date, rows: Sequence[Any], *, iso_days: bool) -> PurchaseTable:
    if not rows:
        return _empty_table(as_of)
    customer_ids, currencies, counts, days_text, amounts_text = _main_currency_rows(rows)
    day = _parse_days(days_text, iso=iso_days)
    amount = np.fromstring(amounts_text, dtype=np.int64, sep=",")
    if not day.size == amount.size == int(counts.sum()):
        raise ValueError("deal columns out of step")  # pragma: no cover - a driver fault
    customers = customer_ids.size
    owner = np.repeat(np.arange(customers), counts)
    boundary = np.ones(day.size, dtype=bool)
    boundary[1:] = owner[1:] != owner[:-1]
    if not bool(np.all((day[1:] >= day[:-1]) | boundary[1:])):
        # Aggregates see rows in scan order; an index scan gives day order, a hash plan not.
        by_day = np.lexsort((day, owner))
        day, amount = day[by_day], amount[by_day]
    # one run per purchase day: same-day deals merge
    new_day = boundary
    new_day[1:] |= day[1:] != day[:-1]
    run_start = np.flatnonzero(new_day)
    run_day = day[run_start]
    run_owner = owner[run_start]
    run_total = np.add.reduceat(amount, run_start)
    purchase_days = np.bincount(run_owner, minlength=customers).astype(np.int64)
    run_first = np.cumsum(purchase_days) - purchase_days
    today = day_number(as_of)
    running = np.concatenate(([0], np.cumsum(run_total)))

    # runs are in (customer, day) order, so one sorted key finds every window's bounds
    run_key = (run_owner << _GAP_BITS) + (run_day - _DAY_OFFSET)
    base = np.arange(customers, dtype=np.int64) << _GAP_BITS
    today -= _DAY_OFFSET

    def bounds(after: int, upto: int) -> tuple[IntArray, IntArray]:
        """Each customer's purchase days in (after, upto] as [lower, upper) run positions."""
        lower = np.searchsorted(run_key, base + after, "right").astype(np.int64)
        upper = np.searchsorted(run_key, base + upto, "right").astype(np.int64)
        return lower, upper

    def window(after: int, upto: int) -> IntArray:
        lower, upper = bounds(after, upto)
        summed: IntArray = running[upper] - running[lower]
        return summed

    def days_in(after: int, upto: int) -> IntArray:
        lower, upper = bounds(after, upto)
        return upper - lower

    year, quarter = YEAR.days, RECENT_WINDOW.days
    return PurchaseTable(
        as_of=as_of,
        customer_id=customer_ids,
        currency=currencies,
        orders=counts,
        purchase_days=purchase_days,
        first_day=run_day[run_first],
        last_day=run_day[run_first + purchase_days - 1],
        revenue=np.add.reduceat(amount, np.cumsum(counts) - counts),
        first_day_revenue=run_total[run_first],
        revenue_12m=window(today - year, today),
        revenue_prev_12m=window(today - 2 * year, today - year),
        days_prev_12m=days_in(today - 2 * year, today - year),
        revenue_recent=window(today - quarter, today),
        revenue_before=window(today - 2 * quarter, today - quarter),
        median_gap=_median_gaps_of(run_day, run_owner, purchase_days),
    )


def _parse_days(text: str, *, iso: bool) -> IntArray:
    """Day numbers from "20095,20123" or, on SQLite, "2025-01-07,2025-02-04" (read as the
    numbers 20250107, 20250204, then the month's first day from a small table)."""
    if not iso:
        numbers: IntArray = np.fromstring(text, dtype=np.int64, sep=",")
        return numbers
    stamp = np.fromstring(text.replace("-", ""), dtype=np.int64, sep=",")
    year_month = stamp // 100  # YYYYMM
    low, high = int(year_month.min()), int(year_month.max())
    span = np.arange(low, high + 1)
    month_starts = (
        ((span // 100 - 1970) * 12 + span % 100 - 1)
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype(np.int64)
    )
    days: IntArray = month_starts[year_month - low] + (stamp - year_month * 100) - 1
    return days


def _median_gaps_of(run_day: IntArray, run_owner: IntArray, purchase_days: IntArray) -> FloatArray:
    """Median gap between consecutive purchase days per customer, as `_median_gaps` computes
    it in SQL: sort (customer, gap) pairs once and read the middle one or two of each."""
    same = run_owner[1:] == run_owner[:-1]
    gap = (run_day[1:] - run_day[:-1])[same]
    keys = np.sort((run_owner[1:][same] << _GAP_BITS) | gap)
    gaps = np.maximum(purchase_days - 1, 0)
    offset = np.cumsum(gaps) - gaps
    has = gaps > 0
    low = (offset + (gaps - 1) // 2)[has]
    high = (offset + gaps // 2)[has]
    mask = (1 << _GAP_BITS) - 1
    median = np.full(purchase_days.size, np.nan)
    median[has] = ((keys[low] & mask) + (keys[high] & mask)) / 2.0
    return median


_NULL = -(2**62)  # stands for NULL in a concatenated column (no figure comes near it)


def fetch_columns(
    *, session: Session, query: Any, params: dict[str, Any] | None = None
) -> FloatArray:
    """The rows of a numeric query as a float matrix, NULL as NaN. Each column crosses the
    driver as one concatenated string (one row in all): thousands of rows arrive in the time
    of one, instead of costing a Python tuple each."""
    texts = session.connection().execute(_concatenated(query), params or {}).one()
    if texts[0] is None:  # no rows at all
        return np.zeros((0, len(texts)))
    matrix = np.column_stack([np.fromstring(text, dtype=np.float64, sep=",") for text in texts])
    matrix[matrix == _NULL] = np.nan
    return matrix


@lru_cache(maxsize=64)
def _concatenated(query: Any) -> Any:
    inner = query.subquery("rows")
    return select(*(_Concat(func.coalesce(column, _NULL)) for column in inner.c))


# -- contacts, tickets, follow-ups and the rest of the pipeline, in bulk ------------------------


@dataclass(frozen=True, slots=True, eq=False)
class ContactTable:
    """Engagement figures aligned with the customer ids asked for (days as day numbers, NaN
    for never). The last contact of any kind also counts won orders, which the purchase table
    holds: the service takes the later of the two."""

    customer_id: IntArray
    last_contact_day: FloatArray  # interactions, follow-ups done, tickets, other deals
    interactions_recent: IntArray  # the 90 days up to as_of
    open_tickets: IntArray
    tickets_recent: IntArray
    satisfaction: FloatArray  # mean ticket rating 1-5
    followups_overdue: IntArray  # open at as_of and due before it
    lost_deals: IntArray  # closed as lost by as_of


def contact_table(
    *, session: Session, as_of: date, customer_ids: IntArray, scope: Any | None = None
) -> ContactTable:
    """One GROUP BY per table, limited to `scope`: a list of (Python) ids — a few customers,
    read row by row — or a subquery of ids (a portfolio, read concatenated); None = all."""
    start = datetime.combine(as_of, time(0), UTC)
    end = start + timedelta(days=1)
    params: dict[str, Any] = {"start": start, "end": end, "recent": end - RECENT_WINDOW}
    params["as_of"] = as_of
    size = customer_ids.size
    parts: list[FloatArray]
    if isinstance(scope, list):
        # a few customers: all four queries in one round trip, told apart by their part number
        params["ids"] = scope
        rows = session.connection().execute(_contact_query_for_ids(), params).all()
        found = np.array(
            [[np.nan if value is None else float(value) for value in row] for row in rows]
        ).reshape(len(rows), _CONTACT_WIDTH + 1)
        parts = [found[found[:, 0] == part, 1:] for part in range(4)]
    else:
        queries = (
            _contact_queries_for_all()
            if scope is None
            else _contact_queries(lambda column: column.in_(scope))
        )
        parts = [
            fetch_columns(session=session, query=query, params=params)
            for query in (
                queries.interactions,
                queries.followups,
                queries.tickets,
                queries.other_deals,
            )
        ]

    def aligned(found: FloatArray, *, summed: Sequence[int] = ()) -> FloatArray:
        """Rows (customer id first) as a matrix aligned with `customer_ids`, NaN where none
        was found; a customer on several rows (the UNION ALL of other deals) keeps the sum of
        the `summed` columns and the maximum (the latest day) of the others."""
        matrix = np.full((size, _CONTACT_WIDTH), np.nan)
        if not found.size or not size:
            return matrix
        ids = found[:, 0].astype(np.int64)
        at = np.minimum(np.searchsorted(customer_ids, ids), size - 1)
        hit = customer_ids[at] == ids
        at, found = at[hit], found[hit]
        for index in range(1, found.shape[1]):
            values = matrix[:, index]
            if index in summed:
                values[at] = 0.0
                np.add.at(values, at, np.nan_to_num(found[:, index]))
            else:
                np.fmax.at(values, at, found[:, index])
        return matrix

    def counts(column: FloatArray) -> IntArray:
        return np.nan_to_num(column).astype(np.int64)

    interactions, followups, tickets = (aligned(found) for found in parts[:3])
    other_deals = aligned(parts[3], summed=(3,))
    last_contact = np.fmax.reduce(
        [interactions[:, 1], followups[:, 1], tickets[:, 1], other_deals[:, 1], other_deals[:, 2]]
    )
    return ContactTable(
        customer_id=customer_ids,
        last_contact_day=last_contact,
        interactions_recent=counts(interactions[:, 2]),
        open_tickets=counts(tickets[:, 2]),
        tickets_recent=counts(tickets[:, 3]),
        satisfaction=tickets[:, 4],
        followups_overdue=counts(followups[:, 2]),
        lost_deals=counts(other_deals[:, 3]),
    )


_CONTACT_WIDTH = 5  # the widest of the four queries (tickets): customer id and four figures


@dataclass(frozen=True, slots=True)
class _ContactQueries:
    interactions: Any
    followups: Any
    tickets: Any
    other_deals: Any  # a UNION ALL

    @property
    def combined(self) -> Any:
        """The four as one UNION ALL: (part, customer id, figures padded with NULLs)."""
        branches = []
        for part, query in enumerate(
            (self.interactions, self.followups, self.tickets, self.other_deals)
        ):
            inner = query.subquery(f"part{part}")
            padding = [cast(null(), Float)] * (_CONTACT_WIDTH - len(inner.c))
            branches.append(select(literal(part), *inner.c, *padding))
        return union_all(*branches)


@cache
def _contact_queries_for_all() -> _ContactQueries:
    return _contact_queries(None)


@cache
def _contact_query_for_ids() -> Any:
    return _contact_queries(lambda column: column.in_(bindparam("ids", expanding=True))).combined


def _contact_queries(scope: Callable[[Any], ColumnElement[bool]] | None) -> _ContactQueries:
    """The engagement queries with bound parameters start, end, recent, as_of (and ids)."""
    start, end = bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime())
    recent, as_of = bindparam("recent", type_=UTCDateTime()), bindparam("as_of", type_=Date)

    def grouped(query: Any, column: Any) -> Any:
        return (query if scope is None else query.where(scope(column))).group_by(column)

    done = and_(FollowUp.status == FollowUpStatus.DONE, FollowUp.completed_at < end)
    still_open_then = or_(
        FollowUp.status == FollowUpStatus.OPEN,
        and_(FollowUp.status == FollowUpStatus.DONE, FollowUp.completed_at >= start),
    )
    lost = and_(Deal.stage == DealStage.LOST, Deal.closed_on <= as_of)
    other_deals = select(
        Deal.customer_id,
        _DayNumber(func.max(case((Deal.created_at < end, Deal.created_at)))),
        _DayNumber(func.max(case((lost, Deal.closed_on)))),
        func.sum(case((lost, 1), else_=0)),
    )
    return _ContactQueries(
        interactions=grouped(
            select(
                Interaction.customer_id,
                _DayNumber(func.max(Interaction.occurred_at)),
                func.sum(case((Interaction.occurred_at >= recent, 1), else_=0)),
            ).where(Interaction.occurred_at < end),
            Interaction.customer_id,
        ),
        followups=grouped(
            select(
                FollowUp.customer_id,
                _DayNumber(func.max(case((done, FollowUp.completed_at)))),
                func.sum(case((and_(FollowUp.due_at < start, still_open_then), 1), else_=0)),
            ).where(FollowUp.created_at < end),
            FollowUp.customer_id,
        ),
        tickets=grouped(
            select(
                Ticket.customer_id,
                _DayNumber(func.max(Ticket.opened_at)),
                func.sum(case((Ticket.status.in_(OPEN_STATUSES), 1), else_=0)),
                func.sum(case((Ticket.opened_at >= recent, 1), else_=0)),
                func.avg(cast(Ticket.satisfaction, Float)),
            ).where(Ticket.opened_at < end),
            Ticket.customer_id,
        ),
        # one range of the (stage, customer, ...) index per stage, not a scan of all deals
        other_deals=union_all(
            *(
                grouped(other_deals.where(Deal.stage == stage), Deal.customer_id)
                for stage in DealStage
                if stage is not DealStage.WON
            )
        ),
    )


@dataclass(frozen=True, slots=True)
class PipelineFacts:
    """One customer's deals beyond its orders, for the 7P brief."""

    open_pipeline: Decimal  # deals open at as_of, in the given currency
    products: tuple[str, ...]  # distinct products of its orders, first bought first
    last_product: str | None


def pipeline(*, session: Session, as_of: date, customer_id: int, currency: str) -> PipelineFacts:
    end = datetime.combine(as_of + timedelta(days=1), time(0), UTC)
    params = {"customer": customer_id, "currency": currency, "end": end, "as_of": as_of}
    open_total, bought = _pipeline_queries()
    products = [
        product for product in session.connection().execute(bought, params).scalars() if product
    ]
    return PipelineFacts(
        open_pipeline=_money(session.connection().execute(open_total, params).scalar()),
        products=tuple(dict.fromkeys(products)),
        last_product=products[-1] if products else None,
    )


@cache
def _pipeline_queries() -> tuple[Select[Any], Select[Any]]:
    customer, as_of = bindparam("customer", type_=Integer), bindparam("as_of", type_=Date)
    open_then = or_(
        Deal.stage.in_([DealStage.LEAD, DealStage.QUALIFIED, DealStage.PROPOSAL]),
        Deal.closed_on > as_of,  # closed later: still open on as_of
    )
    open_total = select(func.coalesce(func.sum(type_coerce(Deal.amount, BigInteger)), 0)).where(
        Deal.customer_id == customer,
        Deal.currency == bindparam("currency", type_=String),
        Deal.created_at < bindparam("end", type_=UTCDateTime()),
        open_then,
    )
    bought = (
        select(Deal.product)
        .where(
            Deal.customer_id == customer,
            Deal.stage == DealStage.WON,
            Deal.closed_on <= as_of,
            Deal.product.is_not(None),
        )
        .order_by(Deal.closed_on, Deal.id)
    )
    return open_total, bought
