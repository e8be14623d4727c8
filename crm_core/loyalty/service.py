"""Loyalty summaries: one customer's, and a portfolio's (an owner, a team, or all one may see).

Company-wide first, then per portfolio. RFM scores and the purchase and spend models only mean
something against the whole customer base (a rep's 2,000 customers are too few to fit, and
scores ranked within each rep's book would not compare), so the company's purchase table, its
RFM reference and the fitted models form one *snapshot* per database and as-of date, cached in
the process and aggregated per portfolio.

Freshness. A snapshot is keyed by a fingerprint of the won deals up to the date (count, Σ
amounts, Σ ids, max id). A portfolio always re-checks it (one index scan, far below the cost of
the portfolio), so it is never stale. A single customer summary must answer in milliseconds, so
it re-checks only when a deal was added since (the newest deal id, one index lookup) or
`RECHECK_SECONDS` have passed; between checks only the company-wide references (score
thresholds, model parameters) can lag, the customer's own figures are always read live.

Every figure is computed in bulk: SQL aggregations in `facts`, then numpy over columns; no
per-customer query, no per-customer Python loop over a portfolio.

Definitions (`../shared/reference/loyalty.md` §8). Orders are won deals closed by the date, in
the customer's main currency; purchase days merge same-day orders (what the models count). Last
contact: the latest interaction, follow-up done, ticket opened, order, or other deal recorded
(UTC dates). At risk: P(alive) < 0.5 with two orders or more, or an overdue ratio above 2. Money
in a portfolio sums the customers of its most common currency only (the others are counted).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Integer, and_, bindparam, case, select
from sqlalchemy.orm import Session

from crm_core import permissions
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.errors import ForbiddenError, InvalidInputError, NotFoundError
from crm_core.loyalty import bgnbd, brief, clv, facts, health, rfm, sufficiency
from crm_core.loyalty.facts import FloatArray, IntArray, PurchaseTable
from crm_core.loyalty.schemas import (
    AtRisk,
    Counts,
    CustomerLoyalty,
    Forecast,
    Health,
    HealthBands,
    HealthFactor,
    LifecycleCount,
    ModelKind,
    ModelsInfo,
    NotContacted,
    Performance,
    Persistency,
    Portfolio,
    PortfolioCustomer,
    PortfolioScope,
    Product,
    Profiling,
    Profitability,
    Promotion,
    Prospecting,
    PurchaseParams,
    Retention,
    Revenue,
    Rfm,
    SegmentCount,
    Service,
    SevenP,
    SpendParams,
    Unavailable,
)
from crm_core.staff.models import Role, Staff, Team
from crm_core.staff.service import SYSTEM_EMAIL
from crm_core.timeutil import utcnow, zone

RECHECK_SECONDS = 60.0
EARLIEST_AS_OF = date(1900, 1, 1)
LATEST_AS_OF = date(2999, 12, 31)
AT_RISK_P_ALIVE = 0.5
AT_RISK_MIN_ORDERS = 2
HEAVY_SERVICE_TICKETS = 4  # mlc_churn: churn jumps at four service calls
NOT_CONTACTED_SHOWN = 20
TOP_SHARE = 0.2
SPEND_MODEL = "gamma_gamma"
_CACHED_SNAPSHOTS = 4  # a snapshot of 100,000 customers holds ~20 MB of arrays
_VARIANTS = {ModelKind.MBG_NBD: bgnbd.Variant.MBG, ModelKind.BG_NBD: bgnbd.Variant.BG}
_SEGMENTS = tuple(rfm.Segment)
_LIFECYCLES = tuple(rfm.Lifecycle)
_GRID = np.array([[_SEGMENTS.index(cell) for cell in row] for row in rfm.RF_GRID])
RECENT_DAYS = facts.RECENT_WINDOW.days
MAX_LIMIT = 500
_MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL: larger ones cannot exist
_OWNER_BOOK = select(Customer.id).where(Customer.owner_id == bindparam("owner", type_=Integer))
_HUNDREDTHS = Decimal("0.01")


# -- the company snapshot ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Models:
    """The company-wide fits for one model kind and their outputs per customer of the table
    (NaN throughout when unavailable)."""

    info: ModelsInfo
    purchase: bgnbd.BetaGeoParams | None
    spend: clv.GammaGammaParams | None
    period_days: int
    p_alive: FloatArray
    expected_30d: FloatArray
    expected_90d: FloatArray
    order_value: FloatArray
    clv_12m: FloatArray


@dataclass(slots=True, eq=False)
class Snapshot:
    """The company's purchase table as of a date, its RFM reference, and fitted models."""

    as_of: date
    fingerprint: tuple[int, int, int, int]
    latest_deal_id: int
    checked_at: float
    table: PurchaseTable
    scores: rfm.RfmScores
    reference: tuple[FloatArray, FloatArray, FloatArray]  # sorted keys of R, F and M
    segment_codes: IntArray  # index into rfm.Segment, per customer of the table
    models: dict[tuple[ModelKind, int], Models] = field(default_factory=dict)

    def score(self, recency_days: float, orders: float, revenue: float) -> tuple[int, int, int]:
        """A customer's R, F, M against the company (the tie-consistent rank recipe)."""
        return (
            _score_against(self.reference[0], -recency_days),
            _score_against(self.reference[1], orders),
            _score_against(self.reference[2], revenue),
        )


