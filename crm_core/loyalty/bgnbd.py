"""BG/NBD and MBG/NBD buy-till-you-die models: maximum-likelihood fit, P(alive), expected
purchases.

Pure numpy/scipy. Every time argument is in the unit of the histories it goes with: the product
uses days, the CDNOW literature figures use weeks. Formulas: Fader, Hardie & Lee (2005) for
BG/NBD, Batislam, Denizel & Filiztekin (2007) for MBG/NBD; see `../shared/reference/loyalty.md`.

Both models share one likelihood shape. With B the beta function, per customer

    L = Γ(r+x) α^r / Γ(r) · [ B(a+i₁, b+x+j₁)/B(a,b) · (α+T)^-(r+x)
                             + B(a+i₂, b+x+j₂)/B(a,b) · (α+t_x)^-(r+x) ]

where the first term is "still alive at T" and the second "dropped out right after the last
purchase". BG/NBD has (i₁, j₁) = (0, 0), (i₂, j₂) = (1, −1) and no second term when x = 0 (it
cannot drop out before a repeat purchase); MBG/NBD has (0, 1), (1, 0) for every customer. So
P(alive) is the share of the first term, and one code path serves both.

Speed: the fit runs on unique (x, t_x, T) rows with weights, and every term that depends on x
alone (the gamma and beta functions) is evaluated once per distinct x, so a 100,000-customer fit
costs a few vector logs per iteration. The gradient is analytic.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

# log-parameter bounds: e^±18 keeps every parameter far from 0 and overflow while leaving any
# realistic fit (CDNOW: 0.24 .. 6.2) untouched.
_LOG_BOUND = 18.0
# distance below which expected purchases are taken from both sides of a removable
# singularity of the closed form (cancellation there costs about 1e-16 / 1e-6 = 1e-10 relative)
_NEAR_ONE = 1e-6
_HYP2F1_NUDGE = 1e-9


class Variant(enum.StrEnum):
    BG = "bg"  # Fader, Hardie & Lee 2005: dropout only after a repeat purchase
    MBG = "mbg"  # Batislam et al. 2007: dropout also right after the first purchase


DEFAULT_VARIANT = Variant.MBG  # one-time buyers get a decaying P(alive), unlike BG/NBD

# (i, j) offsets of the two beta terms, see the module docstring
_OFFSETS: dict[Variant, tuple[tuple[int, int], tuple[int, int]]] = {
    Variant.BG: ((0, 0), (1, -1)),
    Variant.MBG: ((0, 1), (1, 0)),
}


@dataclass(frozen=True, slots=True, eq=False)
class PurchaseHistories:
    """Per customer: x repeat purchase periods, t_x the time from the first to the last
    purchase, T the time from the first purchase to the end of observation (one unit)."""

    repeat_purchases: FloatArray  # x
    time_to_last_purchase: FloatArray  # t_x
    time_observed: FloatArray  # T

    def __post_init__(self) -> None:
        arrays = [
            np.asarray(value, dtype=np.float64).ravel()
            for value in (self.repeat_purchases, self.time_to_last_purchase, self.time_observed)
        ]
        x, t_x, big_t = arrays
        if not x.shape == t_x.shape == big_t.shape:
            raise ValueError("x, t_x and T must have the same length")
        if not (np.isfinite(x).all() and np.isfinite(t_x).all() and np.isfinite(big_t).all()):
            raise ValueError("x, t_x and T must be finite")
        if (x < 0).any() or (x != np.round(x)).any():
            raise ValueError("x counts repeat purchase periods: a whole number ≥ 0")
        if (t_x < 0).any() or (t_x > big_t).any():
            raise ValueError("0 ≤ t_x ≤ T must hold")
        if (t_x[x == 0] != 0).any():
            raise ValueError("a customer without repeat purchases has t_x = 0")
        object.__setattr__(self, "repeat_purchases", x)
        object.__setattr__(self, "time_to_last_purchase", t_x)
        object.__setattr__(self, "time_observed", big_t)

    @classmethod
    def of(cls, x: ArrayLike, t_x: ArrayLike, big_t: ArrayLike) -> PurchaseHistories:
        """Build from anything array-like (validated and converted to float64)."""
        return cls(np.asarray(x), np.asarray(t_x), np.asarray(big_t))

    def __len__(self) -> int:
        return int(self.repeat_purchases.shape[0])


@dataclass(frozen=True, slots=True)
class BetaGeoParams:
    r: float  # shape of the gamma prior on the purchase rate
    alpha: float  # scale of that prior (time unit of the data)
    a: float  # beta prior on the dropout probability
    b: float
    variant: Variant = DEFAULT_VARIANT


@dataclass(frozen=True, slots=True)
class BetaGeoFit:
    params: BetaGeoParams
    log_likelihood: float  # summed over customers, comparable with the literature
    customers: int
    distinct_rows: int  # unique (x, t_x, T) rows the fit actually evaluated
    converged: bool
    iterations: int


# -- likelihood -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class _Compressed:
    """Unique (x, t_x, T) rows with weights; x further reduced to its distinct values."""

    distinct_x: FloatArray
    x_index: IntArray  # row -> position in distinct_x
    time_to_last: FloatArray
    time_observed: FloatArray
    weight: FloatArray
    weight_by_x: FloatArray
    total_weight: float


def _compress(histories: PurchaseHistories) -> _Compressed:
    stacked = np.column_stack(
        (
            histories.repeat_purchases,
            histories.time_to_last_purchase,
            histories.time_observed,
        )
    )
    rows, counts = np.unique(stacked, axis=0, return_counts=True)
    distinct_x, x_index = np.unique(rows[:, 0], return_inverse=True)
    weight = counts.astype(np.float64)
    return _Compressed(
        distinct_x=distinct_x,
        x_index=x_index,
        time_to_last=rows[:, 1],
        time_observed=rows[:, 2],
        weight=weight,
        weight_by_x=np.bincount(x_index, weights=weight, minlength=distinct_x.size).astype(
            np.float64
        ),
        total_weight=float(weight.sum()),
    )


def _has_dropout_term(variant: Variant, x: FloatArray) -> NDArray[np.bool_]:
    if variant is Variant.BG:
        return x > 0
    return np.ones(x.shape, dtype=bool)


def _log_likelihood_and_gradient(
    params: FloatArray, data: _Compressed, variant: Variant
) -> tuple[float, FloatArray]:
    """Summed log-likelihood and its gradient in (r, α, a, b)."""
    r, alpha, a, b = (float(value) for value in params)
    (i1, j1), (i2, j2) = _OFFSETS[variant]
    xs = data.distinct_x
    second = _has_dropout_term(variant, xs)
    # b + x + j₂ ≤ 0 only where the second term does not exist (BG, x = 0): keep it finite
    b2 = np.where(second, b + xs + j2, 1.0)

    log_beta_ab = special.betaln(a, b)
    c1 = special.betaln(a + i1, b + xs + j1) - log_beta_ab
    c2 = np.where(second, special.betaln(a + i2, b2) - log_beta_ab, -np.inf)
    lead = special.gammaln(r + xs) - special.gammaln(r) + r * np.log(alpha)

    idx = data.x_index
    rate_shape = r + xs[idx]
    log_alpha_t = np.log(alpha + data.time_observed)
    log_alpha_tx = np.log(alpha + data.time_to_last)
    t1 = c1[idx] - rate_shape * log_alpha_t
    t2 = c2[idx] - rate_shape * log_alpha_tx
    mix = np.logaddexp(t1, t2)
    w = data.weight
    total = float(data.weight_by_x @ lead + w @ mix)

    alive = np.exp(t1 - mix)  # the first term's share: P(alive)
    dropped = np.exp(t2 - mix)  # 0 where there is no second term
    w_alive = w * alive
    w_dropped = w * dropped

    digamma_r = special.digamma(r + xs) - special.digamma(r) + np.log(alpha)
    d_r = data.weight_by_x @ digamma_r - (w_alive @ log_alpha_t + w_dropped @ log_alpha_tx)
    d_alpha = data.total_weight * r / alpha - (
        (w_alive * rate_shape) @ (1.0 / (alpha + data.time_observed))
        + (w_dropped * rate_shape) @ (1.0 / (alpha + data.time_to_last))
    )

    ab = special.digamma(a) - special.digamma(a + b)
    bb = special.digamma(b) - special.digamma(a + b)
    d1_a = special.digamma(a + i1) - special.digamma(a + b + xs + i1 + j1) - ab
    d1_b = special.digamma(b + xs + j1) - special.digamma(a + b + xs + i1 + j1) - bb
    d2_a = np.where(second, special.digamma(a + i2) - special.digamma(a + b2 + i2) - ab, 0.0)
    d2_b = np.where(second, special.digamma(b2) - special.digamma(a + b2 + i2) - bb, 0.0)
    alive_by_x = np.bincount(idx, weights=w_alive, minlength=xs.size)
    dropped_by_x = np.bincount(idx, weights=w_dropped, minlength=xs.size)
    d_a = alive_by_x @ d1_a + dropped_by_x @ d2_a
    d_b = alive_by_x @ d1_b + dropped_by_x @ d2_b
    return total, np.array([d_r, d_alpha, d_a, d_b])


def log_likelihood(params: BetaGeoParams, histories: PurchaseHistories) -> float:
    """Summed log-likelihood of the histories under the parameters' variant."""
    values = np.array([params.r, params.alpha, params.a, params.b])
    return _log_likelihood_and_gradient(values, _compress(histories), params.variant)[0]


