"""A 0–100 customer health score with bands and its top factors, and the overdue ratio.

Pure numpy, data in and data out, vectorised over columns (one call scores a 100,000-customer
portfolio) with a one-customer wrapper for the customer card.

Five components, each scored 0–100, weighted as in the HubSpot/Gainsight pattern of
`../shared/reference/loyalty.md` §8.2. The weights are a starting point, not validated:
vendors tune them against actual churn, and so should we once outcomes are recorded.

| factor            | weight | scored from                                                      |
|-------------------|--------|------------------------------------------------------------------|
| purchase activity | 30     | P(alive); else the overdue ratio; else days since the last order |
| value trend       | 20     | revenue of the latest window ÷ the window before                 |
| engagement        | 20     | days since the last contact of any kind, on a 30/60/90 ladder    |
| service load      | 20     | tickets in the last 90 days and tickets still open               |
| satisfaction      | 10     | mean ticket rating 1–5 (CSAT)                                    |

Buying is weighted highest because it is the outcome a CRM is kept for; the service cliff at four
tickets follows mlc_churn (churn 11 % at 0–3 service calls, 44 % at 4). A component without data
(no purchase yet, no ratings) is left out and its weight spread over the others, so a missing
survey neither helps nor hurts. Bands: ≥ 70 green, 40–69 yellow, < 40 red.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

OVERDUE_FROM_PURCHASE_DAYS = 3  # a median gap needs two gaps to mean anything
OVERDUE_RATIO = 2.0  # more than twice the customer's own rhythm: overdue


class Factor(enum.StrEnum):
    PURCHASE_ACTIVITY = "purchase_activity"
    VALUE_TREND = "value_trend"
    ENGAGEMENT = "engagement"
    SERVICE_LOAD = "service_load"
    SATISFACTION = "satisfaction"


WEIGHTS: dict[Factor, float] = {
    Factor.PURCHASE_ACTIVITY: 30.0,
    Factor.VALUE_TREND: 20.0,
    Factor.ENGAGEMENT: 20.0,
    Factor.SERVICE_LOAD: 20.0,
    Factor.SATISFACTION: 10.0,
}


class Band(enum.StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    UNKNOWN = "unknown"  # nothing to judge by


GREEN_FROM = 70.0
YELLOW_FROM = 40.0


# -- overdue ratio ----------------------------------------------------------------------------


def overdue_ratios(
    recency_days: ArrayLike, median_gap_days: ArrayLike, purchase_days: ArrayLike
) -> FloatArray:
    """Days since the last order ÷ the customer's median gap between purchase days; NaN with
    fewer than three purchase days (or no gap), where there is no rhythm to be late against."""
    recency = np.asarray(recency_days, dtype=np.float64)
    gap = np.asarray(median_gap_days, dtype=np.float64)
    days = np.asarray(purchase_days, dtype=np.float64)
    defined = (days >= OVERDUE_FROM_PURCHASE_DAYS) & (gap > 0) & np.isfinite(recency)
    ratio: FloatArray = np.divide(
        recency, gap, out=np.full(np.shape(defined), np.nan), where=defined
    )
    return ratio


def overdue_ratio(
    recency_days: float, median_gap_days: float | None, purchase_days: int
) -> float | None:
    if median_gap_days is None:
        return None
    ratio = float(overdue_ratios(recency_days, median_gap_days, purchase_days))
    return None if math.isnan(ratio) else ratio


# -- components -------------------------------------------------------------------------------


def _floats(*values: ArrayLike) -> list[FloatArray]:
    return [np.asarray(value, dtype=np.float64) for value in values]


def purchase_activity(
    p_alive: ArrayLike, overdue_ratio: ArrayLike, recency_days: ArrayLike
) -> FloatArray:
    """The model's P(alive) when fitted; else the overdue ratio (on time → 100, twice the gap →
    50, four times → 0); else days since the last order (30 → 100, 90 → 70, 180 → 30, 365 → 0).
    NaN: never bought."""
    p_alive, overdue_ratio, recency_days = _floats(p_alive, overdue_ratio, recency_days)
    from_ratio = np.interp(overdue_ratio, [1.0, 2.0, 4.0], [100.0, 50.0, 0.0])
    from_days = np.interp(recency_days, [30.0, 90.0, 180.0, 365.0], [100.0, 70.0, 30.0, 0.0])
    score: FloatArray = np.where(
        np.isfinite(p_alive),
        100.0 * np.clip(p_alive, 0.0, 1.0),
        np.where(np.isfinite(overdue_ratio), from_ratio, from_days),
    )
    return score


def value_trend(revenue_recent: ArrayLike, revenue_before: ArrayLike) -> FloatArray:
    """Latest window ÷ the one before: 0 → 0, half → 35, flat → 70, +50 % → 100. New revenue
    from nothing → 100; no revenue in either window → NaN (activity already says it)."""
    recent, before = (np.nan_to_num(value) for value in _floats(revenue_recent, revenue_before))
    # the scale saturates at +50 %: divide only below it, so no ratio can overflow
    below_cap = (before > 0) & (recent / 1.5 <= before)
    ratio = np.divide(recent, before, out=np.full_like(recent, 1.5), where=below_cap)
    score: FloatArray = np.where(
        before > 0,
        np.interp(ratio, [0.0, 0.5, 1.0, 1.5], [0.0, 35.0, 70.0, 100.0]),
        np.where(recent > 0, 100.0, np.nan),
    )
    return score


def engagement(last_contact_days: ArrayLike) -> FloatArray:
    """The dormancy ladder: contacted within 30 days 100, 60 days 67, 90 days 33, later or
    never (NaN) 0."""
    days = np.nan_to_num(np.asarray(last_contact_days, dtype=np.float64), nan=np.inf)
    score: FloatArray = np.select(
        [days <= 30.0, days <= 60.0, days <= 90.0], [100.0, 67.0, 33.0], default=0.0
    )
    return score


def service_load(tickets_recent: ArrayLike, open_tickets: ArrayLike) -> FloatArray:
    """0–3 tickets in 90 days cost a little (100 → 75), the 4th drops to 0 (the churn cliff);
    each ticket still open costs 15 more."""
    tickets, still_open = (np.nan_to_num(value) for value in _floats(tickets_recent, open_tickets))
    base = np.interp(tickets, [0.0, 3.0, 4.0], [100.0, 75.0, 0.0])
    score: FloatArray = np.clip(base - 15.0 * still_open, 0.0, 100.0)
    return score


def satisfaction(mean_rating: ArrayLike) -> FloatArray:
    """Mean rating 1–5 mapped to 0–100; NaN without ratings."""
    score: FloatArray = (np.clip(_floats(mean_rating)[0], 1.0, 5.0) - 1.0) * 25.0
    return score


# -- the score --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HealthSignals:
    """One customer's inputs. None = not known (never bought, no model, no rating)."""

    recency_days: float | None = None
    p_alive: float | None = None
    overdue_ratio: float | None = None
    revenue_recent: float = 0.0
    revenue_before: float = 0.0
    last_contact_days: float | None = None
    tickets_recent: int = 0
    open_tickets: int = 0
    satisfaction: float | None = None


