"""BG/NBD and MBG/NBD beyond CDNOW: properties, recovery of known parameters, bad input."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_core.loyalty import bgnbd
from crm_core.loyalty.bgnbd import BetaGeoParams, PurchaseHistories, Variant

variants = st.sampled_from(list(Variant))
params_strategy = st.builds(
    BetaGeoParams,
    r=st.floats(0.05, 5.0),
    alpha=st.floats(0.1, 200.0),
    a=st.floats(0.1, 5.0),
    b=st.floats(0.1, 10.0),
    variant=variants,
)


@st.composite
def one_history(draw: st.DrawFn) -> tuple[float, float, float]:
    big_t = draw(st.floats(0.0, 2000.0))
    x = draw(st.integers(0, 150))
    t_x = 0.0 if x == 0 else draw(st.floats(0.0, big_t))
    return float(x), t_x, big_t


def simulate(
    params: BetaGeoParams, customers: int, seed: int
) -> tuple[PurchaseHistories, np.ndarray]:
    """Draw histories from the model itself, in whole days (same-day purchases merged)."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(params.r, 1.0 / params.alpha, customers)
    dropout = rng.beta(params.a, params.b, customers)
    big_t = rng.integers(30, 730, customers).astype(np.float64)
    clock = np.zeros(customers)
    x = np.zeros(customers)
    last_day = np.zeros(customers)
    alive = np.ones(customers, dtype=bool)
    if params.variant is Variant.MBG:  # may leave right after the first purchase
        alive &= rng.random(customers) >= dropout
    while alive.any():
        who = np.flatnonzero(alive)
        clock[who] += rng.exponential(1.0 / rate[who])
        buying = who[clock[who] <= big_t[who]]
        alive[who[clock[who] > big_t[who]]] = False
        day = np.floor(clock[buying])
        new_day = day > last_day[buying]
        x[buying[new_day]] += 1
        last_day[buying[new_day]] = day[new_day]
        alive[buying[rng.random(buying.size) < dropout[buying]]] = False
    last_day[x == 0] = 0.0
    return PurchaseHistories.of(x, last_day, big_t), x


@given(params=params_strategy, history=one_history())
@settings(max_examples=300, deadline=None)
def test_p_alive_is_a_probability(
    params: BetaGeoParams, history: tuple[float, float, float]
) -> None:
    alive = bgnbd.probability_alive(params, PurchaseHistories.of(*([v] for v in history)))
    assert 0.0 <= float(alive[0]) <= 1.0


@given(params=params_strategy, history=one_history(), extra=st.floats(0.5, 500.0))
@settings(max_examples=300, deadline=None)
def test_a_longer_silence_never_raises_p_alive(
    params: BetaGeoParams, history: tuple[float, float, float], extra: float
) -> None:
    x, t_x, big_t = history
    sooner, later = bgnbd.probability_alive(
        params, PurchaseHistories.of([x, x], [t_x, t_x], [big_t, big_t + extra])
    )
    assert later <= sooner
    if x > 0 or params.variant is Variant.MBG:
        assert later < sooner or sooner == 0.0


@given(params=params_strategy, history=one_history(), earlier=st.floats(0.0, 1.0))
@settings(max_examples=300, deadline=None)
def test_a_more_recent_last_purchase_never_lowers_p_alive(
    params: BetaGeoParams, history: tuple[float, float, float], earlier: float
) -> None:
    x, t_x, big_t = history
    older, newer = bgnbd.probability_alive(
        params, PurchaseHistories.of([x, x], [t_x * earlier, t_x], [big_t, big_t])
    )
    assert newer >= older


@given(params=params_strategy, history=one_history())
@settings(max_examples=300, deadline=None)
def test_expected_purchases_grow_with_the_horizon(
    params: BetaGeoParams, history: tuple[float, float, float]
) -> None:
    histories = PurchaseHistories.of(*([v] for v in history))
    horizons = [0.0, 30.0, 90.0, 365.0]
    expected = [float(bgnbd.expected_purchases(params, histories, h)[0]) for h in horizons]
    assert expected[0] == 0.0
    assert all(np.isfinite(expected))
    for shorter, longer in itertools.pairwise(expected):
        assert longer >= shorter * (1 - 1e-9) - 1e-12


def test_bgnbd_one_time_buyers_are_always_alive_and_mbgnbd_ones_fade() -> None:
    histories = PurchaseHistories.of([0, 0, 0], [0, 0, 0], [10, 100, 1000])
    bg = BetaGeoParams(r=0.5, alpha=10.0, a=0.8, b=2.0, variant=Variant.BG)
    mbg = BetaGeoParams(r=0.5, alpha=10.0, a=0.8, b=2.0, variant=Variant.MBG)
    assert bgnbd.probability_alive(bg, histories).tolist() == [1.0, 1.0, 1.0]
    fading = bgnbd.probability_alive(mbg, histories)
    assert fading[0] > fading[1] > fading[2] > 0.0


