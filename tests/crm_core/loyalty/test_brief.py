"""The 7P brief: every heading filled from plain figures, models optional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from crm_core.loyalty import brief, health, rfm
from crm_core.loyalty.brief import CustomerFigures, ModelFigures

AS_OF = date(2026, 11, 25)
LAPSING_BUYER = CustomerFigures(
    as_of=AS_OF,
    customer_since=date(2025, 1, 10),
    first_purchase=date(2025, 1, 10),
    last_purchase=date(2026, 8, 27),  # 90 days before
    orders=6,
    purchase_days=5,
    revenue=12_000.0,
    revenue_recent=0.0,
    revenue_before=3_000.0,
    median_gap_days=40.0,
    last_contact=date(2026, 11, 20),
    interactions_recent=2,
    deals_lost=2,
    open_pipeline=5_000.0,
    products=("monitor", "service plan", "monitor"),
    last_product="service plan",
    rfm_scores=(2, 4, 5),
    portfolio_revenue=48_000.0,
    models=ModelFigures(
        p_alive=0.3,
        expected_orders_30=0.1,
        expected_orders_90=0.25,
        expected_order_value=2_100.0,
        clv_12m=800.0,
    ),
)


def test_a_lapsing_valuable_customer() -> None:
    result = brief.seven_p_brief(LAPSING_BUYER)
    assert result.profiling.tenure_days == (AS_OF - date(2025, 1, 10)).days
    assert result.profiling.lifecycle is rfm.Lifecycle.LAPSING
    assert result.profiling.segment is rfm.Segment.AT_RISK
    persistency = result.persistency
    assert persistency.recency_days == 90
    assert persistency.overdue_ratio == pytest.approx(2.25)
    assert persistency.overdue
    assert persistency.repeat_buyer
    assert persistency.p_alive == 0.3
    assert persistency.last_contact_days == 5
    profit = result.profitability
    assert profit.growth_pct == pytest.approx(-100.0)
    assert profit.average_order_value == pytest.approx(2_000.0)
    assert profit.portfolio_share == pytest.approx(0.25)
    assert result.performance.win_rate == pytest.approx(0.75)
    # activity 30 (P(alive)), trend 0, engagement 100, service 100; no rating: 90 → 100 points
    assert result.performance.health.score == pytest.approx((30 * 30 + 20 * 100 + 20 * 100) / 90)
    assert result.performance.health.band is health.Band.YELLOW
    assert result.performance.health.top_factors(1)[0].factor is health.Factor.PURCHASE_ACTIVITY
    prospecting = result.prospecting
    assert prospecting.expected_revenue_90 == pytest.approx(525.0)
    assert prospecting.clv_12m == 800.0
    assert prospecting.next_expected_order == date(2026, 10, 6)
    assert result.product.distinct_products == 2
    assert result.promotion.next_action is rfm.NextAction.PERSONAL_OUTREACH


def test_without_models_the_model_figures_are_unavailable_not_guessed() -> None:
    result = brief.seven_p_brief(replace(LAPSING_BUYER, models=None))
    assert result.persistency.p_alive is None
    assert result.prospecting.expected_orders_30 is None
    assert result.prospecting.expected_revenue_90 is None
    assert result.prospecting.clv_12m is None
    activity = {one.factor: one.score for one in result.performance.health.factors}
    assert activity[health.Factor.PURCHASE_ACTIVITY] == pytest.approx(43.75)  # ratio 2.25


def test_a_prospect_without_orders() -> None:
    result = brief.seven_p_brief(CustomerFigures(as_of=AS_OF, customer_since=date(2026, 11, 1)))
    assert result.profiling.lifecycle is rfm.Lifecycle.PROSPECT
    assert result.profiling.segment is None
    assert result.persistency.recency_days is None
    assert result.persistency.overdue_ratio is None
    assert not result.persistency.overdue
    assert result.profitability.average_order_value is None
    assert result.profitability.growth_pct is None
    assert result.performance.win_rate is None
    assert result.prospecting.next_expected_order is None
    assert result.promotion.next_action is None
    assert result.performance.health.band is health.Band.YELLOW  # never contacted, no tickets
