"""The Gamma-Gamma spend model and the discounted 12-month customer lifetime value.

Pure numpy/scipy. Gamma-Gamma: Fader, Hardie & Lee (2005, JMR) and Fader & Hardie note 025;
CLV: the discounted-cash-flow loop of `../shared/reference/loyalty.md` §2.6.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from crm_core.loyalty import bgnbd

FloatArray = NDArray[np.float64]


# The model assumes spend per order does not depend on how often a customer buys; above this
# |corr(x, m_x)| its expected order values are not to be trusted (CDNOW: 0.11).
MAX_SPEND_FREQUENCY_CORRELATION = 0.3

DAYS_PER_MONTH = 30.0
WEEKS_PER_MONTH = 4.345
MONTHLY_DISCOUNT = 0.01  # ≈ 12.7 % a year


@dataclass(frozen=True, slots=True)
class GammaGammaParams:
    p: float  # shape of each purchase's gamma spend distribution
    q: float  # shape of the gamma prior on the customers' spend scale
    v: float  # scale of that prior (money)

    @property
    def population_mean(self) -> float:
        """E[M] for a customer we know nothing about: p·v/(q−1) (infinite for q ≤ 1)."""
        return self.p * self.v / (self.q - 1.0) if self.q > 1.0 else float("inf")


@dataclass(frozen=True, slots=True)
class GammaGammaFit:
    params: GammaGammaParams
    log_likelihood: float
    customers: int  # repeat buyers with a positive mean spend: the ones the fit used
    converged: bool
    iterations: int


def _usable(x: FloatArray, mean_value: FloatArray) -> NDArray[np.bool_]:
    return (x > 0) & (mean_value > 0)


def _arrays(
    repeat_purchases: ArrayLike, mean_repeat_value: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(repeat_purchases, dtype=np.float64).ravel()
    m = np.asarray(mean_repeat_value, dtype=np.float64).ravel()
    if x.shape != m.shape:
        raise ValueError("x and m_x must have the same length")
    if not (np.isfinite(x).all() and np.isfinite(m).all()) or (x < 0).any() or (m < 0).any():
        raise ValueError("x and m_x must be finite and ≥ 0")
    return x, m


def _log_likelihood_and_gradient(
    params: FloatArray, x: FloatArray, m: FloatArray
) -> tuple[float, FloatArray]:
    """ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v+mx),
    summed, with its gradient in (p, q, v)."""
    p, q, v = (float(value) for value in params)
    px = p * x
    log_v_mx = np.log(v + m * x)
    log_m = np.log(m)
    log_x = np.log(x)
    total = float(
        np.sum(
            special.gammaln(px + q)
            - special.gammaln(px)
            + (px - 1.0) * log_m
            + px * log_x
            - (px + q) * log_v_mx
        )
        + x.size * (q * np.log(v) - special.gammaln(q))
    )
    digamma_sum = special.digamma(px + q)
    d_p = float(x @ (digamma_sum - special.digamma(px) + log_m + log_x - log_v_mx))
    d_q = float(np.sum(digamma_sum - log_v_mx) + x.size * (np.log(v) - special.digamma(q)))
    d_v = float(x.size * q / v - np.sum((px + q) / (v + m * x)))
    return total, np.array([d_p, d_q, d_v])


def fit_gamma_gamma(repeat_purchases: ArrayLike, mean_repeat_value: ArrayLike) -> GammaGammaFit:
    """Fit (p, q, v) by maximum likelihood in log space on the repeat buyers.

    Customers without a repeat purchase or with a zero mean (free orders) carry no spend
    information and are left out, so callers may pass every customer."""
    x_all, m_all = _arrays(repeat_purchases, mean_repeat_value)
    usable = _usable(x_all, m_all)
    x, m = x_all[usable], m_all[usable]
    if x.size == 0:
        raise ValueError("no repeat buyers with a positive spend to fit")

    found = bgnbd.maximize_in_log_space(
        lambda params: _log_likelihood_and_gradient(params, x, m), parameters=3, weight=x.size
    )
    p, q, v = found.params
    return GammaGammaFit(
        params=GammaGammaParams(p=p, q=q, v=v),
        log_likelihood=found.log_likelihood,
        customers=int(x.size),
        converged=found.converged,
        iterations=found.iterations,
    )


def expected_order_value(
    params: GammaGammaParams, repeat_purchases: ArrayLike, mean_repeat_value: ArrayLike
) -> FloatArray:
    """E[M | x, m_x] = p(v + m_x·x)/(px + q − 1): the customer's own mean shrunk towards the
    population mean p·v/(q−1), fully so when x = 0."""
    x, m = _arrays(repeat_purchases, mean_repeat_value)
    value: FloatArray = params.p * (params.v + m * x) / (params.p * x + params.q - 1.0)
    return value


def spend_frequency_correlation(
    repeat_purchases: ArrayLike, mean_repeat_value: ArrayLike
) -> float | None:
    """Pearson corr(x, m_x) over the repeat buyers: the Gamma-Gamma independence check.
    None when it is undefined (fewer than two buyers, or no variation)."""
    x_all, m_all = _arrays(repeat_purchases, mean_repeat_value)
    usable = _usable(x_all, m_all)
    x, m = x_all[usable], m_all[usable]
    if x.size < 2 or np.ptp(x) == 0 or np.ptp(m) == 0:
        return None
    return float(np.corrcoef(x, m)[0, 1])


def customer_lifetime_value(
    model: bgnbd.BetaGeoParams,
    histories: bgnbd.PurchaseHistories,
    order_value: ArrayLike,
    *,
    months: int = 12,
    periods_per_month: float = DAYS_PER_MONTH,
    monthly_discount: float = MONTHLY_DISCOUNT,
) -> FloatArray:
    """CLV = Σ_{k=1..months} E[M] · (E[Y(k·f)] − E[Y((k−1)·f)]) / (1+d)^k.

    f is the number of the histories' time units in a month: 30 for days, 4.345 for weeks
    (passing 30 with weekly data — lifetimes' Quickstart mistake — makes a month 30 weeks)."""
    if months < 1 or periods_per_month <= 0 or monthly_discount <= -1:
        raise ValueError("months ≥ 1, periods_per_month > 0 and monthly_discount > −1 required")
    value = np.asarray(order_value, dtype=np.float64).ravel()
    if value.shape != (len(histories),):
        raise ValueError("one order value per customer")
    cumulative = np.stack(
        [
            bgnbd.expected_purchases(model, histories, month * periods_per_month)
            for month in range(1, months + 1)
        ]
    )
    per_month = np.diff(cumulative, axis=0, prepend=0.0)
    discount = (1.0 + monthly_discount) ** -np.arange(1, months + 1, dtype=np.float64)
    clv: FloatArray = value * (discount @ per_month)
    return clv