def test_hand_computed_p_alive() -> None:
    """P = 1/(1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) with round numbers: 1/(1 + 1·2²) = 0.2."""
    params = BetaGeoParams(r=1.0, alpha=1.0, a=1.0, b=1.0, variant=Variant.BG)
    histories = PurchaseHistories.of([1], [1.0], [3.0])
    assert bgnbd.probability_alive(params, histories)[0] == pytest.approx(0.2)
    mbg = BetaGeoParams(r=1.0, alpha=1.0, a=1.0, b=1.0, variant=Variant.MBG)
    # a/(b+x) = 1/2: 1/(1 + 0.5·4) = 1/3
    assert bgnbd.probability_alive(mbg, histories)[0] == pytest.approx(1 / 3)


def test_expected_purchases_are_continuous_through_a_equal_to_one() -> None:
    histories = PurchaseHistories.of([0, 3, 12], [0.0, 40.0, 200.0], [100.0, 120.0, 210.0])
    for variant in Variant:
        at_one = bgnbd.expected_purchases(
            BetaGeoParams(r=0.5, alpha=20.0, a=1.0, b=2.0, variant=variant), histories, 90
        )
        around = [
            bgnbd.expected_purchases(
                BetaGeoParams(r=0.5, alpha=20.0, a=a, b=2.0, variant=variant), histories, 90
            )
            for a in (1.0 - 1e-4, 1.0 + 1e-4)
        ]
        np.testing.assert_allclose(at_one, (around[0] + around[1]) / 2, rtol=1e-6)
        assert np.all(at_one > 0)


@pytest.mark.parametrize("variant", list(Variant))
def test_the_fit_recovers_the_parameters_it_was_simulated_with(variant: Variant) -> None:
    truth = BetaGeoParams(r=0.6, alpha=25.0, a=0.9, b=3.0, variant=variant)
    histories, _ = simulate(truth, customers=20_000, seed=7)
    fit = bgnbd.fit(histories, variant=variant)
    assert fit.converged
    assert fit.customers == 20_000
    assert fit.distinct_rows < fit.customers  # the compression did something
    assert fit.params.r == pytest.approx(truth.r, rel=0.15)
    assert fit.params.alpha == pytest.approx(truth.alpha, rel=0.2)
    assert fit.params.a == pytest.approx(truth.a, rel=0.3)
    assert fit.params.b == pytest.approx(truth.b, rel=0.3)


@pytest.mark.parametrize("variant", list(Variant))
def test_the_fit_is_a_maximum(variant: Variant) -> None:
    """Nudging any parameter either way lowers the likelihood: the analytic gradient and the
    optimizer agree on where the top is."""
    histories, _ = simulate(
        BetaGeoParams(r=0.3, alpha=10.0, a=1.5, b=4.0, variant=variant), 3_000, seed=3
    )
    fit = bgnbd.fit(histories, variant=variant)
    best = fit.log_likelihood
    base = fit.params
    for name in ("r", "alpha", "a", "b"):
        for factor in (1 - 1e-3, 1 + 1e-3):
            nudged = replace(base, **{name: getattr(base, name) * factor})
            assert bgnbd.log_likelihood(nudged, histories) < best


def test_duplicated_customers_weigh_like_separate_ones() -> None:
    histories, _ = simulate(
        BetaGeoParams(r=0.5, alpha=15.0, a=0.8, b=2.5, variant=Variant.MBG), 2_000, seed=11
    )
    doubled = PurchaseHistories.of(
        np.tile(histories.repeat_purchases, 2),
        np.tile(histories.time_to_last_purchase, 2),
        np.tile(histories.time_observed, 2),
    )
    single, twice = bgnbd.fit(histories), bgnbd.fit(doubled)
    assert twice.log_likelihood == pytest.approx(2 * single.log_likelihood, rel=1e-9)
    assert twice.params.r == pytest.approx(single.params.r, rel=1e-5)
    assert twice.params.b == pytest.approx(single.params.b, rel=1e-5)


def test_the_default_model_is_mbgnbd() -> None:
    histories = PurchaseHistories.of([0, 1, 2, 5], [0, 5, 9, 30], [40, 40, 40, 40])
    assert bgnbd.fit(histories).params.variant is Variant.MBG
    assert BetaGeoParams(r=1, alpha=1, a=1, b=1).variant is Variant.MBG


@pytest.mark.parametrize(
    ("x", "t_x", "big_t"),
    [
        ([1], [5.0], [4.0]),  # last purchase after the end
        ([-1], [0.0], [4.0]),  # negative count
        ([1.5], [1.0], [4.0]),  # fractional count
        ([0], [1.0], [4.0]),  # no repeat, yet a last repeat time
        ([1, 2], [1.0], [4.0]),  # lengths differ
        ([1], [float("nan")], [4.0]),
    ],
)
def test_invalid_histories_are_refused(
    x: list[float], t_x: list[float], big_t: list[float]
) -> None:
    with pytest.raises(ValueError, match=r"."):
        PurchaseHistories.of(x, t_x, big_t)


def test_nothing_to_fit_and_a_negative_horizon_are_refused() -> None:
    with pytest.raises(ValueError, match="no customers"):
        bgnbd.fit(PurchaseHistories.of([], [], []))
    histories = PurchaseHistories.of([1], [1.0], [2.0])
    with pytest.raises(ValueError, match="horizon"):
        bgnbd.expected_purchases(BetaGeoParams(r=1, alpha=1, a=2, b=1), histories, -1.0)
