"""The "7P" customer brief: the product's seven headings mapped to computed figures.

Data in, data out (`../shared/reference/loyalty.md` §8.2). The SQL side gathers a
`CustomerFigures` per customer (purchases, contacts, tickets, deals, and — when the models are
fitted company-wide — their outputs); `seven_p_brief` derives the rest and files every figure
under its P. A figure that cannot be computed (no model, no product data) is None, shown as
"unavailable", never approximated.

| P             | figures                                                                    |
|---------------|----------------------------------------------------------------------------|
| Profiling     | customer since, tenure, lifecycle, RFM scores and segment                  |
| Persistency   | orders, purchase days, repeat buyer, median gap, recency, overdue ratio,   |
|               | P(alive), days since the last contact                                      |
| Profitability | revenue (total, latest window, window before, growth), average order value,|
|               | share of the owner's portfolio                                             |
| Performance   | win rate, tickets (recent, open), satisfaction, recent interactions,       |
|               | health score with its band and top factors                                 |
| Prospecting   | expected orders in 30/90 days, expected revenue in 90 days, 12-month CLV,  |
|               | next expected order date, open and weighted pipeline                       |
| Product       | distinct products bought, last product                                     |
| Promotion     | the segment playbook's next action                                         |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm_core.loyalty import health, rfm


@dataclass(frozen=True, slots=True)
class ModelFigures:
    """One customer's outputs of the company-wide fits (days)."""

    p_alive: float
    expected_orders_30: float
    expected_orders_90: float
    expected_order_value: float | None  # None when the spend model was not usable
    clv_12m: float | None


@dataclass(frozen=True, slots=True)
class CustomerFigures:
    as_of: date
    customer_since: date  # the first won order, else the record's creation
    first_purchase: date | None = None
    last_purchase: date | None = None
    orders: int = 0  # won deals
    purchase_days: int = 0  # distinct days with a won deal
    revenue: float = 0.0
    revenue_recent: float = 0.0  # the latest window (facts: 90 days)
    revenue_before: float = 0.0  # the window of the same length before it
    median_gap_days: float | None = None
    last_contact: date | None = None
    interactions_recent: int = 0
    tickets_recent: int = 0
    open_tickets: int = 0
    satisfaction: float | None = None  # mean ticket rating 1–5
    deals_lost: int = 0
    open_pipeline: float = 0.0
    weighted_pipeline: float | None = None  # Σ amount × stage probability, when known
    products: tuple[str, ...] = ()  # distinct products bought
    last_product: str | None = None
    rfm_scores: tuple[int, int, int] | None = None  # (R, F, M), scored company-wide
    portfolio_revenue: float | None = None  # the owner's portfolio, for the share
    models: ModelFigures | None = None


@dataclass(frozen=True, slots=True)
class Profiling:
    customer_since: date
    tenure_days: int
    lifecycle: rfm.Lifecycle
    rfm_scores: tuple[int, int, int] | None
    segment: rfm.Segment | None


@dataclass(frozen=True, slots=True)
class Persistency:
    orders: int
    purchase_days: int
    repeat_buyer: bool
    median_gap_days: float | None
    recency_days: int | None
    overdue_ratio: float | None
    overdue: bool
    p_alive: float | None
    last_contact_days: int | None


@dataclass(frozen=True, slots=True)
class Profitability:
    revenue_total: float
    revenue_recent: float
    revenue_before: float
    growth_pct: float | None  # None without revenue in the earlier window
    average_order_value: float | None
    portfolio_share: float | None


@dataclass(frozen=True, slots=True)
class Performance:
    win_rate: float | None  # won / (won + lost)
    tickets_recent: int
    open_tickets: int
    satisfaction: float | None
    interactions_recent: int
    health: health.CustomerHealth


@dataclass(frozen=True, slots=True)
class Prospecting:
    expected_orders_30: float | None
    expected_orders_90: float | None
    expected_revenue_90: float | None
    clv_12m: float | None
    next_expected_order: date | None  # the last order + the median gap
    open_pipeline: float
    weighted_pipeline: float | None


@dataclass(frozen=True, slots=True)
class Product:
    distinct_products: int
    products: tuple[str, ...]
    last_product: str | None


