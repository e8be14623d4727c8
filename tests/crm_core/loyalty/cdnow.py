"""The CDNOW 1/10 sample as the literature summarises it, built with plain Python.

Recipe (reference §"Published CDNOW figures"): purchases on or before the calibration end;
same-day purchases merged into one purchase day (amounts summed); x = purchase days − 1;
t_x and T in weeks (days ÷ 7) from the first purchase day; m_x = mean of the repeat days' totals.
The holdout counts purchase days after the calibration end up to the end of the data.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.nlu.corpora import require_corpus

CDNOW_CSV = (
    Path(__file__).resolve().parents[4] / "shared" / "data" / "cdnow_sample_transactions.csv"
)
CALIBRATION_END = date(1997, 9, 30)
HOLDOUT_END = date(1998, 6, 30)
HOLDOUT_WEEKS = 39.0
DAYS_PER_WEEK = 7.0


@dataclass(frozen=True, slots=True)
class Summary:
    customer_ids: list[int]
    x: list[float]
    t_x: list[float]
    big_t: list[float]
    m_x: list[float]
    holdout_days: list[int]


def load_days() -> dict[int, dict[date, float]]:
    """customer → purchase day → that day's total, for the whole file."""
    require_corpus(CDNOW_CSV)
    days: dict[int, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    with CDNOW_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            days[int(row["customer_id"])][date.fromisoformat(row["date"])] += float(row["amount"])
    return days


def summarise(days: dict[int, dict[date, float]], end: date) -> Summary:
    ids: list[int] = []
    x: list[float] = []
    t_x: list[float] = []
    big_t: list[float] = []
    m_x: list[float] = []
    holdout: list[int] = []
    for customer_id in sorted(days):
        calibration = sorted(day for day in days[customer_id] if day <= end)
        if not calibration:
            continue
        first, last = calibration[0], calibration[-1]
        repeats = [days[customer_id][day] for day in calibration[1:]]
        ids.append(customer_id)
        x.append(float(len(repeats)))
        t_x.append((last - first).days / DAYS_PER_WEEK)
        big_t.append((end - first).days / DAYS_PER_WEEK)
        m_x.append(sum(repeats) / len(repeats) if repeats else 0.0)
        holdout.append(sum(1 for day in days[customer_id] if end < day <= HOLDOUT_END))
    return Summary(ids, x, t_x, big_t, m_x, holdout)
