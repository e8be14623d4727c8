"""Frames to values against `now`, by Duckling's conventions where its corpora show them.

- A weekday alone is the next one after today ("friday" on a Friday is a week away); "this X"
  may be today; "next X" / 下周X is day X of next week (Monday-based weeks).
- A month or month-day without a year is this year's while its month has not ended (Feb 10 said
  on Feb 12 is this year's), else next year's; a day of month alone is the next such day.
- A clock time without a date is the next one whose hour has not ended ("4:23" at 04:30 is
  today, "3am" at 04:30 is tomorrow); 1-12 without am/pm reads as either half of the day.
  With a date but no am/pm, 1-6 read as afternoon (明天三点 is 15:00: reps book business
  hours), where Duckling would take the morning.
- Durations under a day count in absolute time ("in 2 hours" across a DST change is 2 real
  hours), a day or more on the wall clock ("in 3 days" keeps the time of day).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from nlu.time.calendar import (
    DAY,
    add_grain,
    add_months,
    full_weeks_in,
    pick,
    shift_month,
    truncate,
    valid_date,
    week_start,
    weekdays_in,
)
from nlu.time.frame import Frame, Resolved
from nlu.types import GRAINS, Grain

_SUB_DAY: dict[str, timedelta] = {
    "second": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
}
_DURATION_GRAIN: dict[str, Grain] = {
    "second": "second",
    "minute": "minute",
    "hour": "minute",
    "day": "day",
    "week": "day",
    "month": "day",
    "quarter": "day",
    "year": "day",
}


# --- building values --------------------------------------------------------------------------


def at(day: date, zone: tzinfo | None, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """The wall-clock time on `day` in `zone`; hour 24 is the next midnight."""
    if hour >= 24:
        day, hour = day + DAY * (hour // 24), hour % 24
    return datetime.combine(day, time(hour, minute, second), tzinfo=zone)


def day_value(day: date, zone: tzinfo | None, end: date | None = None) -> Resolved:
    return Resolved(at(day, zone), "day", at(end, zone) if end is not None else None)


def finer(first: Grain, second: Grain) -> Grain:
    return first if GRAINS.index(first) >= GRAINS.index(second) else second


def shift(now: datetime, amount: float, unit: Grain) -> datetime:
    """`now` moved by `amount` units: absolute time below a day, wall clock from a day up."""
    if unit in _SUB_DAY:
        moved = now.astimezone(UTC) + _SUB_DAY[unit] * amount
        return moved.astimezone(now.tzinfo)
    if unit in ("day", "week"):
        days = amount * (7 if unit == "week" else 1)
        whole = int(days)
        moved = now + DAY * whole
        return moved + timedelta(days=days - whole) if days != whole else moved
    months = amount * {"month": 1, "quarter": 3, "year": 12}[unit]
    whole = int(months)
    shifted = add_months(now.date(), whole)
    moved = now.replace(year=shifted.year, month=shifted.month, day=shifted.day)
    if months != whole:
        moved += timedelta(days=round((months - whole) * 30))
    return moved


def in_duration(now: datetime, amount: float, unit: Grain) -> Resolved:
    return Resolved(shift(now, amount, unit), _DURATION_GRAIN[unit])


def cycle_span(now: datetime, unit: Grain, first: int, count: int) -> Resolved:
    """`count` whole periods starting `first` periods from the current one ("last 2 weeks" is
    first=-2, count=2; "next 3 days" first=1, count=3)."""
    base = truncate(now, unit)
    start = add_grain(base, unit, first)
    return Resolved(start, unit, add_grain(start, unit, count))


# --- the resolver -----------------------------------------------------------------------------


def resolve(frame: Frame, now: datetime) -> Resolved | None:
    """The value a complete frame names, or None if it names nothing (a lone number, Feb 30)."""
    if frame.num is not None:
        return None
    if frame.tz is not None and frame.hour is not None:
        return _in_zone(frame, now)
    anchor = _anchor(frame, now)
    if anchor is None and frame.deadline and frame.hour is None and frame.pod is None:
        anchor = day_value(now.date(), now.tzinfo)  # "EOD" alone: by the end of today
    if frame.hour is not None:
        result = _clock(frame, anchor, now)
    elif frame.pod is not None:
        result = _part_of_day(frame, anchor, now)
    else:
        result = anchor
    if result is None:
        return None
    if frame.week_of and result.grain == "day" and result.end is None:
        result = _week_holding(result.value.date(), now.tzinfo)
    if frame.length is not None:
        amount, unit = frame.length
        result = Resolved(result.value, finer(result.grain, unit), _end_after(result, amount, unit))
    if frame.deadline:
        result = _deadline(result, now)
    return result


def _week_holding(day: date, zone: tzinfo | None) -> Resolved:
    """ "the week of October 6th": Duckling counts a Sunday into the week it starts (US weeks),
    so the 6th, a Sunday, names the week of Monday the 7th."""
    return Resolved(at(week_start(day + DAY), zone), "week")


def _end_after(start: Resolved, amount: float, unit: Grain) -> datetime:
    return shift(start.value, amount, unit)


def _deadline(result: Resolved, now: datetime) -> Resolved:
    """ "by X": from now until X ends (a day-sized X lasts the whole day)."""
    end = result.end
    if end is None:
        coarse = GRAINS.index(result.grain) <= GRAINS.index("day")
        end = add_grain(result.value, result.grain, 1) if coarse else result.value
    if end <= now:
        return result  # "by" a moment already past is no interval from now: keep the moment
    return Resolved(now.replace(microsecond=0), "second", end)


def _in_zone(frame: Frame, now: datetime) -> Resolved | None:
    """A clock time said in another zone ("4pm CET"), computed there and brought home."""
    assert frame.tz is not None
    there = now.astimezone(timezone(timedelta(minutes=frame.tz)))
    result = resolve(replace(frame, tz=None), there)
    if result is None:
        return None
    home = now.tzinfo
    end = result.end.astimezone(home) if result.end is not None else None
    grain: Grain = "minute" if result.grain == "hour" else result.grain
    return Resolved(result.value.astimezone(home), grain, end)


def _anchor(frame: Frame, now: datetime) -> Resolved | None:
    """The day-or-coarser part of the frame, or None when it names no date."""
    for applies, compute in _ANCHOR_KINDS:
        if applies(frame):
            return compute(frame, now)
    return None


def _by_calendar(frame: Frame) -> bool:
    fields = (frame.year, frame.year_rel, frame.quarter, frame.quarter_rel, frame.month)
    return any(value is not None for value in (*fields, frame.month_rel, frame.day))


def _special(frame: Frame, now: datetime) -> Resolved | None:
    return frame.special(now) if frame.special is not None else None


def _relative_day(frame: Frame, now: datetime) -> Resolved:
    return day_value(now.date() + DAY * (frame.day_rel or 0), now.tzinfo)


def _relative_week(frame: Frame, now: datetime) -> Resolved:
    return _week(frame, week_start(now.date()) + DAY * 7 * (frame.week_rel or 0), now.tzinfo)


def _bare_weekday(frame: Frame, now: datetime) -> Resolved:
    return day_value(_weekday(frame.weekday or 0, frame.mode, now.date()), now.tzinfo)


# Which part of a frame names its day, in order of precedence.
_ANCHOR_KINDS: tuple[
    tuple[Callable[[Frame], bool], Callable[[Frame, datetime], Resolved | None]], ...
] = (
    (lambda f: f.special is not None, _special),
    (lambda f: f.holiday is not None, lambda f, now: _holiday(f, now.date(), now.tzinfo)),
    (lambda f: f.day_rel is not None, _relative_day),
    (lambda f: f.week_rel is not None, _relative_week),
    (lambda f: f.nth is not None, lambda f, now: _nth(f, now.date(), now.tzinfo)),
    (_by_calendar, lambda f, now: _calendar(f, now.date(), now.tzinfo)),
    (lambda f: f.weekday is not None, _bare_weekday),
    (lambda f: f.weekend, lambda f, now: _week(f, week_start(now.date()), now.tzinfo)),
)


def _weekday(weekday: int, mode: str | None, today: date) -> date:
    delta = (weekday - today.weekday()) % 7
    if mode == "past":
        return today - DAY * ((today.weekday() - weekday) % 7 or 7)
    if mode != "this" and delta == 0:
        delta = 7
    return today + DAY * delta


def _week(frame: Frame, monday: date, zone: tzinfo | None) -> Resolved:
    if frame.weekday is not None:
        return day_value(monday + DAY * frame.weekday, zone)
    if frame.weekend:
        return Resolved(at(monday + DAY * 4, zone, 18), "hour", at(monday + DAY * 7, zone))
    if frame.part == "begin":
        return day_value(monday, zone, monday + DAY * 3)
    if frame.part == "mid":
        return day_value(monday + DAY * 2, zone, monday + DAY * 5)
    if frame.part == "end":
        return day_value(monday + DAY * 4, zone, monday + DAY * 7)
    return Resolved(at(monday, zone), "week")


def _year_of_month(month: int, mode: str | None, today: date) -> int:
    if mode == "past":
        return today.year if month < today.month else today.year - 1
    if mode == "future":
        return today.year if month > today.month else today.year + 1
    return today.year if month >= today.month else today.year + 1


def _year_and_month(frame: Frame, today: date) -> tuple[int | None, int | None]:
    year = frame.year
    if year is None and frame.year_rel is not None:
        year = today.year + frame.year_rel
    if frame.month_rel is not None:
        return shift_month(today.year, today.month, frame.month_rel)
    return year, frame.month


def _calendar(frame: Frame, today: date, zone: tzinfo | None) -> Resolved | None:
    year, month = _year_and_month(frame, today)
    if frame.quarter_rel is not None or frame.quarter is not None:
        return _quarter(frame, year, today, zone)
    if month is None and frame.day is None:
        return _year_part(year, frame.part, zone) if year is not None else None
    if month is None:
        assert frame.day is not None
        found = _day_of_month(frame.day, frame.weekday, today, year)
        return day_value(found, zone) if found is not None else None
    if frame.day is None:
        if year is None:
            year = _year_of_month(month, frame.mode, today)
        return _month_part(year, month, frame.part, zone)
    if year is None:
        found = _month_day(month, frame.day, frame.weekday, today)
    else:
        found = valid_date(year, month, frame.day)
    return day_value(found, zone) if found is not None else None


def _quarter(frame: Frame, year: int | None, today: date, zone: tzinfo | None) -> Resolved:
    if frame.quarter_rel is not None:
        current = (today.month - 1) // 3 * 3 + 1
        year, month = shift_month(today.year, current, 3 * frame.quarter_rel)
    else:
        assert frame.quarter is not None
        month = 3 * frame.quarter - 2
        year = today.year if year is None else year
    if frame.part is not None:  # "end of Q2", 三季度末: the quarter's first/middle/last month
        month += {"begin": 0, "mid": 1}.get(frame.part, 2)
        return Resolved(at(date(year, month, 1), zone), "month")
    return Resolved(at(date(year, month, 1), zone), "quarter")


def _year_part(year: int, part: str | None, zone: tzinfo | None) -> Resolved:
    start = date(year, 1, 1)
    if part is None:
        return Resolved(at(start, zone), "year")
    first, last = {"begin": (1, 4), "mid": (5, 9), "end": (9, 13), "h1": (1, 7), "h2": (7, 13)}[
        part
    ]
    begin = date(year, first, 1)
    end = date(year + 1, 1, 1) if last == 13 else date(year, last, 1)
    return Resolved(at(begin, zone), "month", at(end, zone))


def _month_part(year: int, month: int, part: str | None, zone: tzinfo | None) -> Resolved:
    start = date(year, month, 1)
    if part is None:
        return Resolved(at(start, zone), "month")
    following = add_months(start, 1)
    first, last = {"begin": (1, 11), "mid": (11, 21)}.get(part, (21, 0))
    end = following if last == 0 else date(year, month, last)
    return day_value(date(year, month, first), zone, end)


def _day_of_month(day: int, weekday: int | None, today: date, year: int | None) -> date | None:
    """The next `day` of a month from today on (with its weekday when one is given)."""
    start_year = today.year if year is None else year
    start_month = today.month if year is None or year == today.year else 1
    for offset in range(400 if weekday is not None else 24):
        y, m = shift_month(start_year, start_month, offset)
        found = valid_date(y, m, day)
        if found is None or found < today:
            continue
        if weekday is None or found.weekday() == weekday:
            return found
    return None


def _month_day(month: int, day: int, weekday: int | None, today: date) -> date | None:
    """Month and day without a year: this year's while the month lasts; with a weekday, the
    first year from then on where they agree ("Fri, Jul 18" said in 2013 is 2014)."""
    year = _year_of_month(month, None, today)
    first = valid_date(year, month, day) or valid_date(year + 1, month, day)
    if weekday is None or first is None:
        return first
    for offset in range(29):
        found = valid_date(year + offset, month, day)
        if found is not None and found.weekday() == weekday:
            return found
    return first


def _nth(frame: Frame, today: date, zone: tzinfo | None) -> Resolved | None:
    """ "the 3rd tuesday / last day / 2nd last week / last weekend" of a month or a year."""
    spec = frame.nth
    container = _container(frame, today)
    if spec is None or container is None:
        return None
    start, end = container
    if spec.what == "week":
        found = pick(full_weeks_in(start, end), spec.n)
        return Resolved(at(found, zone), "week") if found is not None else None
    if spec.what == "weekend":
        saturday = pick(weekdays_in(start, end, 5), spec.n)
        if saturday is None:
            return None
        return Resolved(at(saturday - DAY, zone, 18), "hour", at(saturday + DAY * 2, zone))
    if spec.what == "weekday" and spec.weekday is not None:
        found = pick(weekdays_in(start, end, spec.weekday), spec.n)
    else:
        found = pick([start + DAY * i for i in range((end - start).days)], spec.n)
    return day_value(found, zone) if found is not None else None


def _container(frame: Frame, today: date) -> tuple[date, date] | None:
    """The month (or else the year) an nth counts in, as [start, end)."""
    year, month = _year_and_month(frame, today)
    if month is not None:
        year = _year_of_month(month, frame.mode, today) if year is None else year
        start = date(year, month, 1)
        return start, add_months(start, 1)
    if year is not None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    return None


def _holiday(frame: Frame, today: date, zone: tzinfo | None) -> Resolved | None:
    holiday = frame.holiday
    assert holiday is not None
    if frame.year is not None or frame.year_rel is not None:
        year = frame.year if frame.year is not None else today.year + (frame.year_rel or 0)
        dates = holiday.dates(year)
        return day_value(dates[0], zone, dates[1]) if dates is not None else None
    found = [d for d in (holiday.dates(y) for y in range(today.year - 1, today.year + 2)) if d]
    if frame.mode == "past":
        past = [d for d in found if d[0] < today]
        return day_value(past[-1][0], zone, past[-1][1]) if past else None
    for start, end in found:
        if (end or start + DAY) > today:
            return day_value(start, zone, end)
    return None


# --- clock times and parts of the day ---------------------------------------------------------


def hour_of_day(frame: Frame) -> tuple[int, bool]:
    """The 24-hour hour the frame says, and whether it could be either half of the day."""
    hour = frame.hour if frame.hour is not None else 0
    half: str | None = frame.meridiem
    if half is None and frame.pod is not None and hour <= 12:
        half = _POD_HALF[frame.pod.hint](hour)
    if half == "am":
        return (0 if hour == 12 else hour), False
    if half == "pm":
        return (hour + 12 if hour < 12 else hour), False
    if half == "night":
        return hour + 12, False  # "this evening at 12" is midnight
    return hour, half is None and 1 <= hour <= 12


# How a part of the day reads a bare hour: 中午一点 is 13:00, 中午十二点 12:00.
_POD_HALF: dict[str, Callable[[int], str]] = {
    "am": lambda _hour: "am",
    "pm": lambda _hour: "pm",
    "night": lambda _hour: "night",
    "noon": lambda hour: "pm" if hour <= 5 or hour == 12 else "am",
}


def _business_hour(hour: int) -> int:
    return hour + 12 if 1 <= hour <= 6 else hour


def _clock(frame: Frame, anchor: Resolved | None, now: datetime) -> Resolved | None:
    hour, ambiguous = hour_of_day(frame)
    minute, second = frame.minute or 0, frame.second or 0
    if hour > 24 or minute > 59 or second > 59 or (hour == 24 and (minute or second)):
        return None
    grain: Grain = "second" if frame.second is not None else "minute"
    if frame.minute is None:
        grain = "hour"
    if anchor is None:
        return Resolved(_next_clock(now, hour, minute, second, ambiguous=ambiguous), grain)
    if ambiguous:
        hour = _business_hour(hour)
    return Resolved(at(anchor.value.date(), now.tzinfo, hour, minute, second), grain)


def _next_clock(now: datetime, hour: int, minute: int, second: int, *, ambiguous: bool) -> datetime:
    """The first such time whose hour has not ended yet (Duckling: "4:23" at 04:30 is today)."""
    local = now.replace(tzinfo=None)
    candidates = [hour]
    if ambiguous:
        candidates = [12, 24] if hour == 12 else [hour, hour + 12]
    for offset in (0, 1):
        day = local.date() + DAY * offset
        for candidate in candidates:
            start = datetime.combine(day, time()) + timedelta(hours=candidate)
            if start + timedelta(hours=1) > local:
                return at(day, now.tzinfo, candidate, minute, second)
    return at(local.date() + DAY, now.tzinfo, candidates[0], minute, second)


def _part_of_day(frame: Frame, anchor: Resolved | None, now: datetime) -> Resolved | None:
    pod = frame.pod
    assert pod is not None
    if pod.point is not None:
        # 中午 is noon, never the midnight the bare hour 12 could also be
        meridiem = "pm" if pod.point == 12 and frame.meridiem is None else frame.meridiem
        return _clock(replace(frame, hour=pod.point, pod=None, meridiem=meridiem), anchor, now)
    day = anchor.value.date() if anchor is not None else now.date()
    return Resolved(at(day, now.tzinfo, pod.start), "hour", at(day, now.tzinfo, pod.end))


# --- ranges -----------------------------------------------------------------------------------

_LEVELS: tuple[tuple[str, ...], ...] = (
    ("year", "year_rel"),
    ("quarter", "quarter_rel"),
    ("month", "month_rel"),
    ("week_rel",),
    ("day", "day_rel", "weekday", "mode", "holiday", "nth", "weekend"),
    ("hour",),
    ("minute",),
    ("second",),
)


def _given(value: object) -> bool:
    return value is not None and value is not False  # 0 is a value (day_rel=0 is today)


def _coarsest(frame: Frame) -> int:
    for level, names in enumerate(_LEVELS):
        if any(_given(getattr(frame, name)) for name in names):
            return level
    return len(_LEVELS)


def _inherit(target: Frame, source: Frame, *, left: bool) -> Frame:
    """`target` with the coarser fields only `source` gives ("July 13-15": the 15th of July)."""
    if target.num is not None:
        if source.day is not None and source.hour is None:
            target = replace(target, num=None, day=target.num)
        else:
            target = replace(target, num=None, hour=target.num)
    changes: dict[str, object] = {}
    limit = _coarsest(target)
    for names in _LEVELS[:limit]:
        for name in names:
            changes[name] = getattr(source, name)
    if target.hour is not None and source.hour is not None:
        changes.update(_inherit_half(target, source, left=left))
    if target.tz is None:
        changes["tz"] = source.tz
    return replace(target, **changes)  # type: ignore[arg-type]


def _inherit_half(target: Frame, source: Frame, *, left: bool) -> dict[str, object]:
    """ "3-4pm": the start takes the end's pm when it is not later than the end."""
    assert target.hour is not None
    assert source.hour is not None
    if target.meridiem is not None or target.hour > 12:
        return {}
    if target.pod is None and source.pod is not None:
        return {"pod": source.pod}
    if source.meridiem is None:
        return {}
    mine, theirs = target.hour % 12, source.hour % 12
    if (left and mine <= theirs) or (not left and mine >= theirs):
        return {"meridiem": source.meridiem}
    return {}


def resolve_range(first: Frame, last: Frame, now: datetime) -> Resolved | None:
    """ "July 13-15", "9:30 - 11:00 on Thursday", "from 3 to 4 in the PM": [start, end)."""
    left = _inherit(first, last, left=True)
    right = _inherit(last, first, left=False)
    start = resolve(left, now)
    finish = resolve(right, now)
    if start is None or finish is None:
        return None
    stop = finish.value
    if stop <= start.value and right.hour is not None and hour_of_day(right)[0] < 12:
        stop += timedelta(hours=12)
    if stop < start.value and right.weekday is not None and right.week_rel is None:
        stop += timedelta(days=7)  # 周五到周一: the Monday after that Friday
    if finish.end is not None:
        end = finish.end
    elif GRAINS.index(finish.grain) <= GRAINS.index("day"):
        end = add_grain(stop, finish.grain, 1)
    else:
        end = stop
    if end <= start.value:
        return None
    return Resolved(start.value, finer(start.grain, finish.grain), end)
