"""The health score: hand-checked components, weight spreading, bands, factors, overdue ratio."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_core.loyalty import health
from crm_core.loyalty.health import Band, Factor, HealthSignals


def test_a_score_by_hand() -> None:
    """Components 80 (P(alive) .8), 35 (revenue halved), 67 (45 days), 76.67 (one ticket,
    still open: 91.67 − 15), 75 (rating 4); weights 30/20/20/20/10."""
    result = health.customer_health(
        HealthSignals(
            recency_days=40,
            p_alive=0.8,
            revenue_recent=50.0,
            revenue_before=100.0,
            last_contact_days=45,
            tickets_recent=1,
            open_tickets=1,
            satisfaction=4.0,
        )
    )
    expected = (30 * 80 + 20 * 35 + 20 * 67 + 20 * (100 - 25 / 3 - 15) + 10 * 75) / 100
    assert result.score == pytest.approx(expected)
    assert result.band is Band.YELLOW
    assert [one.factor for one in result.top_factors()] == [
        Factor.VALUE_TREND,  # 13 of 20 points lost
        Factor.ENGAGEMENT,  # 6.6
        Factor.PURCHASE_ACTIVITY,  # 6
    ]
    assert sum(one.weight for one in result.factors) == pytest.approx(100)
    assert sum(one.points for one in result.factors) == pytest.approx(expected)
    assert result.factors[0].points_lost == pytest.approx(13)


def test_missing_components_spread_their_weight() -> None:
    """A prospect: no purchases, no ratings. Engagement and service carry 50 points each."""
    result = health.customer_health(HealthSignals(last_contact_days=10, tickets_recent=4))
    weights = {one.factor: one.weight for one in result.factors}
    assert weights == {Factor.ENGAGEMENT: 50.0, Factor.SERVICE_LOAD: 50.0}
    assert result.score == pytest.approx(50.0)  # contacted: 100; four tickets: 0
    assert result.band is Band.YELLOW


@pytest.mark.parametrize(
    ("signals", "activity"),
    [
        (HealthSignals(recency_days=400, p_alive=0.25, overdue_ratio=3.0), 25.0),  # model first
        (HealthSignals(recency_days=400, overdue_ratio=3.0), 25.0),  # then the ratio: 50 → 0
        (HealthSignals(recency_days=135), 50.0),  # then the days: 90 → 70, 180 → 30
        (HealthSignals(recency_days=10), 100.0),
        (HealthSignals(recency_days=400), 0.0),
    ],
)
def test_purchase_activity_falls_back_from_model_to_ratio_to_days(
    signals: HealthSignals, activity: float
) -> None:
    factors = {one.factor: one.score for one in health.customer_health(signals).factors}
    assert factors[Factor.PURCHASE_ACTIVITY] == pytest.approx(activity)


def test_component_ladders() -> None:
    nan = np.nan
    assert health.engagement(np.array([0, 30, 31, 60, 90, 91, nan])).tolist() == [
        100,
        100,
        67,
        67,
        33,
        0,
        0,
    ]
    assert health.service_load(np.array([0, 3, 4, 0, 9]), np.array([0, 0, 0, 2, 9])).tolist() == [
        100,
        75,
        0,
        70,
        0,
    ]
    trend = health.value_trend(
        np.array([0, 50, 100, 150, 300, 10, 0]), np.array([100] * 5 + [0, 0])
    )
    assert trend[:6].tolist() == [0, 35, 70, 100, 100, 100]
    assert math.isnan(trend[6])
    assert health.satisfaction(np.array([1, 3, 5])).tolist() == [0, 50, 100]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (70, Band.GREEN),
        (69.99, Band.YELLOW),
        (40, Band.YELLOW),
        (39.9, Band.RED),
        (math.nan, Band.UNKNOWN),
    ],
)
def test_bands(score: float, band: Band) -> None:
    assert health.band(score) is band


def test_overdue_ratio() -> None:
    assert health.overdue_ratio(60, 20.0, 3) == 3.0
    assert health.overdue_ratio(60, 20.0, 2) is None  # one gap is no rhythm
    assert health.overdue_ratio(60, None, 5) is None
    ratios = health.overdue_ratios([60, 10, 5], [20, 0, 10], [4, 4, 3])
    assert ratios[0] == 3.0 and math.isnan(ratios[1]) and ratios[2] == 0.5


optional = st.one_of(st.none(), st.floats(0, 1000))
signals = st.builds(
    HealthSignals,
    recency_days=optional,
    p_alive=st.one_of(st.none(), st.floats(0, 1)),
    overdue_ratio=st.one_of(st.none(), st.floats(0, 20)),
    revenue_recent=st.floats(0, 1e6),
    revenue_before=st.floats(0, 1e6),
    last_contact_days=optional,
    tickets_recent=st.integers(0, 20),
    open_tickets=st.integers(0, 20),
    satisfaction=st.one_of(st.none(), st.floats(1, 5)),
)


@given(portfolio=st.lists(signals, min_size=1, max_size=20))
@settings(max_examples=100, deadline=None)
def test_the_portfolio_table_agrees_with_the_customer_card(
    portfolio: list[HealthSignals],
) -> None:
    table = health.health_scores(health.HealthColumns.of(portfolio))
    for index, one in enumerate(portfolio):
        card = health.customer_health(one)
        assert card.score is not None
        assert 0.0 <= card.score <= 100.0
        assert table.customer(index) == card
        assert table.bands()[index] is card.band


@given(one=signals, better=st.floats(0, 1), worse=st.floats(0, 1))
@settings(max_examples=100, deadline=None)
def test_a_likelier_alive_customer_never_scores_lower(
    one: HealthSignals, better: float, worse: float
) -> None:
    high, low = max(better, worse), min(better, worse)
    fields = {name: getattr(one, name) for name in HealthSignals.__dataclass_fields__}
    scored = [
        health.customer_health(HealthSignals(**{**fields, "p_alive": p})) for p in (low, high)
    ]
    assert scored[0].score is not None and scored[1].score is not None
    assert scored[1].score >= scored[0].score