def fit(histories: PurchaseHistories, *, variant: Variant = DEFAULT_VARIANT) -> BetaGeoFit:
    """Maximum-likelihood fit in log-parameter space (positivity for free, better scaling).

    The objective is the mean log-likelihood per customer, so the stopping tolerances mean the
    same at 2,000 and at 100,000 customers. Start at all ones, as the literature does."""
    if len(histories) == 0:
        raise ValueError("no customers to fit")
    data = _compress(histories)

    found = maximize_in_log_space(
        lambda params: _log_likelihood_and_gradient(params, data, variant),
        parameters=4,
        weight=data.total_weight,
    )
    r, alpha, a, b = found.params
    return BetaGeoFit(
        params=BetaGeoParams(r=r, alpha=alpha, a=a, b=b, variant=variant),
        log_likelihood=found.log_likelihood,
        customers=len(histories),
        distinct_rows=int(data.weight.size),
        converged=found.converged,
        iterations=found.iterations,
    )


# -- predictions ------------------------------------------------------------------------------


def probability_alive(params: BetaGeoParams, histories: PurchaseHistories) -> FloatArray:
    """P(still a customer at T | x, t_x, T).

    P = 1 / (1 + a/(b+x+j₂) · ((α+T)/(α+t_x))^(r+x)), the odds computed in logs (expit) so
    large x or long silences neither overflow nor warn. BG/NBD: exactly 1 for x = 0."""
    x = histories.repeat_purchases
    t_x = histories.time_to_last_purchase
    big_t = histories.time_observed
    j2 = _OFFSETS[params.variant][1][1]
    second = _has_dropout_term(params.variant, x)
    b2 = np.where(second, params.b + x + j2, 1.0)
    log_odds_dropped = (
        np.log(params.a)
        - np.log(b2)
        + (params.r + x) * np.log1p((big_t - t_x) / (params.alpha + t_x))
    )
    log_odds_dropped = np.where(second, log_odds_dropped, -np.inf)
    alive: FloatArray = special.expit(-log_odds_dropped)
    return alive