_cache: OrderedDict[tuple[str, date], Snapshot] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every snapshot (tests, benchmarks)."""
    with _cache_lock:
        _cache.clear()


def snapshot(*, session: Session, as_of: date, verify: bool = True) -> Snapshot:
    """The company snapshot for `as_of`, rebuilt when the won deals changed (see the module
    docstring for when `verify=False` trusts the cached one)."""
    key = (_database_key(session), as_of)
    with _cache_lock:
        cached = _cache.get(key)
    now = time.monotonic()
    latest = facts.latest_deal_id(session=session)
    if (
        cached is not None
        and not verify
        and latest == cached.latest_deal_id
        and now - cached.checked_at < RECHECK_SECONDS
    ):
        return cached
    fingerprint = facts.won_deals_fingerprint(session=session, as_of=as_of)
    if cached is not None and cached.fingerprint == fingerprint:
        cached.checked_at, cached.latest_deal_id = now, latest
        return cached
    built = _build_snapshot(session, as_of, fingerprint, latest, now)
    with _cache_lock:
        _cache[key] = built
        _cache.move_to_end(key)
        while len(_cache) > _CACHED_SNAPSHOTS:
            _cache.popitem(last=False)
    return built


def _database_key(session: Session) -> str:
    bind = session.get_bind()
    return bind.engine.url.render_as_string(hide_password=True)


def _build_snapshot(
    session: Session,
    as_of: date,
    fingerprint: tuple[int, int, int, int],
    latest: int,
    now: float,
) -> Snapshot:
    table = facts.purchase_table(session=session, as_of=as_of)
    recency = (facts.day_number(as_of) - table.last_day).astype(np.float64)
    orders = table.orders.astype(np.float64)
    revenue = table.revenue.astype(np.float64)
    scores = rfm.rfm_scores(recency, orders, revenue)
    return Snapshot(
        as_of=as_of,
        fingerprint=fingerprint,
        latest_deal_id=latest,
        checked_at=now,
        table=table,
        scores=scores,
        reference=(np.sort(-recency), np.sort(orders), np.sort(revenue)),
        segment_codes=_GRID[scores.recency - 1, scores.frequency - 1],
    )


def _score_against(reference: FloatArray, value: float) -> int:
    """`rfm.tie_consistent_scores` for one value: 1 + ((rank − 1) · 5) div n."""
    size = max(reference.size, 1)
    below = int(np.searchsorted(reference, value, side="left"))
    # a customer newer than the snapshot may rank past its end: still the top score
    return min(1 + (below * rfm.SCORE_LEVELS) // size, rfm.SCORE_LEVELS)


def company_models(
    *, snap: Snapshot, kind: ModelKind = ModelKind.MBG_NBD, period_days: int = 1
) -> Models:
    """The snapshot's models of one kind, fitted on first use. The product works in days;
    `period_days=7` reproduces the literature's weekly set-up (CDNOW)."""
    key = (kind, period_days)
    fitted = snap.models.get(key)
    if fitted is None:
        fitted = _fit(snap.table, kind, period_days)
        snap.models[key] = fitted
    return fitted


def _histories(
    table: PurchaseTable, period_days: int
) -> tuple[bgnbd.PurchaseHistories, FloatArray, FloatArray]:
    """(x, t_x, T) in periods, and the Gamma-Gamma inputs x and m_x (repeat days' mean)."""
    today = facts.day_number(table.as_of)
    x = (table.purchase_days - 1).astype(np.float64)
    histories = bgnbd.PurchaseHistories.of(
        x,
        (table.last_day - table.first_day) / period_days,
        (today - table.first_day) / period_days,
    )
    repeat_spend = (table.revenue - table.first_day_revenue) / 100.0
    mean_repeat = np.divide(repeat_spend, x, out=np.zeros_like(x), where=x > 0)
    return histories, x, mean_repeat


