"""Gamma-Gamma and the discounted CLV on hand-checked and simulated cases."""

from __future__ import annotations

import numpy as np
import pytest

from crm_core.loyalty import bgnbd, clv, sufficiency
from crm_core.loyalty.clv import GammaGammaParams


def test_expected_order_value_by_hand() -> None:
    """p(v + m·x)/(px + q − 1): p=2, q=3, v=10, x=2, m=20 → 2·50/6."""
    params = GammaGammaParams(p=2.0, q=3.0, v=10.0)
    value = clv.expected_order_value(params, [2, 0, 10_000], [20.0, 0.0, 20.0])
    assert value[0] == pytest.approx(100 / 6)
    assert value[1] == pytest.approx(params.population_mean) == pytest.approx(10.0)
    assert value[2] == pytest.approx(20.0, rel=1e-3)  # many orders: the customer's own mean


def test_the_spend_fit_recovers_simulated_parameters() -> None:
    """Each order ~ Gamma(p, rate ν), ν ~ Gamma(q, rate v); the mean of x orders is
    Gamma(px, rate ν)/x."""
    rng = np.random.default_rng(5)
    truth = GammaGammaParams(p=6.0, q=3.5, v=15.0)
    customers = 20_000
    x = rng.integers(1, 12, customers).astype(np.float64)
    nu = rng.gamma(truth.q, 1.0 / truth.v, customers)
    m = rng.gamma(truth.p * x, 1.0 / nu) / x
    fit = clv.fit_gamma_gamma(np.append(x, [0.0, 3.0]), np.append(m, [0.0, 0.0]))
    assert fit.converged
    assert fit.customers == customers  # the one-time buyer and the free orders are left out
    assert fit.params.p == pytest.approx(truth.p, rel=0.1)
    assert fit.params.q == pytest.approx(truth.q, rel=0.1)
    assert fit.params.v == pytest.approx(truth.v, rel=0.15)
    assert clv.spend_frequency_correlation(x, m) == pytest.approx(0.0, abs=0.05)


def test_spend_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="no repeat buyers"):
        clv.fit_gamma_gamma([0, 0], [0.0, 0.0])
    with pytest.raises(ValueError, match="same length"):
        clv.expected_order_value(GammaGammaParams(p=1, q=2, v=1), [1, 2], [1.0])
    with pytest.raises(ValueError, match="finite"):
        clv.fit_gamma_gamma([1, 2], [-5.0, 3.0])
    assert clv.spend_frequency_correlation([1, 0], [5.0, 0.0]) is None
    assert clv.spend_frequency_correlation([1, 1], [5.0, 6.0]) is None  # no variation in x


MODEL = bgnbd.BetaGeoParams(r=0.5, alpha=20.0, a=0.8, b=2.5)
HISTORIES = bgnbd.PurchaseHistories.of([0, 2, 8], [0.0, 100.0, 300.0], [60.0, 200.0, 320.0])


def test_undiscounted_clv_is_value_times_a_year_of_purchases() -> None:
    value = np.array([30.0, 50.0, 80.0])
    lifetime = clv.customer_lifetime_value(MODEL, HISTORIES, value, monthly_discount=0.0)
    year = bgnbd.expected_purchases(MODEL, HISTORIES, 12 * clv.DAYS_PER_MONTH)
    np.testing.assert_allclose(lifetime, value * year, rtol=1e-12)


def test_clv_by_hand_for_one_month() -> None:
    value = np.array([30.0, 50.0, 80.0])
    lifetime = clv.customer_lifetime_value(MODEL, HISTORIES, value, months=1)
    month = bgnbd.expected_purchases(MODEL, HISTORIES, 30.0)
    np.testing.assert_allclose(lifetime, value * month / 1.01, rtol=1e-12)


def test_discounting_lowers_clv_and_more_months_raise_it() -> None:
    value = np.array([30.0, 50.0, 80.0])
    base = clv.customer_lifetime_value(MODEL, HISTORIES, value)
    assert np.all(
        clv.customer_lifetime_value(MODEL, HISTORIES, value, monthly_discount=0.05) < base
    )
    assert np.all(clv.customer_lifetime_value(MODEL, HISTORIES, value, months=24) > base)
    with pytest.raises(ValueError, match="one order value per customer"):
        clv.customer_lifetime_value(MODEL, HISTORIES, value[:2])
    with pytest.raises(ValueError, match="months"):
        clv.customer_lifetime_value(MODEL, HISTORIES, value, months=0)


@pytest.mark.parametrize(
    ("customers", "repeat_buyers", "enough"),
    [(500, 100, True), (499, 100, False), (500, 99, False), (100_000, 40_000, True), (0, 0, False)],
)
def test_models_need_about_500_customers_and_100_repeat_buyers(
    customers: int, repeat_buyers: int, enough: bool
) -> None:
    assert sufficiency.enough_data_for_models(customers, repeat_buyers) is enough


def test_impossible_counts_are_refused_and_the_spend_check_reads_the_correlation() -> None:
    with pytest.raises(ValueError, match="repeat buyers"):
        sufficiency.enough_data_for_models(10, 11)
    assert sufficiency.spend_model_usable(0.114)
    assert not sufficiency.spend_model_usable(-0.35)
    assert not sufficiency.spend_model_usable(None)
