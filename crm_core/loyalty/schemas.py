"""What the loyalty service returns: one customer's summary and a portfolio's.

Field names are a public contract (API, CLI `--json`): snake_case, stable. Booked money (revenue,
pipeline) is exact, two decimals (a string in JSON); model estimates (expected order value, CLV,
expected revenue) are floats. A figure that cannot be computed is null, never approximated; the
`models` block says why.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from crm_core.loyalty.health import Band, Factor
from crm_core.loyalty.rfm import Lifecycle, NextAction, Segment


class ModelKind(enum.StrEnum):
    """The purchase model: MBG/NBD by default (one-time buyers can lapse), BG/NBD on request."""

    MBG_NBD = "mbg_nbd"
    BG_NBD = "bg_nbd"


class Unavailable(enum.StrEnum):
    """Why a model's figures are null."""

    INSUFFICIENT_DATA = "insufficient_data"  # below the customer / repeat-buyer minimums
    NOT_CONVERGED = "not_converged"  # the likelihood maximisation did not converge
    SPEND_DEPENDS_ON_FREQUENCY = "spend_depends_on_frequency"  # Gamma-Gamma's assumption fails


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class PurchaseParams(_Out):
    r: float
    alpha: float = Field(description="In days (the product's time unit).")
    a: float
    b: float


class SpendParams(_Out):
    p: float
    q: float
    v: float


class ModelsInfo(_Out):
    """Which models produced the figures, fitted company-wide as of the date, or why not."""

    requested: ModelKind
    purchase_model: ModelKind | None = Field(description="The model used; null if unavailable.")
    spend_model: str | None = Field(description="`gamma_gamma`, or null if unavailable.")
    reason: Unavailable | None = Field(description="Why the purchase model is unavailable.")
    spend_reason: Unavailable | None = Field(description="Why the spend model is unavailable.")
    customers: int = Field(description="Customers with a purchase, company-wide.")
    repeat_buyers: int = Field(description="Of those, customers with two purchase days or more.")
    min_customers: int
    min_repeat_buyers: int
    spend_frequency_correlation: float | None
    params: PurchaseParams | None
    spend_params: SpendParams | None


class Rfm(_Out):
    recency_days: int | None = Field(description="Days since the last order; null: none yet.")
    frequency: int = Field(description="Orders (won deals) in the customer's currency.")
    monetary: Decimal = Field(description="Revenue of those orders.")
    r: int | None = Field(description="1-5, scored company-wide (tie-consistent ranks).")
    f: int | None
    m: int | None
    segment: Segment | None


class HealthFactor(_Out):
    factor: Factor
    score: float = Field(description="The component, 0-100.")
    weight: float = Field(description="Its share of the 100 points.")
    points: float = Field(description="What it adds to the health score.")


class Health(_Out):
    score: float | None = Field(description="0-100; null when nothing is known.")
    band: Band
    factors: list[HealthFactor] = Field(description="The three holding the score down most.")


class Profiling(_Out):
    customer_since: date
    tenure_days: int
    lifecycle: Lifecycle
    segment: Segment | None


class Persistency(_Out):
    orders: int
    purchase_days: int
    repeat_buyer: bool
    median_gap_days: float | None
    recency_days: int | None
    overdue_ratio: float | None
    overdue: bool
    p_alive: float | None
    last_contact_days: int | None


class Profitability(_Out):
    revenue_total: Decimal
    revenue_recent: Decimal = Field(description="The 90 days up to the date.")
    revenue_before: Decimal = Field(description="The 90 days before those.")
    growth_pct: float | None
    average_order_value: Decimal | None
    portfolio_share: float | None = Field(description="Share of the owner's total revenue.")


class Performance(_Out):
    win_rate: float | None = Field(description="Won / (won + lost) deals.")
    deals_lost: int
    tickets_recent: int = Field(description="Tickets opened in the last 90 days.")
    open_tickets: int
    satisfaction: float | None = Field(description="Mean ticket rating, 1-5.")
    interactions_recent: int = Field(description="Interactions logged in the last 90 days.")
    followups_overdue: int
    health_score: float | None


class Prospecting(_Out):
    expected_orders_30d: float | None
    expected_orders_90d: float | None
    expected_revenue_90d: float | None
    clv_12m: float | None
    next_expected_order: date | None = Field(description="The last order + the median gap.")
    open_pipeline: Decimal