def _fit(table: PurchaseTable, kind: ModelKind, period_days: int) -> Models:
    size = len(table)
    nothing = np.full(size, np.nan)
    repeat_buyers = int(np.count_nonzero(table.purchase_days >= 2))
    info: dict[str, Any] = {
        "requested": kind,
        "purchase_model": None,
        "spend_model": None,
        "reason": None,
        "spend_reason": None,
        "customers": size,
        "repeat_buyers": repeat_buyers,
        "min_customers": sufficiency.MIN_CUSTOMERS,
        "min_repeat_buyers": sufficiency.MIN_REPEAT_BUYERS,
        "spend_frequency_correlation": None,
        "params": None,
        "spend_params": None,
    }

    def unavailable(reason: Unavailable) -> Models:
        info["reason"] = info["spend_reason"] = reason
        return Models(ModelsInfo(**info), None, None, period_days, *([nothing] * 5))

    if not sufficiency.enough_data_for_models(size, repeat_buyers):
        return unavailable(Unavailable.INSUFFICIENT_DATA)
    histories, x, mean_repeat = _histories(table, period_days)
    fit = bgnbd.fit(histories, variant=_VARIANTS[kind])
    if not fit.converged:
        return unavailable(Unavailable.NOT_CONVERGED)
    params = fit.params
    month = clv.DAYS_PER_MONTH / period_days
    info["purchase_model"] = kind
    info["params"] = PurchaseParams(
        r=params.r, alpha=params.alpha * period_days, a=params.a, b=params.b
    )
    correlation = clv.spend_frequency_correlation(x, mean_repeat)
    info["spend_frequency_correlation"] = correlation
    spend: clv.GammaGammaParams | None = None
    order_value, lifetime_value = nothing, nothing
    if not sufficiency.spend_model_usable(correlation):
        info["spend_reason"] = (
            Unavailable.INSUFFICIENT_DATA
            if correlation is None
            else Unavailable.SPEND_DEPENDS_ON_FREQUENCY
        )
    else:
        spend_fit = clv.fit_gamma_gamma(x, mean_repeat)
        if spend_fit.converged and spend_fit.params.q > 1.0:
            spend = spend_fit.params
            info["spend_model"] = SPEND_MODEL
            info["spend_params"] = SpendParams(p=spend.p, q=spend.q, v=spend.v)
            order_value = clv.expected_order_value(spend, x, mean_repeat)
            lifetime_value = clv.customer_lifetime_value(
                params, histories, order_value, periods_per_month=month
            )
        else:
            info["spend_reason"] = Unavailable.NOT_CONVERGED
    return Models(
        info=ModelsInfo(**info),
        purchase=params,
        spend=spend,
        period_days=period_days,
        p_alive=bgnbd.probability_alive(params, histories),
        expected_30d=bgnbd.expected_purchases(params, histories, 30.0 / period_days),
        expected_90d=bgnbd.expected_purchases(params, histories, 90.0 / period_days),
        order_value=order_value,
        clv_12m=lifetime_value,
    )


def _predict(models: Models, table: PurchaseTable) -> tuple[FloatArray, ...]:
    """The fitted models applied to (live) histories outside the snapshot."""
    nothing = np.full(len(table), np.nan)
    if models.purchase is None or not len(table):
        return nothing, nothing, nothing, nothing, nothing
    period = models.period_days
    histories, x, mean_repeat = _histories(table, period)
    params = models.purchase
    order_value, lifetime_value = nothing, nothing
    if models.spend is not None:
        order_value = clv.expected_order_value(models.spend, x, mean_repeat)
        lifetime_value = clv.customer_lifetime_value(
            params, histories, order_value, periods_per_month=clv.DAYS_PER_MONTH / period
        )
    return (
        bgnbd.probability_alive(params, histories),
        bgnbd.expected_purchases(params, histories, 30.0 / period),
        bgnbd.expected_purchases(params, histories, 90.0 / period),
        order_value,
        lifetime_value,
    )


# -- one customer ---------------------------------------------------------------------------