def expected_purchases(
    params: BetaGeoParams, histories: PurchaseHistories, horizon: float
) -> FloatArray:
    """E[purchases in (T, T+horizon] | x, t_x, T].

    The textbook form multiplies ((α+T)/(α+T+t))^(r+x) — tiny for a frequent buyer — by a
    ₂F₁(r+x, …) that is then huge. Euler's transformation ₂F₁(A,B;C;z) =
    (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) folds the two into (1−z)^(a−1) ₂F₁(C−r−x, a−1; C; z),
    whose upper parameters do not grow with x. With z = t/(α+T+t):

      BG/NBD:  C = a+b+x−1,  E = C/(a−1) · [1 − (1−z)^(a−1) ₂F₁(C−r−x, a−1; C; z)] · P(alive)
      MBG/NBD: C = a+b+x,    same expression.
    """
    if horizon < 0:
        raise ValueError("the horizon must be ≥ 0")
    # The closed form has removable singularities, where the expectation itself is smooth:
    # C/(a−1) · […] is 0/0 at a = 1, and for BG/NBD C · ₂F₁(…; C; z) is 0 · ∞ at C = a+b−1 = 0
    # (x = 0). There, average the two sides.
    if abs(params.a - 1.0) < _NEAR_ONE:
        sides = (replace(params, a=1.0 - _NEAR_ONE), replace(params, a=1.0 + _NEAR_ONE))
    elif params.variant is Variant.BG and abs(params.a + params.b - 1.0) < _NEAR_ONE:
        b_at_pole = 1.0 - params.a
        sides = (replace(params, b=b_at_pole - _NEAR_ONE), replace(params, b=b_at_pole + _NEAR_ONE))
    else:
        return _expected_purchases(params, histories, horizon)
    return 0.5 * (
        _expected_purchases(sides[0], histories, horizon)
        + _expected_purchases(sides[1], histories, horizon)
    )


