"""Slot values in the contract's shapes: a time mention as `when` (point, day or interval, in
the past or the future as the message means it), deadlines and due days, amounts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from nlu.parsing.entities import BARE_WEEKDAY, DATED, WEEKEND
from nlu.text import is_cjk
from nlu.time.calendar import add_grain
from nlu.time.holidays import ZH_NAMES
from nlu.types import TimeMention

_MONTH_END = re.compile(
    r"月底|月末|年底|年末|month[- ]?end|year[- ]?end|end of (?:the |this |next )?"
    r"(?:month|mth|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)


# "late next week" is its end too: the working week's last day.
_END_OF_WEEK = re.compile(
    r"end of (?:the |this |next )?week|week'?s end|\blate (?:this |next )?week", re.IGNORECASE
)


# Lunch names a meeting on a day, not a clock time ("lunch with Tom on Thursday").
_LUNCH = re.compile(r"(?<!after )\blunch\b", re.IGNORECASE)


# Before a holiday is the working days up to its eve ("国庆节前", "before Christmas").
# A named holiday ("before" it is the day before: 国庆前, 双十一前, 五一前, before Christmas).
HOLIDAY = re.compile(
    r"[节節]|元旦|除夕|"
    + ZH_NAMES.pattern
    + r"|christmas|xmas|new year|easter|thanksgiving|halloween",
    re.IGNORECASE,
)


_MONTH_START = re.compile(
    r"月初|beginning of (?:the |this |next )?(?:month|mth)|early (?:next|this) (?:month|mth)|"
    r"start of|"
    r"early (?:in )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)


def not_over(mention: TimeMention, now: datetime) -> bool:
    if mention.end is not None:
        return mention.end > now
    if mention.grain in ("hour", "minute"):
        return mention.value >= now
    length = {"week": 7, "month": 31, "quarter": 92, "year": 366}.get(mention.grain, 1)
    return (mention.value + timedelta(days=length)).date() > now.date()


def in_future(mention: TimeMention, now: datetime) -> bool:
    if mention.end is not None and _MONTH_END.search(mention.text):
        mention = for_crm(mention, now)  # 月底 is the month's last day, still to come
    if mention.end is not None and abs(mention.value - now) < timedelta(seconds=1):
        return mention.end > now  # "before Friday": a deadline from now on
    if mention.grain in ("month", "week") and _WITHIN.search(mention.text):
        return add_grain(mention.value, mention.grain, 1) > now  # 本周内: by the week's end
    if mention.end is not None and _MONTH_SPAN.search(mention.text):
        return mention.end > now  # 这个月中旬 said on the 15th: still running
    if mention.grain in ("year", "quarter", "month", "week", "day"):
        return mention.value.date() > now.date()
    return mention.value > now


def for_crm(mention: TimeMention, now: datetime) -> TimeMention:
    """The grammar follows Duckling (it is scored on Duckling's corpora); CRM records follow
    office conventions: mornings from 8, afternoons to 18, evenings to 22; 月底 / end of the
    month is its last day and 月初 its first; "before Friday" is due on Friday; a bare weekday
    in a report of what happened ("周五去了…") is the last one, not the next."""
    value, end, grain, text = mention.value, mention.end, mention.grain, mention.text.casefold()
    if grain in ("hour", "minute") and _LUNCH.search(text) and DATED.search(text):
        day = value.replace(hour=0, minute=0, second=0, microsecond=0)
        return replace(mention, value=day, end=None, grain="day")
    if end is not None and grain == "hour" and WEEKEND.search(text) and value.weekday() == 4:
        # A weekend is Saturday and Sunday in a diary, not Friday evening to Monday.
        saturday = (value + timedelta(days=1)).replace(hour=0)
        return replace(mention, value=saturday, end=end.replace(hour=0), grain="day")
    if end is not None and grain == "hour" and end - value <= timedelta(hours=24):
        if value.hour in (0, 4) and end.hour == 12:
            value = value.replace(hour=8)
        elif value.hour == 12 and end.hour == 19:
            end = end.replace(hour=18)
        elif value.hour == 18 and end.hour == 0 and end.date() > value.date():
            end = value.replace(hour=22)
        return replace(mention, value=value, end=end)
    if end is not None and _END_OF_WEEK.search(text):
        # The end of a working week is its Friday.
        friday = end - timedelta(days=1)
        while friday.weekday() != 4:
            friday -= timedelta(days=1)
        return replace(
            mention, value=friday.replace(hour=0, minute=0, second=0), end=None, grain="day"
        )
    if end is not None and _MONTH_END.search(text):
        return replace(mention, value=end - timedelta(days=1), end=None, grain="day")
    if end is not None and _MONTH_START.search(text):
        return replace(mention, end=None, grain="day")
    if end is not None and abs(value - now) < timedelta(seconds=1):
        return _deadline(mention, end, now)
    return mention


def _deadline(mention: TimeMention, end: datetime, now: datetime) -> TimeMention:
    """What is due by a time ("by Friday", "before 5"): its day, its hour, or the part of the
    day named ("by tomorrow evening")."""
    within = _by_part_of_day(mention, end, now)
    if within is not None:
        return within
    if end.time() != datetime.min.time():
        return replace(mention, value=end, end=None, grain="minute" if end.minute else "hour")
    return replace(mention, value=_due_day(mention.text, end), end=None, grain="day")


# A part of a month said as a span of days: 中旬, 月中.
_MONTH_SPAN = re.compile(r"[上中下]旬|月中")


# "三天内", "两周之内", "within 3 days": so many days from today, the last one included.
_WITHIN = re.compile(r"[天日周星期礼拜月年]\s*(?:之|以)?内|\bwithin\b", re.IGNORECASE)


def _due_day(said: str, end: datetime) -> datetime:
    """The day something due before the midnight `end` is due: that midnight's day itself when
    so many days are counted (三天内 said on Monday is Thursday), the day before a holiday
    (国庆前 is 30 September), the Friday before a weekend (周末前), else the last day."""
    if _WITHIN.search(said):
        return end
    if WEEKEND.search(said) and end.weekday() == 0:
        return end - timedelta(days=3)
    return end - timedelta(days=2 if HOLIDAY.search(said.casefold()) else 1)


_PART_OF_DAY = re.compile(r"\b(morning|afternoon|arvo|evening|tonight|am|pm)\b")


_PART_HOURS = {
    "am": (8, 12),  # "by Mon am"
    "pm": (12, 18),
    "morning": (8, 12),
    "afternoon": (12, 18),
    "arvo": (12, 18),
    "evening": (18, 22),
    "tonight": (18, 22),
}


def _by_part_of_day(mention: TimeMention, end: datetime, now: datetime) -> TimeMention | None:
    """ "by tomorrow evening": due within that part of the day, not just on the day."""
    part = _PART_OF_DAY.search(mention.text.casefold())
    if part is None:
        return None
    first, last = _PART_HOURS[part.group(1)]
    # the interval ends at midnight, noon or six
    day = (end - timedelta(seconds=1)).replace(minute=0, second=0, microsecond=0)
    if day.replace(hour=last) <= now:
        return None
    return replace(mention, value=day.replace(hour=first), end=day.replace(hour=last), grain="hour")


def in_the_past(mention: TimeMention, now: datetime) -> TimeMention:
    """A bare weekday that resolved forward, said about something already done; a bare time of
    day gone by ("中午和院长吃了顿饭" at two) is today's."""
    days = 0
    if (
        BARE_WEEKDAY.fullmatch(mention.text.strip())
        or _ZH_WEEKDAY_PART.fullmatch(mention.text.strip())
        or mention.text.strip() == "周末"
    ) and mention.value.date() > now.date():
        days = 7  # "周末去了趟科达" on a Monday: the weekend gone
    elif (
        mention.text[:1].strip() != ""
        and is_cjk(mention.text[0])
        and mention.grain in ("hour", "minute")
        and not DATED.search(mention.text)
        and mention.value.date() == now.date() + timedelta(days=1)
    ):
        days = 1
    if not days:
        return mention
    return replace(
        mention,
        value=mention.value - timedelta(days=days),
        end=mention.end - timedelta(days=days) if mention.end else None,
    )


# "周一上午拜访了…", "周五晚上跟…吃了饭": a bare weekday with its part of the day.
_ZH_WEEKDAY_PART = re.compile(
    r"(?:周|星期|礼拜)[一二三四五六日天]\s*(?:的)?(?:[上中下]午|早上|晚上|傍晚|一早|夜里)"
)