def customer_summary(
    *,
    session: Session,
    actor: Staff,
    customer_id: int,
    as_of: date,
    model: ModelKind = ModelKind.MBG_NBD,
) -> CustomerLoyalty:
    """A customer the actor may see (else the customers service's NotFound / Forbidden)."""
    _check_as_of(as_of)
    customer = customers.get(session=session, actor=actor, customer_id=customer_id)
    snap = snapshot(session=session, as_of=as_of, verify=False)
    models = company_models(snap=snap, kind=model)
    own = facts.purchase_table(session=session, as_of=as_of, customer_ids=[customer.id])
    ids = np.array([customer.id], dtype=np.int64)
    contacts = facts.contact_table(
        session=session, as_of=as_of, customer_ids=ids, scope=[customer.id]
    )
    bought = len(own) == 1
    currency = str(own.currency[0]) if bought else None
    p_alive, e30, e90, order_value, lifetime = (
        _optional(values[0]) if bought else None for values in _predict(models, own)
    )
    today = facts.day_number(as_of)
    recency = int(today - own.last_day[0]) if bought else None
    revenue = int(own.revenue[0]) if bought else 0
    orders = int(own.orders[0]) if bought else 0
    scores = snap.score(recency, orders, revenue) if recency is not None else None
    last_contact_day = np.fmax(
        contacts.last_contact_day[0], float(own.last_day[0]) if bought else np.nan
    )
    last_contact = None if math.isnan(last_contact_day) else facts.day_of(last_contact_day)
    pipeline = facts.pipeline(
        session=session, as_of=as_of, customer_id=customer.id, currency=currency or "CNY"
    )
    figures = brief.CustomerFigures(
        as_of=as_of,
        customer_since=facts.day_of(own.first_day[0])
        if bought
        else min(customer.created_at.astimezone(UTC).date(), as_of),
        first_purchase=facts.day_of(own.first_day[0]) if bought else None,
        last_purchase=facts.day_of(own.last_day[0]) if bought else None,
        orders=orders,
        purchase_days=int(own.purchase_days[0]) if bought else 0,
        revenue=revenue / 100,
        revenue_recent=int(own.revenue_recent[0]) / 100 if bought else 0.0,
        revenue_before=int(own.revenue_before[0]) / 100 if bought else 0.0,
        median_gap_days=_optional(own.median_gap[0]) if bought else None,
        last_contact=last_contact,
        interactions_recent=int(contacts.interactions_recent[0]),
        tickets_recent=int(contacts.tickets_recent[0]),
        open_tickets=int(contacts.open_tickets[0]),
        satisfaction=_optional(contacts.satisfaction[0]),
        deals_lost=int(contacts.lost_deals[0]),
        open_pipeline=float(pipeline.open_pipeline),
        products=pipeline.products,
        last_product=pipeline.last_product,
        rfm_scores=scores,
        portfolio_revenue=_owner_revenue(session, snap, customer, currency),
        models=brief.ModelFigures(
            p_alive=p_alive,
            expected_orders_30=e30 or 0.0,
            expected_orders_90=e90 or 0.0,
            expected_order_value=order_value,
            clv_12m=lifetime,
        )
        if p_alive is not None
        else None,
    )
    seven = brief.seven_p_brief(figures)
    customer_health = seven.performance.health
    segment = seven.profiling.segment
    return CustomerLoyalty(
        customer_id=customer.id,
        name=customer.name,
        as_of=as_of,
        currency=currency,
        p_alive=p_alive,
        expected_purchases_30d=e30,
        expected_purchases_90d=e90,
        expected_order_value=order_value,
        clv_12m=lifetime,
        rfm=Rfm(
            recency_days=recency,
            frequency=orders,
            monetary=_money(revenue),
            r=scores[0] if scores else None,
            f=scores[1] if scores else None,
            m=scores[2] if scores else None,
            segment=segment,
        ),
        last_contact=last_contact,
        overdue_ratio=seven.persistency.overdue_ratio,
        lifecycle=seven.profiling.lifecycle,
        health=Health(
            score=customer_health.score,
            band=customer_health.band,
            factors=[
                HealthFactor(
                    factor=one.factor, score=one.score, weight=one.weight, points=one.points
                )
                for one in customer_health.top_factors()
            ],
        ),
        seven_p=_seven_p(seven, own, revenue, pipeline, contacts),
        next_action=seven.promotion.next_action,
        models=models.info,
    )