@dataclass(frozen=True, slots=True)
class Promotion:
    next_action: rfm.NextAction | None


@dataclass(frozen=True, slots=True)
class SevenPBrief:
    profiling: Profiling
    persistency: Persistency
    profitability: Profitability
    performance: Performance
    prospecting: Prospecting
    product: Product
    promotion: Promotion


def _days(later: date, earlier: date | None) -> int | None:
    return None if earlier is None else (later - earlier).days


def seven_p_brief(figures: CustomerFigures) -> SevenPBrief:
    as_of = figures.as_of
    recency = _days(as_of, figures.last_purchase)
    since_first = _days(as_of, figures.first_purchase)
    overdue = (
        None
        if recency is None
        else health.overdue_ratio(recency, figures.median_gap_days, figures.purchase_days)
    )
    segment = rfm.segment(*figures.rfm_scores[:2]) if figures.rfm_scores is not None else None
    models = figures.models
    last_contact_days = _days(as_of, figures.last_contact)
    customer_health = health.customer_health(
        health.HealthSignals(
            recency_days=recency,
            p_alive=models.p_alive if models else None,
            overdue_ratio=overdue,
            revenue_recent=figures.revenue_recent,
            revenue_before=figures.revenue_before,
            last_contact_days=last_contact_days,
            tickets_recent=figures.tickets_recent,
            open_tickets=figures.open_tickets,
            satisfaction=figures.satisfaction,
        )
    )
    closed = figures.orders + figures.deals_lost
    expected_revenue_90 = (
        models.expected_orders_90 * models.expected_order_value
        if models is not None and models.expected_order_value is not None
        else None
    )
    next_order = (
        figures.last_purchase + timedelta(days=round(figures.median_gap_days))
        if figures.last_purchase is not None and figures.median_gap_days is not None
        else None
    )
    return SevenPBrief(
        profiling=Profiling(
            customer_since=figures.customer_since,
            tenure_days=(as_of - figures.customer_since).days,
            lifecycle=rfm.lifecycle(
                days_since_first_purchase=since_first,
                recency_days=recency,
                overdue_ratio=overdue,
            ),
            rfm_scores=figures.rfm_scores,
            segment=segment,
        ),
        persistency=Persistency(
            orders=figures.orders,
            purchase_days=figures.purchase_days,
            repeat_buyer=figures.purchase_days >= 2,
            median_gap_days=figures.median_gap_days,
            recency_days=recency,
            overdue_ratio=overdue,
            overdue=overdue is not None and overdue > health.OVERDUE_RATIO,
            p_alive=models.p_alive if models else None,
            last_contact_days=last_contact_days,
        ),
        profitability=Profitability(
            revenue_total=figures.revenue,
            revenue_recent=figures.revenue_recent,
            revenue_before=figures.revenue_before,
            growth_pct=100.0 * (figures.revenue_recent / figures.revenue_before - 1.0)
            if figures.revenue_before > 0
            else None,
            average_order_value=figures.revenue / figures.orders if figures.orders else None,
            portfolio_share=figures.revenue / figures.portfolio_revenue
            if figures.portfolio_revenue
            else None,
        ),
        performance=Performance(
            win_rate=figures.orders / closed if closed else None,
            tickets_recent=figures.tickets_recent,
            open_tickets=figures.open_tickets,
            satisfaction=figures.satisfaction,
            interactions_recent=figures.interactions_recent,
            health=customer_health,
        ),
        prospecting=Prospecting(
            expected_orders_30=models.expected_orders_30 if models else None,
            expected_orders_90=models.expected_orders_90 if models else None,
            expected_revenue_90=expected_revenue_90,
            clv_12m=models.clv_12m if models else None,
            next_expected_order=next_order,
            open_pipeline=figures.open_pipeline,
            weighted_pipeline=figures.weighted_pipeline,
        ),
        product=Product(
            distinct_products=len(set(figures.products)),
            products=figures.products,
            last_product=figures.last_product,
        ),
        promotion=Promotion(next_action=rfm.NEXT_ACTION[segment] if segment else None),
    )
