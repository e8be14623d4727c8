"""Calendar arithmetic for the time grammar: months, weeks, nth weekdays, Easter.

Stdlib only (python-dateutil is not installed): month arithmetic clamps the day (Jan 31 + 1
month is Feb 28), weeks start on Monday as in ISO 8601, Duckling and Chinese usage.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, timedelta

from nlu.types import Grain

DAY = timedelta(days=1)
WEEK = timedelta(weeks=1)


def days_in_month(year: int, month: int) -> int:
    return monthrange(year, month)[1]


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by `months`, which may be negative."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's length (Jan 31 + 1 = Feb 28)."""
    year, month = shift_month(day.year, day.month, months)
    return date(year, month, min(day.day, days_in_month(year, month)))


def valid_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    if not 1 <= day <= days_in_month(year, month):
        return None
    return date(year, month, day)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekdays_in(start: date, end: date, weekday: int) -> list[date]:
    """Every `weekday` (0 = Monday) in [start, end)."""
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    return [first + WEEK * i for i in range((end - first).days // 7 + 1) if first + WEEK * i < end]


def full_weeks_in(start: date, end: date) -> list[date]:
    """Mondays of the weeks lying wholly inside [start, end): Duckling's "last week of May"."""
    return [monday for monday in weekdays_in(start, end, 0) if monday + WEEK <= end]


def pick(items: list[date], nth: int) -> date | None:
    """The nth item (1-based), or counted from the end when nth is negative (-1 = last)."""
    index = nth - 1 if nth > 0 else nth
    if -len(items) <= index < len(items):
        return items[index]
    return None


def easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday: the Julian computus, shifted to the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian_offset = year // 100 - year // 400 - 2
    return date(year, month, day + 1) + timedelta(days=julian_offset)


_KEEP: dict[str, int] = {"second": 6, "minute": 5, "hour": 4, "day": 3, "week": 3}
_KEEP.update({"month": 2, "quarter": 2, "year": 1})


def truncate(moment: datetime, grain: Grain) -> datetime:
    """The wall-clock start of the `grain` period holding `moment` (same tzinfo)."""
    keep = _KEEP[grain]
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    year, month, day, hour, minute, second = fields[:keep] + (1, 1, 0, 0, 0, 0)[keep - 1 : 5]
    cut = moment.replace(
        year=year, month=month, day=day, hour=hour, minute=minute, second=second, microsecond=0
    )
    if grain == "week":
        return cut - timedelta(days=cut.weekday())
    if grain == "quarter":
        return cut.replace(month=(moment.month - 1) // 3 * 3 + 1)
    return cut


def add_grain(moment: datetime, grain: Grain, count: int) -> datetime:
    """`moment` moved by `count` periods; months and years keep the wall clock and clamp."""
    if grain in ("year", "quarter", "month"):
        months = {"year": 12, "quarter": 3, "month": 1}[grain] * count
        shifted = add_months(moment.date(), months)
        return moment.replace(year=shifted.year, month=shifted.month, day=shifted.day)
    step = {
        "week": WEEK,
        "day": DAY,
        "hour": timedelta(hours=1),
        "minute": timedelta(minutes=1),
        "second": timedelta(seconds=1),
    }[grain]
    return moment + step * count