def _seven_p(
    seven: brief.SevenPBrief,
    own: PurchaseTable,
    revenue: int,
    pipeline: facts.PipelineFacts,
    contacts: facts.ContactTable,
) -> SevenP:
    bought = len(own) == 1
    profitability = seven.profitability
    prospecting = seven.prospecting
    return SevenP(
        profiling=Profiling(
            customer_since=seven.profiling.customer_since,
            tenure_days=seven.profiling.tenure_days,
            lifecycle=seven.profiling.lifecycle,
            segment=seven.profiling.segment,
        ),
        persistency=Persistency(
            orders=seven.persistency.orders,
            purchase_days=seven.persistency.purchase_days,
            repeat_buyer=seven.persistency.repeat_buyer,
            median_gap_days=seven.persistency.median_gap_days,
            recency_days=seven.persistency.recency_days,
            overdue_ratio=seven.persistency.overdue_ratio,
            overdue=seven.persistency.overdue,
            p_alive=seven.persistency.p_alive,
            last_contact_days=seven.persistency.last_contact_days,
        ),
        profitability=Profitability(
            revenue_total=_money(revenue),
            revenue_recent=_money(int(own.revenue_recent[0]) if bought else 0),
            revenue_before=_money(int(own.revenue_before[0]) if bought else 0),
            growth_pct=profitability.growth_pct,
            average_order_value=_money(revenue / seven.persistency.orders)
            if seven.persistency.orders
            else None,
            portfolio_share=profitability.portfolio_share,
        ),
        performance=Performance(
            win_rate=seven.performance.win_rate,
            deals_lost=int(contacts.lost_deals[0]),
            tickets_recent=seven.performance.tickets_recent,
            open_tickets=seven.performance.open_tickets,
            satisfaction=seven.performance.satisfaction,
            interactions_recent=seven.performance.interactions_recent,
            followups_overdue=int(contacts.followups_overdue[0]),
            health_score=seven.performance.health.score,
        ),
        prospecting=Prospecting(
            expected_orders_30d=prospecting.expected_orders_30,
            expected_orders_90d=prospecting.expected_orders_90,
            expected_revenue_90d=prospecting.expected_revenue_90,
            clv_12m=prospecting.clv_12m,
            next_expected_order=prospecting.next_expected_order,
            open_pipeline=pipeline.open_pipeline,
        ),
        product=Product(
            distinct_products=seven.product.distinct_products,
            products=list(seven.product.products),
            last_product=seven.product.last_product,
        ),
        promotion=Promotion(next_action=seven.promotion.next_action),
    )


def _owner_revenue(
    session: Session, snap: Snapshot, customer: Customer, currency: str | None
) -> float | None:
    """The owner's whole book in the customer's currency (for the customer's share of it)."""
    if customer.owner_id is None or currency is None:
        return None
    book = facts.fetch_columns(
        session=session, query=_OWNER_BOOK, params={"owner": customer.owner_id}
    )
    rows, found = snap.table.positions(np.sort(book[:, 0].astype(np.int64)))
    rows = rows[found]
    same = snap.table.currency[rows] == currency
    return float(snap.table.revenue[rows][same].sum()) / 100


# -- a portfolio ------------------------------------------------------------------------------


def local_today(actor: Staff) -> date:
    """The default as-of date: today where the reader is."""
    return utcnow().astimezone(zone(actor.timezone)).date()


def find_owner(*, session: Session, key: str) -> Staff:
    """A staff member by id or e-mail (the API's and the CLI's `owner`); NotFound otherwise."""
    key = key.strip()
    if key.isdigit():
        staff = session.get(Staff, int(key)) if int(key) <= _MAX_ID else None
    else:
        staff = session.scalar(select(Staff).where(Staff.email == key.lower()))
    if staff is None or staff.email == SYSTEM_EMAIL:
        raise NotFoundError("staff.not_found", email=key)
    return staff


def find_team(*, session: Session, key: str) -> Team:
    """A team by id or name (the API's and the CLI's `team`); NotFound otherwise."""
    key = key.strip()
    team = session.get(Team, int(key)) if key.isdigit() and int(key) <= _MAX_ID else None
    if team is None:
        team = session.scalar(select(Team).where(Team.name == key))
    if team is None:
        raise NotFoundError("team.not_found", team=key)
    return team


@dataclass(frozen=True, slots=True, eq=False)
class _Book:
    """Every portfolio customer's figures as columns, in customer id order."""

    ids: IntArray
    owner: FloatArray  # NaN: unowned
    bought: NDArray[np.bool_]
    currency: NDArray[np.str_]  # "" for prospects
    orders: IntArray
    revenue: IntArray
    revenue_12m: IntArray
    revenue_prev_12m: IntArray
    bought_prev_12m: NDArray[np.bool_]
    recency: FloatArray  # NaN: never bought
    segment: IntArray  # index into rfm.Segment, -1: never bought
    lifecycle: IntArray  # index into rfm.Lifecycle
    p_alive: FloatArray
    expected_90d: FloatArray
    order_value: FloatArray
    clv_12m: FloatArray
    overdue: FloatArray
    last_contact: FloatArray  # day number, NaN: never
    health: FloatArray  # NaN: nothing known
    contacts: facts.ContactTable


