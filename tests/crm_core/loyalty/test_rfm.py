"""RFM scores (tie-consistent rank recipe), the RF segment grid, lifecycle stages."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_core.loyalty import rfm
from crm_core.loyalty.rfm import Lifecycle, Segment


def test_scores_by_hand_with_ties() -> None:
    """Recency keyed descending: 200 days ranks 1, the two 40s rank 2, the 10s rank 4, 5 days
    ranks 6; score = 1 + ((rank − 1)·5) div 6."""
    scores = rfm.rfm_scores(
        recency_days=[10, 10, 40, 200, 5, 40],
        frequency=[1, 1, 2, 5, 3, 2],
        monetary=[100, 100, 50, 900, 50, 10],
    )
    assert scores.recency.tolist() == [3, 3, 1, 1, 5, 1]
    assert scores.frequency.tolist() == [1, 1, 2, 5, 4, 2]
    assert scores.monetary.tolist() == [3, 3, 1, 5, 1, 1]
    assert scores.segments() == [
        Segment.ABOUT_TO_SLEEP,
        Segment.ABOUT_TO_SLEEP,
        Segment.HIBERNATING,
        Segment.CANT_LOSE_THEM,
        Segment.CHAMPIONS,
        Segment.HIBERNATING,
    ]


def test_distinct_figures_split_into_equal_fifths() -> None:
    scores = rfm.tie_consistent_scores(np.arange(100.0)[::-1])
    assert Counter(scores.tolist()) == {1: 20, 2: 20, 3: 20, 4: 20, 5: 20}
    assert scores[0] == 5 and scores[-1] == 1


def test_a_single_customer_and_all_equal_customers() -> None:
    assert rfm.tie_consistent_scores([42.0]).tolist() == [1]
    assert rfm.tie_consistent_scores([7.0] * 9).tolist() == [1] * 9


figures = st.lists(st.integers(0, 30).map(float), min_size=1, max_size=60)


@given(values=figures)
@settings(max_examples=200, deadline=None)
def test_equal_figures_get_equal_scores_and_better_never_scores_lower(values: list[float]) -> None:
    scores = rfm.tie_consistent_scores(values).tolist()
    assert all(1 <= score <= 5 for score in scores)
    for value, score in zip(values, scores, strict=True):
        for other_value, other_score in zip(values, scores, strict=True):
            if value == other_value:
                assert score == other_score
            elif value > other_value:
                assert score >= other_score


@given(values=figures)
@settings(max_examples=100, deadline=None)
def test_row_order_does_not_change_anyones_score(values: list[float]) -> None:
    order = np.argsort(values, kind="stable")[::-1]
    shuffled = rfm.tie_consistent_scores(np.array(values)[order])
    assert shuffled.tolist() == rfm.tie_consistent_scores(values)[order].tolist()


def test_the_rf_grid_covers_every_cell_once_with_the_reference_sizes() -> None:
    cells = Counter(rfm.segment(r, f) for r in range(1, 6) for f in range(1, 6))
    assert sum(cells.values()) == 25
    assert cells == {
        Segment.HIBERNATING: 4,  # [1-2][1-2]
        Segment.AT_RISK: 4,  # [1-2][3-4]
        Segment.CANT_LOSE_THEM: 2,  # [1-2]5
        Segment.ABOUT_TO_SLEEP: 2,  # 3[1-2]
        Segment.NEED_ATTENTION: 1,  # 33
        Segment.LOYAL_CUSTOMERS: 4,  # [3-4][4-5]
        Segment.PROMISING: 1,  # 41
        Segment.NEW_CUSTOMERS: 1,  # 51
        Segment.POTENTIAL_LOYALISTS: 4,  # [4-5][2-3]
        Segment.CHAMPIONS: 2,  # 5[4-5]
    }
    assert rfm.segment(5, 5) is Segment.CHAMPIONS
    assert rfm.segment(1, 5) is Segment.CANT_LOSE_THEM
    assert rfm.segment(4, 1) is Segment.PROMISING
    assert rfm.segments([3, 5, 2], [3, 1, 4]) == [
        Segment.NEED_ATTENTION,
        Segment.NEW_CUSTOMERS,
        Segment.AT_RISK,
    ]
    assert set(rfm.NEXT_ACTION) == set(Segment)
    assert rfm.NEXT_ACTION[Segment.CANT_LOSE_THEM] is rfm.NextAction.VISIT_IN_PERSON


def test_out_of_range_input_is_refused() -> None:
    with pytest.raises(ValueError, match="1 to 5"):
        rfm.segment(0, 3)
    with pytest.raises(ValueError, match="1 to 5"):
        rfm.segments([1, 6], [1, 1])
    with pytest.raises(ValueError, match="same length"):
        rfm.rfm_scores([1, 2], [1], [1, 2])
    with pytest.raises(ValueError, match="≥ 0"):
        rfm.rfm_scores([-1], [1], [1])
    with pytest.raises(ValueError, match="finite"):
        rfm.tie_consistent_scores([float("nan")])


@pytest.mark.parametrize(
    ("since_first", "recency", "overdue", "stage"),
    [
        (None, None, None, Lifecycle.PROSPECT),
        (30, 30, None, Lifecycle.NEW),
        (89, 5, 3.0, Lifecycle.NEW),  # new wins over overdue
        (400, 366, None, Lifecycle.LOST),
        (900, 400, 1.0, Lifecycle.LOST),
        (400, 100, 2.5, Lifecycle.LAPSING),
        (400, 100, 1.5, Lifecycle.ACTIVE),  # slow buyer, but on its own rhythm
        (400, 91, None, Lifecycle.LAPSING),  # no rhythm: the 90-day mark
        (400, 90, None, Lifecycle.ACTIVE),
        (400, 60, 2.0, Lifecycle.ACTIVE),  # exactly twice the gap is not yet overdue
    ],
)
def test_lifecycle(
    since_first: int | None, recency: int | None, overdue: float | None, stage: Lifecycle
) -> None:
    assert (
        rfm.lifecycle(
            days_since_first_purchase=since_first, recency_days=recency, overdue_ratio=overdue
        )
        is stage
    )
