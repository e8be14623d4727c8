"""What a piece of a time expression says, as constraints that adjacent pieces can merge.

"下周三" + "下午" + "三点半", or "at 7:30 PM" + "on Fri" + "Sep 20": each rule turns its piece of
text into a `Frame` with only the fields it knows set; adjacent frames merge when no field is set
twice and the result still describes one time. `resolve.resolve` then computes the value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Literal

from nlu.types import Grain

Part = Literal["begin", "mid", "end", "h1", "h2"]  # h1/h2: the halves of a year
# How a weekday or month without a week or year picks its day: the next one after today
# ("friday", "周五"), the next one from today on ("this friday"), or the one before ("last may").
Mode = Literal["future", "this", "past"]
Nth = Literal["day", "weekday", "week", "weekend"]
Meridiem = Literal["am", "pm"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """A value at a grain; an interval [value, end) when end is set."""

    value: datetime
    grain: Grain
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pod:
    """A part of the day: the hours [start, end) it covers, and how it reads a bare hour.

    `hint` turns "8" into 20:00 in the evening; `point` is the hour a part that names an instant
    (中午 noon, 午夜 midnight) stands for when no hour is given.
    """

    start: int
    end: int
    hint: Literal["am", "pm", "noon", "night"]  # night: 12 is midnight ("this evening at 12")
    point: int | None = None


@dataclass(frozen=True, slots=True)
class NthSpec:
    """ "the 3rd tuesday", "the last day", "the 2nd last week": counted inside a month or year."""

    n: int  # 1-based; negative counts from the end
    what: Nth
    weekday: int | None = None


@dataclass(frozen=True, slots=True)
class Holiday:
    """A named day (or span) whose date depends on the year: 春节, Easter, Thanksgiving."""

    name: str
    dates: Callable[[int], tuple[date, date | None] | None]


Special = Callable[[datetime], Resolved | None]


@dataclass(frozen=True, slots=True)
class Frame:
    """Constraints one piece of text states; unset fields are left to its neighbours."""

    year: int | None = None
    year_rel: int | None = None
    quarter: int | None = None
    quarter_rel: int | None = None
    month: int | None = None
    month_rel: int | None = None
    week_rel: int | None = None
    day: int | None = None
    day_rel: int | None = None
    weekday: int | None = None  # 0 = Monday
    mode: Mode | None = None
    part: Part | None = None  # beginning / middle / end of the finest period given
    weekend: bool = False
    nth: NthSpec | None = None
    holiday: Holiday | None = None
    special: Special | None = None  # a complete value computed from now (durations, now)
    pod: Pod | None = None
    hour: int | None = None  # 0..24 (24 = the next midnight)
    minute: int | None = None
    second: int | None = None
    meridiem: Meridiem | None = None
    num: int | None = None  # a bare number, day or hour depending on its neighbours
    tz: int | None = None  # minutes east of UTC the clock time was given in
    length: tuple[float, Grain] | None = None  # "for 10 days": an interval from the value
    deadline: bool = False  # "by Friday": from now until then
    week_of: bool = False  # "the week of the 6th", "w/c 8 March": the week holding that day


_DATE_FIELDS = ("year", "year_rel", "quarter", "quarter_rel", "month", "month_rel", "day")
_ANCHORS = ("day_rel", "week_rel", "holiday", "special")
FIELD_NAMES = tuple(f.name for f in fields(Frame))


def has_date(frame: Frame) -> bool:
    return any(getattr(frame, name) is not None for name in _DATE_FIELDS + _ANCHORS) or bool(
        frame.weekday is not None or frame.weekend or frame.nth is not None
    )


def has_clock(frame: Frame) -> bool:
    return frame.hour is not None


def merge(left: Frame, right: Frame) -> Frame | None:
    """The frame saying both, or None when they disagree or cannot describe one time."""
    changes: dict[str, object] = {}
    for name in FIELD_NAMES:
        mine, theirs = getattr(left, name), getattr(right, name)
        if theirs is None or theirs is False:
            continue
        if mine is not None and mine is not False:
            if mine != theirs:
                return None
            continue
        changes[name] = theirs
    merged = replace(left, **changes)  # type: ignore[arg-type]
    merged = _assign_number(merged)
    return merged if coherent(merged) else None


def _assign_number(frame: Frame) -> Frame:
    """A bare number becomes the day next to a month, else the hour next to a day or clock."""
    if frame.num is None:
        return frame
    value = frame.num
    month_known = frame.month is not None or frame.month_rel is not None
    if month_known and frame.day is None and frame.hour is None and 1 <= value <= 31:
        return replace(frame, num=None, day=value)
    dated = has_date(frame) or frame.pod is not None or frame.meridiem is not None
    if dated and frame.hour is None and 0 <= value <= 24:
        return replace(frame, num=None, hour=value)
    return frame


def coherent(frame: Frame) -> bool:
    """Only one way of naming the day (a relative day, a week, a holiday, a computed value, or
    calendar fields), minutes only with an hour, a weekend not on a given day."""
    anchors = sum(getattr(frame, name) is not None for name in _ANCHORS)
    names = _DATE_FIELDS[2:] if frame.holiday is not None else _DATE_FIELDS
    calendar = any(getattr(frame, name) is not None for name in names)
    if anchors + calendar > 1:
        return False
    if frame.week_rel is not None and frame.nth is not None:
        return False
    if frame.num is not None and frame.hour is not None and frame.minute is not None:
        return False
    if frame.minute is not None and frame.hour is None:
        return False
    return not (frame.weekend and (frame.weekday is not None or frame.day is not None))
