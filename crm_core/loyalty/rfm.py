"""RFM scores, the RF segment map, the next action per segment, and the lifecycle stage.

Pure numpy. Inputs are per-customer arrays over the customers that bought at least once (a
customer without orders has no recency and is not scored).

**Score recipe (tie-consistent rank).** For a figure where higher is better,

    score = 1 + ((RANK() − 1) · 5) div n        RANK() = 1 + number of customers strictly worse

i.e. SQL's `1 + ((RANK() OVER (ORDER BY x) − 1) * 5) / COUNT(*) OVER ()` with integer division.
Recency is ranked in reverse (fewer days is better). Equal figures always get equal scores,
which the pandas `qcut(rank(method='first'))` and plain `NTILE` recipes do not guarantee; the
price is that the five scores are not exactly 20 % each. The SQL side can reproduce these scores
exactly with a window function, which is why this recipe and not quantile thresholds.

**Segments: the RF grid** (recency × frequency, monetary left to the revenue figures). It covers
all 25 cells exactly once, so there is no "Others" bucket, unlike the R `rfm` package's rules:

    F →     1            2                 3                  4                5
    R=5  New          Potential         Potential          Champions        Champions
    R=4  Promising    Potential         Potential          Loyal            Loyal
    R=3  About to     About to sleep    Need attention     Loyal            Loyal
         sleep
    R=2  Hibernating  Hibernating       At risk            At risk          Can't lose them
    R=1  Hibernating  Hibernating       At risk            At risk          Can't lose them
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
ScoreArray = NDArray[np.int64]

SCORE_LEVELS = 5


class Segment(enum.StrEnum):
    CHAMPIONS = "champions"
    LOYAL_CUSTOMERS = "loyal_customers"
    POTENTIAL_LOYALISTS = "potential_loyalists"
    NEW_CUSTOMERS = "new_customers"
    PROMISING = "promising"
    NEED_ATTENTION = "need_attention"
    ABOUT_TO_SLEEP = "about_to_sleep"
    AT_RISK = "at_risk"
    CANT_LOSE_THEM = "cant_lose_them"
    HIBERNATING = "hibernating"


class NextAction(enum.StrEnum):
    """The playbook's suggestion per segment (a catalog key suffix, never text)."""

    REWARD_AND_ASK_REFERRAL = "reward_and_ask_referral"
    UPSELL = "upsell"
    OFFER_MEMBERSHIP = "offer_membership"
    ONBOARD = "onboard"
    BUILD_RELATIONSHIP = "build_relationship"
    LIMITED_OFFER = "limited_offer"
    REACTIVATE = "reactivate"
    PERSONAL_OUTREACH = "personal_outreach"
    VISIT_IN_PERSON = "visit_in_person"
    LOW_COST_WINBACK = "low_cost_winback"


NEXT_ACTION: dict[Segment, NextAction] = {
    Segment.CHAMPIONS: NextAction.REWARD_AND_ASK_REFERRAL,
    Segment.LOYAL_CUSTOMERS: NextAction.UPSELL,
    Segment.POTENTIAL_LOYALISTS: NextAction.OFFER_MEMBERSHIP,
    Segment.NEW_CUSTOMERS: NextAction.ONBOARD,
    Segment.PROMISING: NextAction.BUILD_RELATIONSHIP,
    Segment.NEED_ATTENTION: NextAction.LIMITED_OFFER,
    Segment.ABOUT_TO_SLEEP: NextAction.REACTIVATE,
    Segment.AT_RISK: NextAction.PERSONAL_OUTREACH,
    Segment.CANT_LOSE_THEM: NextAction.VISIT_IN_PERSON,
    Segment.HIBERNATING: NextAction.LOW_COST_WINBACK,
}

_H, _R, _C = Segment.HIBERNATING, Segment.AT_RISK, Segment.CANT_LOSE_THEM
_S, _A, _L = Segment.ABOUT_TO_SLEEP, Segment.NEED_ATTENTION, Segment.LOYAL_CUSTOMERS
_P, _O, _N, _W = (
    Segment.PROMISING,
    Segment.POTENTIAL_LOYALISTS,
    Segment.NEW_CUSTOMERS,
    Segment.CHAMPIONS,
)
# RF_GRID[r - 1][f - 1]
RF_GRID: tuple[tuple[Segment, ...], ...] = (
    (_H, _H, _R, _R, _C),
    (_H, _H, _R, _R, _C),
    (_S, _S, _A, _L, _L),
    (_P, _O, _O, _L, _L),
    (_N, _O, _O, _W, _W),
)
_GRID_CODES = np.array([[list(Segment).index(cell) for cell in row] for row in RF_GRID])
_SEGMENTS = tuple(Segment)


