"""Scoring extractors on Facebook Duckling's corpora (../shared/corpora/duckling) by its rules.

Pure: it takes the extractor functions as arguments, so each grammar can be scored on its own and
`crm nlu eval` can score them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from nlu.types import MoneyMention, NumberMention, TimeMention

NumberFinder = Callable[[str, str], Sequence[NumberMention]]  # (text, lang)
MoneyFinder = Callable[[str, str], Sequence[MoneyMention]]  # (text, lang)
TimeFinder = Callable[[str, datetime, str], Sequence[TimeMention]]  # (text, now, lang)

_M = TypeVar("_M", NumberMention, MoneyMention, TimeMention)

# The corpora's reference time is at UTC-2; IANA spells that zone with the inverted sign.
REFERENCE_ZONE = ZoneInfo("Etc/GMT+2")


@dataclass
class Report:
    name: str
    total: int = 0
    correct: int = 0
    scored_non_holiday: int = 0
    correct_non_holiday: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def non_holiday_accuracy(self) -> float:
        return (
            self.correct_non_holiday / self.scored_non_holiday if self.scored_non_holiday else 0.0
        )


def load_cases(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(
    cases: Iterable[dict[str, Any]],
    *,
    name: str,
    numbers: NumberFinder | None = None,
    money: MoneyFinder | None = None,
    times: TimeFinder | None = None,
) -> Report:
    """Score every case whose kind has a finder; disputed cases are left out."""
    report = Report(name=name)
    for case in cases:
        if case.get("disputed"):
            continue
        kind = case["kind"]
        text, lang = case["text"], case["lang"]
        if kind == "number" and numbers is not None:
            ok = score_number(case, numbers(text, lang))
        elif kind == "money" and money is not None:
            ok = score_money(case, money(text, lang))
        elif kind == "datetime" and times is not None:
            now = datetime.fromisoformat(case["reference"]).astimezone(REFERENCE_ZONE)
            ok = score_time(case, times(text, now, lang))
        else:
            continue
        holiday = bool((case.get("expected") or {}).get("holiday"))
        report.total += 1
        report.correct += ok
        if not holiday:
            report.scored_non_holiday += 1
            report.correct_non_holiday += ok
        if not ok:
            report.failures.append(case)
    return report


def _widest(mentions: Sequence[_M]) -> _M | None:
    return max(mentions, key=_length) if mentions else None


def _length(mention: NumberMention | MoneyMention | TimeMention) -> int:
    if isinstance(mention, TimeMention):
        return mention.end_char - mention.start_char
    return mention.end - mention.start


def score_number(case: dict[str, Any], mentions: Sequence[NumberMention]) -> bool:
    expected = case["expected"]
    best = _widest(mentions)
    if expected is None:
        return best is None
    return best is not None and abs(float(best.value) - float(expected["value"])) < 1e-9


def score_money(case: dict[str, Any], mentions: Sequence[MoneyMention]) -> bool:
    expected = case["expected"]
    best = _widest(mentions)
    if expected is None:
        return best is None
    if best is None or best.currency != expected["currency"]:
        return False
    if "value" in expected:
        return best.value is not None and _close(best.value, expected["value"])
    return _close_optional(best.minimum, expected.get("min")) and _close_optional(
        best.maximum, expected.get("max")
    )


def _close(value: Decimal, expected: float) -> bool:
    return abs(float(value) - float(expected)) <= 0.005


def _close_optional(value: Decimal | None, expected: float | None) -> bool:
    if expected is None:
        return value is None
    return value is not None and _close(value, expected)


def score_time(case: dict[str, Any], mentions: Sequence[TimeMention]) -> bool:
    expected = case["expected"]
    best = _widest(mentions)
    if expected is None or best is None:
        return best is None and expected is None
    if expected.get("start") is None or (
        expected["type"] == "interval" and expected.get("end") is None
    ):
        return False  # open intervals ("until 2pm", "after 2pm") cannot be expressed as a mention
    grain = expected["grain"]
    start = datetime.fromisoformat(expected["start"])
    if truncate(best.value, grain) != truncate(start, grain):
        return False
    if expected["type"] != "interval":
        return True
    if best.end is None:
        return False
    end = datetime.fromisoformat(expected["end"])
    produced = truncate(best.end, grain)
    return produced in (truncate(end, grain), truncate(add_grain(end, grain, -1), grain))


def truncate(moment: datetime, grain: str) -> tuple[int, ...]:
    """The moment cut to `grain`, in the corpus's own offset."""
    local = moment.astimezone(REFERENCE_ZONE)
    if grain == "week":
        iso = local.isocalendar()
        return (iso.year, iso.week)
    if grain == "quarter":
        return (local.year, (local.month - 1) // 3)
    parts = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    depth = {"year": 1, "month": 2, "day": 3, "hour": 4, "minute": 5, "second": 6}[grain]
    return parts[:depth]


def add_grain(moment: datetime, grain: str, count: int) -> datetime:
    if grain in ("year", "quarter", "month"):
        months = {"year": 12, "quarter": 3, "month": 1}[grain] * count
        index = moment.year * 12 + moment.month - 1 + months
        return moment.replace(year=index // 12, month=index % 12 + 1, day=1)
    step = {
        "week": timedelta(weeks=1),
        "day": timedelta(days=1),
        "hour": timedelta(hours=1),
        "minute": timedelta(minutes=1),
        "second": timedelta(seconds=1),
    }[grain]
    return moment + step * count