def _expected_purchases(
    params: BetaGeoParams, histories: PurchaseHistories, horizon: float
) -> FloatArray:
    x = histories.repeat_purchases
    big_t = histories.time_observed
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    c = a + b + x + (-1.0 if params.variant is Variant.BG else 0.0)
    z = horizon / (alpha + big_t + horizon)
    bracket = 1.0 - (1.0 - z) ** (a - 1.0) * _hyp2f1(c - r - x, a - 1.0, c, z)
    expected: FloatArray = c / (a - 1.0) * bracket * probability_alive(params, histories)
    return expected


def _hyp2f1(first: FloatArray, second: float, third: FloatArray, z: FloatArray) -> FloatArray:
    """scipy's ₂F₁ (1.17) returns inf for z ≳ 0.9 when C − A − B is a whole number, a
    removable failure of its z → 1 transformation. ₂F₁ is analytic in A there, so such entries
    are the mean of A ± 1e-9 (error ~1e-9 · ∂F/∂A, far below any reported digit)."""
    value: FloatArray = np.asarray(special.hyp2f1(first, second, third, z), dtype=np.float64)
    failed = ~np.isfinite(value)
    if failed.any():
        first_at, third_at, z_at = (
            np.broadcast_to(values, value.shape)[failed] for values in (first, third, z)
        )
        value = value.copy()
        value[failed] = 0.5 * (
            special.hyp2f1(first_at - _HYP2F1_NUDGE, second, third_at, z_at)
            + special.hyp2f1(first_at + _HYP2F1_NUDGE, second, third_at, z_at)
        )
    return value


#: The largest per-customer log-likelihood slope still called a maximum. L-BFGS-B stops with
#: "ABNORMAL" when the line search cannot improve beyond float precision (ftol is set that low on
#: purpose); at a flat gradient that is convergence all the same.
_FLAT_GRADIENT = 1e-6


@dataclass(frozen=True)
class Maximum:
    params: tuple[float, ...]
    log_likelihood: float
    converged: bool
    iterations: int


def maximize_in_log_space(
    log_likelihood_and_gradient: Callable[[FloatArray], tuple[float, FloatArray]],
    *,
    parameters: int,
    weight: float,
) -> Maximum:
    """Maximum likelihood over positive parameters, shared by the purchase and spend models.

    Searched in log space (positivity for free, better scaling) from all ones, on the mean
    log-likelihood per customer (`weight` customers), so the tolerances mean the same at 2,000
    and at 100,000 customers."""

    def objective(log_params: FloatArray) -> tuple[float, FloatArray]:
        params = np.exp(log_params)
        value, gradient = log_likelihood_and_gradient(params)
        return -value / weight, -gradient * params / weight

    result = optimize.minimize(
        objective,
        np.zeros(parameters),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-_LOG_BOUND, _LOG_BOUND)] * parameters,
        options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10},
    )
    flat = float(np.max(np.abs(result.jac))) < _FLAT_GRADIENT
    return Maximum(
        params=tuple(float(value) for value in np.exp(result.x)),
        log_likelihood=-float(result.fun) * weight,
        converged=bool(result.success) or flat,
        iterations=int(result.nit),
    )