def portfolio_summary(
    *,
    session: Session,
    actor: Staff,
    as_of: date,
    owner_id: int | None = None,
    team_id: int | None = None,
    model: ModelKind = ModelKind.MBG_NBD,
    limit: int = 50,
    offset: int = 0,
) -> Portfolio:
    """The customers the actor may see, narrowed to one owner's or one team's. Reps and
    managers may ask for themselves, a teammate or their team; admins and service staff for
    anyone (ForbiddenError otherwise)."""
    permissions.require_active(actor)
    _check_as_of(as_of)
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInputError("list.bad_page", limit=limit, offset=offset)
    condition = _scope(session, actor, owner_id, team_id)
    everyone = owner_id is None and team_id is None and actor.role in (Role.ADMIN, Role.SERVICE)
    snap = snapshot(session=session, as_of=as_of, verify=True)
    models = company_models(snap=snap, kind=model)
    book = _book(session, snap, models, as_of, condition, everyone=everyone)
    return _aggregate(
        session,
        book,
        as_of=as_of,
        scope=PortfolioScope(owner_id=owner_id, team_id=team_id),
        models=models,
        limit=limit,
        offset=offset,
    )


def _scope(
    session: Session, actor: Staff, owner_id: int | None, team_id: int | None
) -> ColumnElement[bool]:
    broad = actor.role in (Role.ADMIN, Role.SERVICE)
    conditions = [permissions.visible_customers(actor)]
    if owner_id is not None:
        owner = session.get(Staff, owner_id)
        if owner is None:
            raise NotFoundError("staff.not_found", staff_id=owner_id)
        same_team = actor.team_id is not None and owner.team_id == actor.team_id
        if not (broad or owner.id == actor.id or same_team):
            raise ForbiddenError("loyalty.portfolio_forbidden", owner_id=owner_id)
        conditions.append(Customer.owner_id == owner_id)
    if team_id is not None:
        if session.get(Team, team_id) is None:
            raise NotFoundError("team.not_found", team=team_id)
        if not (broad or team_id == actor.team_id):
            raise ForbiddenError("loyalty.portfolio_forbidden", team_id=team_id)
        members = select(Staff.id).where(Staff.team_id == team_id).scalar_subquery()
        conditions.append(Customer.owner_id.in_(members))
    return and_(*conditions)


def _book(
    session: Session,
    snap: Snapshot,
    models: Models,
    as_of: date,
    condition: ColumnElement[bool],
    *,
    everyone: bool,
) -> _Book:
    """The portfolio's customers (existing by `as_of`, or buying by then) with their figures:
    purchases, scores and model outputs from the snapshot, contacts read now."""
    end = datetime.combine(as_of + timedelta(days=1), datetime.min.time(), UTC)
    listed = facts.fetch_columns(
        session=session,
        query=select(
            Customer.id, Customer.owner_id, case((Customer.created_at < end, 1), else_=0)
        ).where(condition),
    )
    listed = listed[np.argsort(listed[:, 0], kind="stable")]
    ids = listed[:, 0].astype(np.int64)
    table = snap.table
    rows, bought = table.positions(ids)
    keep = bought | (listed[:, 2] > 0)
    ids, rows, bought = ids[keep], rows[keep], bought[keep]
    owner = listed[keep, 1]

    def take(column: NDArray[Any], fill: Any) -> NDArray[Any]:
        values = np.full(ids.size, fill, dtype=column.dtype if column.size else None)
        values[bought] = column[rows[bought]]
        return values

    today = facts.day_number(as_of)
    last_day = take(table.last_day.astype(np.float64), np.nan)
    recency = today - last_day
    purchase_days = take(table.purchase_days, 0)
    overdue = health.overdue_ratios(recency, take(table.median_gap, np.nan), purchase_days)
    contacts = facts.contact_table(
        session=session,
        as_of=as_of,
        customer_ids=ids,
        scope=None if everyone else select(Customer.id).where(condition),
    )
    last_contact = np.fmax(contacts.last_contact_day, last_day)
    p_alive = take(models.p_alive, np.nan)
    scored = health.health_scores(
        health.HealthColumns(
            recency_days=recency,
            p_alive=p_alive,
            overdue_ratio=overdue,
            revenue_recent=take(table.revenue_recent, 0) / 100,
            revenue_before=take(table.revenue_before, 0) / 100,
            last_contact_days=today - last_contact,
            tickets_recent=contacts.tickets_recent.astype(np.float64),
            open_tickets=contacts.open_tickets.astype(np.float64),
            satisfaction=contacts.satisfaction,
        )
    )
    return _Book(
        ids=ids,
        owner=owner,
        bought=bought,
        currency=take(table.currency, ""),
        orders=take(table.orders, 0),
        revenue=take(table.revenue, 0),
        revenue_12m=take(table.revenue_12m, 0),
        revenue_prev_12m=take(table.revenue_prev_12m, 0),
        bought_prev_12m=take(table.days_prev_12m, 0) > 0,
        recency=recency,
        segment=take(snap.segment_codes, -1),
        lifecycle=_lifecycles(today - take(table.first_day, 0), recency, overdue, bought),
        p_alive=p_alive,
        expected_90d=take(models.expected_90d, np.nan),
        order_value=take(models.order_value, np.nan),
        clv_12m=take(models.clv_12m, np.nan),
        overdue=overdue,
        last_contact=last_contact,
        health=scored.score,
        contacts=contacts,
    )