@dataclass(frozen=True, slots=True, eq=False)
class RfmScores:
    recency: ScoreArray  # 5 = bought most recently
    frequency: ScoreArray  # 5 = most purchases
    monetary: ScoreArray  # 5 = most revenue

    def segments(self) -> list[Segment]:
        return segments(self.recency, self.frequency)


def tie_consistent_scores(values: ArrayLike, *, higher_is_better: bool = True) -> ScoreArray:
    """1..5 by `1 + ((rank − 1) · 5) div n`, rank = 1 + how many are strictly worse."""
    figures = np.asarray(values, dtype=np.float64).ravel()
    if not np.isfinite(figures).all():
        raise ValueError("RFM figures must be finite")
    keyed = figures if higher_is_better else -figures
    rank = np.searchsorted(np.sort(keyed), keyed, side="left") + 1
    scores: ScoreArray = 1 + ((rank - 1) * SCORE_LEVELS) // max(figures.size, 1)
    return scores.astype(np.int64)


def rfm_scores(recency_days: ArrayLike, frequency: ArrayLike, monetary: ArrayLike) -> RfmScores:
    """Scores for customers with at least one purchase; fewer days since it is better."""
    recency = np.asarray(recency_days, dtype=np.float64).ravel()
    orders = np.asarray(frequency, dtype=np.float64).ravel()
    spend = np.asarray(monetary, dtype=np.float64).ravel()
    if not recency.shape == orders.shape == spend.shape:
        raise ValueError("recency, frequency and monetary must have the same length")
    if (recency < 0).any():
        raise ValueError("recency is days since the last purchase: ≥ 0")
    return RfmScores(
        recency=tie_consistent_scores(recency, higher_is_better=False),
        frequency=tie_consistent_scores(orders),
        monetary=tie_consistent_scores(spend),
    )


def segment(recency_score: int, frequency_score: int) -> Segment:
    if not (1 <= recency_score <= SCORE_LEVELS and 1 <= frequency_score <= SCORE_LEVELS):
        raise ValueError("scores run from 1 to 5")
    return RF_GRID[recency_score - 1][frequency_score - 1]


def segments(recency_scores: ArrayLike, frequency_scores: ArrayLike) -> list[Segment]:
    """The RF-grid segment of each customer (one table lookup for the whole array)."""
    r = np.asarray(recency_scores, dtype=np.int64).ravel()
    f = np.asarray(frequency_scores, dtype=np.int64).ravel()
    valid = (r >= 1) & (r <= SCORE_LEVELS) & (f >= 1) & (f <= SCORE_LEVELS)
    if r.shape != f.shape or not valid.all():
        raise ValueError("scores run from 1 to 5, one pair per customer")
    return [_SEGMENTS[code] for code in _GRID_CODES[r - 1, f - 1].tolist()]


# -- lifecycle --------------------------------------------------------------------------------


class Lifecycle(enum.StrEnum):
    """Where a customer stands, from dates alone (no model needed).

    prospect: no purchase yet; new: first purchase under 90 days ago; lost: nothing for over
    365 days; lapsing: overdue (over twice its own median gap, when it has one — three purchase
    days or more) or, without a rhythm of its own, nothing for over 90 days; active otherwise.
    The 90/365-day marks are the portfolio's "active in 90 days" and "lapsed over 365 days"."""

    PROSPECT = "prospect"
    NEW = "new"
    ACTIVE = "active"
    LAPSING = "lapsing"
    LOST = "lost"


NEW_CUSTOMER_DAYS = 90
LAPSING_DAYS = 90
LOST_DAYS = 365
OVERDUE_RATIO = 2.0


def lifecycle(
    *,
    days_since_first_purchase: float | None,
    recency_days: float | None,
    overdue_ratio: float | None,
) -> Lifecycle:
    if days_since_first_purchase is None or recency_days is None:
        return Lifecycle.PROSPECT
    if days_since_first_purchase < NEW_CUSTOMER_DAYS:
        return Lifecycle.NEW
    if recency_days > LOST_DAYS:
        return Lifecycle.LOST
    if overdue_ratio is not None:
        return Lifecycle.LAPSING if overdue_ratio > OVERDUE_RATIO else Lifecycle.ACTIVE
    return Lifecycle.LAPSING if recency_days > LAPSING_DAYS else Lifecycle.ACTIVE