@dataclass(frozen=True, slots=True, eq=False)
class HealthColumns:
    """The same inputs as columns (NaN = not known), for a whole portfolio at once."""

    recency_days: FloatArray
    p_alive: FloatArray
    overdue_ratio: FloatArray
    revenue_recent: FloatArray
    revenue_before: FloatArray
    last_contact_days: FloatArray
    tickets_recent: FloatArray
    open_tickets: FloatArray
    satisfaction: FloatArray

    @classmethod
    def of(cls, signals: Sequence[HealthSignals]) -> HealthColumns:
        def column(name: str) -> FloatArray:
            values = [getattr(one, name) for one in signals]
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

        return cls(**{name: column(name) for name in HealthSignals.__dataclass_fields__})


@dataclass(frozen=True, slots=True)
class FactorScore:
    factor: Factor
    score: float  # the component, 0–100
    weight: float  # its share of the 100 points after spreading missing components
    points: float  # weight · score / 100: what it adds to the health score

    @property
    def points_lost(self) -> float:
        return self.weight - self.points


@dataclass(frozen=True, slots=True)
class CustomerHealth:
    score: float | None  # 0–100, None when nothing is known
    band: Band
    factors: tuple[FactorScore, ...]  # known components, most points lost first

    def top_factors(self, limit: int = 3) -> tuple[FactorScore, ...]:
        """What holds the score down most (for a healthy customer: what it rests on least)."""
        return self.factors[:limit]


@dataclass(frozen=True, slots=True, eq=False)
class HealthTable:
    score: FloatArray  # NaN when nothing is known
    components: dict[Factor, FloatArray]  # 0–100, NaN = not known
    weights: dict[Factor, FloatArray]  # effective weights, summing to 100 per customer

    def bands(self) -> list[Band]:
        return [band(value) for value in self.score.tolist()]

    def customer(self, index: int) -> CustomerHealth:
        factors = [
            FactorScore(
                factor=factor,
                score=float(self.components[factor][index]),
                weight=float(self.weights[factor][index]),
                points=float(self.weights[factor][index] * self.components[factor][index] / 100),
            )
            for factor in Factor
            if not math.isnan(self.components[factor][index])
        ]
        factors.sort(key=lambda one: (-one.points_lost, list(Factor).index(one.factor)))
        value = float(self.score[index])
        return CustomerHealth(
            score=None if math.isnan(value) else value, band=band(value), factors=tuple(factors)
        )


def band(score: float) -> Band:
    if math.isnan(score):
        return Band.UNKNOWN
    if score >= GREEN_FROM:
        return Band.GREEN
    return Band.YELLOW if score >= YELLOW_FROM else Band.RED


def health_scores(columns: HealthColumns) -> HealthTable:
    """Score every customer: weighted mean of the known components, weights renormalised."""
    components = {
        Factor.PURCHASE_ACTIVITY: purchase_activity(
            columns.p_alive, columns.overdue_ratio, columns.recency_days
        ),
        Factor.VALUE_TREND: value_trend(columns.revenue_recent, columns.revenue_before),
        Factor.ENGAGEMENT: engagement(columns.last_contact_days),
        Factor.SERVICE_LOAD: service_load(columns.tickets_recent, columns.open_tickets),
        Factor.SATISFACTION: satisfaction(columns.satisfaction),
    }
    known_weight = sum(WEIGHTS[factor] * np.isfinite(value) for factor, value in components.items())
    total = np.asarray(known_weight, dtype=np.float64)
    scale = np.divide(100.0, total, out=np.zeros_like(total), where=total > 0)
    weights = {
        factor: np.where(np.isfinite(value), WEIGHTS[factor] * scale, 0.0)
        for factor, value in components.items()
    }
    points = sum(
        weights[factor] * np.nan_to_num(value) / 100.0 for factor, value in components.items()
    )
    score = np.where(total > 0, np.asarray(points, dtype=np.float64), np.nan)
    return HealthTable(score=score, components=components, weights=weights)


def customer_health(signals: HealthSignals) -> CustomerHealth:
    return health_scores(HealthColumns.of([signals])).customer(0)