def _lifecycles(
    since_first: IntArray, recency: FloatArray, overdue: FloatArray, bought: NDArray[np.bool_]
) -> IntArray:
    """`rfm.lifecycle` over columns, as codes into rfm.Lifecycle."""
    lapsing = np.where(
        np.isfinite(overdue), overdue > rfm.OVERDUE_RATIO, recency > rfm.LAPSING_DAYS
    )
    code = {stage: number for number, stage in enumerate(_LIFECYCLES)}
    stages: IntArray = np.select(
        [~bought, since_first < rfm.NEW_CUSTOMER_DAYS, recency > rfm.LOST_DAYS, lapsing],
        [
            code[rfm.Lifecycle.PROSPECT],
            code[rfm.Lifecycle.NEW],
            code[rfm.Lifecycle.LOST],
            code[rfm.Lifecycle.LAPSING],
        ],
        code[rfm.Lifecycle.ACTIVE],
    )
    return stages


def _aggregate(
    session: Session,
    book: _Book,
    *,
    as_of: date,
    scope: PortfolioScope,
    models: Models,
    limit: int,
    offset: int,
) -> Portfolio:
    bought = book.bought
    currency = _main_currency(book.currency[bought])
    money = bought & (book.currency == currency)
    buyers = int(bought.sum())
    repeat = int(np.count_nonzero(book.orders >= 2))
    previous = book.bought_prev_12m
    retained = int(np.count_nonzero(previous & (book.recency < rfm.LOST_DAYS)))
    at_risk = bought & (
        ((book.p_alive < AT_RISK_P_ALIVE) & (book.orders >= AT_RISK_MIN_ORDERS))
        | (book.overdue > health.OVERDUE_RATIO)
    )
    cant_lose = _SEGMENTS.index(rfm.Segment.CANT_LOSE_THEM)
    risky = np.flatnonzero(at_risk)
    risky = risky[
        np.lexsort((book.ids[risky], -book.revenue[risky], book.segment[risky] != cant_lose))
    ]
    days_since = facts.day_number(as_of) - book.last_contact
    silent_30, silent_90 = ~(days_since <= 30), ~(days_since <= 90)
    quiet = np.flatnonzero(silent_90)
    quiet = quiet[np.lexsort((book.ids[quiet], -book.revenue[quiet]))][:NOT_CONTACTED_SHOWN]
    page = risky[offset : offset + limit]
    names = _names(session, book.ids[np.concatenate((page, quiet))])
    spend = models.spend is not None
    forecast_orders = _optional(np.nansum(book.expected_90d[bought]))
    return Portfolio(
        as_of=as_of,
        scope=scope,
        currency=currency,
        other_currency_customers=buyers - int(money.sum()),
        customers=Counts(
            total=int(book.ids.size),
            buyers=buyers,
            prospects=int(book.ids.size) - buyers,
            active_90d=int(np.count_nonzero(bought & (book.recency < RECENT_DAYS))),
            lapsed_365d=int(np.count_nonzero(bought & (book.recency > rfm.LOST_DAYS))),
            repeat_buyers=repeat,
            repeat_rate=repeat / buyers if buyers else None,
        ),
        segments=[
            SegmentCount(
                segment=segment,
                customers=int(np.count_nonzero(book.segment == code)),
                revenue=_money(book.revenue[money & (book.segment == code)].sum()),
            )
            for code, segment in enumerate(_SEGMENTS)
        ],
        lifecycle=[
            LifecycleCount(
                lifecycle=stage,
                customers=int(np.count_nonzero(book.lifecycle == code)),
                revenue=_money(book.revenue[money & (book.lifecycle == code)].sum()),
            )
            for code, stage in enumerate(_LIFECYCLES)
        ],
        retention=Retention(
            previous_buyers=int(previous.sum()),
            retained=retained,
            churned=int(previous.sum()) - retained,
            rate=retained / int(previous.sum()) if previous.any() else None,
        ),
        revenue=_revenue(book, money),
        forecast=Forecast(
            expected_orders_90d=forecast_orders if models.purchase is not None else None,
            expected_revenue_90d=_optional(np.nansum((book.expected_90d * book.order_value)[money]))
            if spend
            else None,
            clv_12m=_optional(np.nansum(book.clv_12m[money])) if spend else None,
        ),
        at_risk=AtRisk(
            total=int(risky.size),
            revenue=_money(book.revenue[at_risk & money].sum()),
            limit=limit,
            offset=offset,
            items=[_listed(book, index, names) for index in page.tolist()],
        ),
        not_contacted=NotContacted(
            days_30=int(silent_30.sum()),
            days_90=int(silent_90.sum()),
            items=[_listed(book, index, names) for index in quiet.tolist()],
        ),
        service=Service(
            open_tickets=int(book.contacts.open_tickets.sum()),
            customers_with_4_tickets_90d=int(
                np.count_nonzero(book.contacts.tickets_recent >= HEAVY_SERVICE_TICKETS)
            ),
            followups_overdue=int(book.contacts.followups_overdue.sum()),
        ),
        health=HealthBands(
            green=int(np.count_nonzero(book.health >= health.GREEN_FROM)),
            yellow=int(
                np.count_nonzero(
                    (book.health >= health.YELLOW_FROM) & (book.health < health.GREEN_FROM)
                )
            ),
            red=int(np.count_nonzero(book.health < health.YELLOW_FROM)),
            unknown=int(np.count_nonzero(np.isnan(book.health))),
        ),
        models=models.info,
    )