class Product(_Out):
    distinct_products: int
    products: list[str]
    last_product: str | None


class Promotion(_Out):
    next_action: NextAction | None


class SevenP(_Out):
    profiling: Profiling
    persistency: Persistency
    profitability: Profitability
    performance: Performance
    prospecting: Prospecting
    product: Product
    promotion: Promotion


class CustomerLoyalty(_Out):
    """One customer's loyalty summary as of a date."""

    customer_id: int
    name: str
    as_of: date
    currency: str | None = Field(description="The customer's main currency; null: no orders.")
    p_alive: float | None
    expected_purchases_30d: float | None
    expected_purchases_90d: float | None
    expected_order_value: float | None
    clv_12m: float | None = Field(description="12 months, discounted 1 % a month.")
    rfm: Rfm
    last_contact: date | None = Field(
        description="Latest interaction, follow-up done, ticket, order or other deal (UTC)."
    )
    overdue_ratio: float | None = Field(
        description="Days since the last order / the median gap (from three purchase days)."
    )
    lifecycle: Lifecycle
    health: Health
    seven_p: SevenP
    next_action: NextAction | None
    models: ModelsInfo


# -- the portfolio --------------------------------------------------------------------------------


class PortfolioScope(_Out):
    owner_id: int | None
    team_id: int | None


class Counts(_Out):
    total: int = Field(description="Customers in the portfolio (existing or buying by the date).")
    buyers: int
    prospects: int
    active_90d: int = Field(description="Bought in the last 90 days.")
    lapsed_365d: int = Field(description="Last order more than 365 days ago.")
    repeat_buyers: int = Field(description="Two orders or more.")
    repeat_rate: float | None = Field(description="Repeat buyers / buyers.")


class SegmentCount(_Out):
    segment: Segment
    customers: int
    revenue: Decimal


class LifecycleCount(_Out):
    lifecycle: Lifecycle
    customers: int
    revenue: Decimal


class Retention(_Out):
    previous_buyers: int = Field(description="Bought in the 12 months before the last 12.")
    retained: int = Field(description="Of those, bought again in the last 12 months.")
    churned: int
    rate: float | None


class Revenue(_Out):
    total: Decimal
    last_12m: Decimal
    previous_12m: Decimal
    growth_pct: float | None
    top_20pct_share: float | None = Field(
        description="Share of the last 12 months' revenue from the top 20 % of its customers."
    )
    largest_share: float | None = Field(description="The largest single customer's share.")


class Forecast(_Out):
    expected_orders_90d: float | None
    expected_revenue_90d: float | None
    clv_12m: float | None = Field(description="Σ of the customers' 12-month CLV.")


class PortfolioCustomer(_Out):
    customer_id: int
    name: str
    owner_id: int | None
    currency: str | None
    revenue: Decimal
    orders: int
    recency_days: int | None
    segment: Segment | None
    lifecycle: Lifecycle
    p_alive: float | None
    overdue_ratio: float | None
    last_contact: date | None
    next_action: NextAction | None


class AtRisk(_Out):
    """P(alive) < 0.5 with two orders or more, or overdue ratio > 2; "Can't lose them" first,
    then by revenue."""

    total: int
    revenue: Decimal = Field(description="Their revenue (portfolio currency).")
    limit: int
    offset: int
    items: list[PortfolioCustomer]


class NotContacted(_Out):
    """No contact of any kind within the window; the list: the 90-day ones by revenue."""

    days_30: int
    days_90: int
    items: list[PortfolioCustomer]


class Service(_Out):
    open_tickets: int
    customers_with_4_tickets_90d: int
    followups_overdue: int


class HealthBands(_Out):
    green: int
    yellow: int
    red: int
    unknown: int


class Portfolio(_Out):
    """A portfolio (one owner, a team, or everything the reader may see) as of a date. Scores
    and models are company-wide; only the aggregation is per portfolio."""

    as_of: date
    scope: PortfolioScope
    currency: str | None = Field(
        description="Money figures sum the customers in this currency (the most common)."
    )
    other_currency_customers: int = Field(description="Customers left out of money sums.")
    customers: Counts
    segments: list[SegmentCount]
    lifecycle: list[LifecycleCount]
    retention: Retention
    revenue: Revenue
    forecast: Forecast
    at_risk: AtRisk
    not_contacted: NotContacted
    service: Service
    health: HealthBands
    models: ModelsInfo