def _main_currency(currencies: NDArray[np.str_]) -> str | None:
    """The most common currency (ties alphabetical), None without buyers."""
    if not currencies.size:
        return None
    values, counts = np.unique(currencies, return_counts=True)
    return str(values[int(np.argmax(counts))])


def _revenue(book: _Book, money: NDArray[np.bool_]) -> Revenue:
    last, previous = int(book.revenue_12m[money].sum()), int(book.revenue_prev_12m[money].sum())
    spread = np.sort(book.revenue_12m[money & (book.revenue_12m > 0)])[::-1]
    top = math.ceil(TOP_SHARE * spread.size)
    return Revenue(
        total=_money(book.revenue[money].sum()),
        last_12m=_money(last),
        previous_12m=_money(previous),
        growth_pct=100.0 * (last / previous - 1.0) if previous else None,
        top_20pct_share=float(spread[:top].sum()) / last if last else None,
        largest_share=float(spread[0]) / last if last else None,
    )


def _names(session: Session, ids: IntArray) -> dict[int, str]:
    if not ids.size:
        return {}
    query = select(Customer.id, Customer.name).where(Customer.id.in_(ids.tolist()))
    return {int(row[0]): str(row[1]) for row in session.connection().execute(query)}


def _listed(book: _Book, index: int, names: dict[int, str]) -> PortfolioCustomer:
    bought = bool(book.bought[index])
    segment = _SEGMENTS[book.segment[index]] if book.segment[index] >= 0 else None
    last_contact = book.last_contact[index]
    return PortfolioCustomer(
        customer_id=int(book.ids[index]),
        name=names.get(int(book.ids[index]), ""),
        owner_id=None if math.isnan(book.owner[index]) else int(book.owner[index]),
        currency=str(book.currency[index]) if bought else None,
        revenue=_money(book.revenue[index]),
        orders=int(book.orders[index]),
        recency_days=int(book.recency[index]) if bought else None,
        segment=segment,
        lifecycle=_LIFECYCLES[book.lifecycle[index]],
        p_alive=_optional(book.p_alive[index]),
        overdue_ratio=_optional(book.overdue[index]),
        last_contact=None if math.isnan(last_contact) else facts.day_of(last_contact),
        next_action=rfm.NEXT_ACTION[segment] if segment else None,
    )


# -- helpers ----------------------------------------------------------------------------------


def _check_as_of(as_of: date) -> None:
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise InvalidInputError(
            "loyalty.as_of_out_of_range",
            as_of=as_of.isoformat(),
            earliest=EARLIEST_AS_OF.isoformat(),
            latest=LATEST_AS_OF.isoformat(),
        )


def _optional(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def _money(hundredths: float) -> Decimal:
    return (Decimal(round(hundredths)) / 100).quantize(_HUNDREDTHS)
