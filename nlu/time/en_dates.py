"""English dates and spans: today, tomorrow, next Tuesday, this Friday, Dec 5, the 5th, 14april
2015, next week, this quarter, end of the month, EOM, in two weeks, 3 days ago, last 2 weeks,
for 10 days, first tuesday of october, 2018Q4.

"may", "march", "sun", "sat", "wed" and the like are LATENT alone (a date only when they are the
whole message, or beside a day, a year or a preposition); "second" is a date only as "second of
March"; a bare number is WEAK.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import partial

from nlu.time.calendar import DAY, add_grain, truncate, week_start
from nlu.time.common import full_year
from nlu.time.en_words import (
    AMBIGUOUS_MONTHS,
    FULL_WEEKDAY,
    MONTH,
    MONTHS,
    NUMBER,
    ORDINAL_DIGITS,
    ORDINAL_WORD,
    QUANTITY,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    followed_by_time_word,
    number,
    ordinal,
    quantity,
    unit,
)
from nlu.time.frame import Frame, Mode, Nth, NthSpec, Part, Resolved
from nlu.time.resolve import at, cycle_span, day_value, in_duration, shift
from nlu.time.rules import LATENT, STRONG, WEAK, Grammar, Hit, Source
from nlu.time.zh import now_value, within
from nlu.types import Grain

GRAMMAR = Grammar("en dates")

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
_YEAR = r"(?P<y>\d{4})(?!\d)"


# --- now and relative days --------------------------------------------------------------------


@GRAMMAR.rule(
    rf"{_B}(?:right\s+now|just\s+now|at\s+the\s+moment|now|asap|as\s+soon\s+as\s+possible|atm){_E}"
)
def now(match: re.Match[str], source: Source) -> Hit:
    """Alone only: "now" in "now they want a quote" is no appointment; ATM only in capitals."""
    if match.group() == "atm" and source.original_span(*match.span()) != "ATM":
        return None
    return Frame(special=now_value), LATENT


_DAYS = {"today": 0, "tdy": 0, "tomorrow": 1, "tomorrows": 1, "tmrw": 1, "tmr": 1, "tomorow": 1}
# how texts spell it: "2moro", "tmw", British "tomoz"
_DAYS.update({"2moro": 1, "2morrow": 1, "2mrw": 1, "tmw": 1, "tmoro": 1, "tomoz": 1})
_DAYS["yesterday"] = -1


@GRAMMAR.rule(
    rf"""{_B}(?:(?:the\s+)?day\s+(?P<rel>after\s+tomorrow|before\s+yesterday)|
    (?P<w>today|tdy|tomorrows?|tmrw|tmr|tomorow|2moro|2morrow|2mrw|tmw|tmoro|tomoz|yesterday)){_E}"""
)
def relative_day(match: re.Match[str], _source: Source) -> Hit:
    if match["rel"]:
        return Frame(day_rel=2 if match["rel"].startswith("after") else -2), STRONG
    return Frame(day_rel=_DAYS[match["w"]]), STRONG


_PREPOSITION = re.compile(
    r"(?:^|[^a-z])(?:by|before|until|till|through|since|after|from|on|for|of)\s+$"
)


def _after_preposition(text: str, start: int) -> bool:
    """ "by march", "on sat": a preposition makes an ambiguous month or weekday name a date."""
    return _PREPOSITION.search(text, max(0, start - 10), start) is not None


# "visit wed", "f/u mon", "call back sat": a short day name straight after what is planned.
_PLAN_WORD = re.compile(
    r"(?<![a-z])(?:visit|call|call\s+back|ring|f/u|follow\s+up|chase|meet|mtg|meeting|demo)\s+$"
)


def _after_plan_word(text: str, start: int) -> bool:
    """Typed notes shorten a day after a visit or call; there "wed" or "sun" can only be a day."""
    return _PLAN_WORD.search(text, max(0, start - 16), start) is not None


# --- weekdays ---------------------------------------------------------------------------------

_WEEK_WORDS = {"this": 0, "current": 0, "next": 1, "following": 1, "coming": 1, "last": -1}
_WEEK_WORDS["nxt"] = 1  # as notes shorten it: "nxt week", "nxt tues"
_WEEK_WORDS.update({"past": -1, "previous": -1})


@GRAMMAR.rule(
    rf"{_B}(?:(?P<mod>this|next|nxt|last|coming|upcoming|past|previous|the\s+following)\s+)?"
    + WEEKDAY
    + rf"""(?P<post>\s+(?:of\s+)?(?:the\s+)?(?P<pw>this|next|last|following|coming|current)
    \s+week{_E}|\s+after\s+next{_E}|\s+from\s+last\s+week{_E})?"""
)
def weekday(match: re.Match[str], source: Source) -> Hit:
    """monday, this monday, next tuesday (next week's), last sunday, wednesday of next week,
    friday after next; "sun"/"sat"/"wed" alone are LATENT."""
    day = WEEKDAYS[match["wd"]]
    mod = (match["mod"] or "").split()[-1:] or [""]
    if match["post"] and "after" in match["post"] and not mod[0]:
        # "tuesday after next": the one after the next tuesday, this week's or next week's
        return Frame(special=partial(_weekdays_from, weekday=day, count=2)), STRONG
    week = _week_of(mod[0], match["post"], match["pw"])
    if week is not None:
        return Frame(week_rel=week, weekday=day), STRONG
    mode: Mode = "this" if mod[0] in ("this", "coming", "upcoming") else "future"
    full = len(match["wd"]) > 3 and match["wd"] not in ("tues", "thur", "thurs", "weds")
    strong = (
        full
        or mod[0]
        or _after_preposition(source.text, match.start())
        or _after_plan_word(source.text, match.start())
        # short forms that are no other English word: "f/u Thurs", "chase Tues", "Weds 9:30"
        or match["wd"] in _UNAMBIGUOUS_SHORT
        or source.original_span(*match.span("wd")) in ("Mon", "Wed")
        # "greenfield wed 10", "sat 9.30": a clock hour straight after makes it the day
        or _HOUR_AFTER.match(source.text, match.end()) is not None
    )
    return Frame(weekday=day, mode=mode), STRONG if strong else LATENT


_HOUR_AFTER = re.compile(r"\s+(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?(?:\s*[ap]\.?m)?(?![\w/:%]|\.\d)")
_UNAMBIGUOUS_SHORT = frozenset({"tue", "tues", "thu", "thur", "thurs", "weds", "fri"})


def _week_of(mod: str, post: str | None, post_word: str | None) -> int | None:
    if post:
        if "after" in post:
            return 1
        if "from" in post:
            return -1
        return _WEEK_WORDS.get(post_word or "", 0)
    if mod in ("next", "nxt", "following"):
        return 1
    if mod in ("last", "past", "previous"):
        return -1
    return None


@GRAMMAR.rule(rf"{_B}(?:(?:the\s+)?(?:week|wk)\s+after\s+next|next\s+to\s+next\s+(?:week|wk)){_E}")
def week_after_next(_match: re.Match[str], _source: Source) -> Hit:
    """the week after next; "next to next week", as Indian English says it"""
    return Frame(week_rel=2), STRONG


@GRAMMAR.rule(rf"{_B}(?P<w>last|next|this)\s+week'?s\s+" + WEEKDAY)
def weeks_weekday(match: re.Match[str], _source: Source) -> Hit:
    return Frame(week_rel=_WEEK_WORDS[match["w"]], weekday=WEEKDAYS[match["wd"]]), STRONG


def _weekdays_from(now: datetime, weekday: int, count: int) -> Resolved:
    """The count-th such weekday after today (count > 0) or before it (count < 0)."""
    today = now.date()
    if count > 0:
        first = today + DAY * ((weekday - today.weekday()) % 7 or 7)
        return day_value(first + DAY * 7 * (count - 1), now.tzinfo)
    last = today - DAY * ((today.weekday() - weekday) % 7 or 7)
    return day_value(last - DAY * 7 * (-count - 1), now.tzinfo)


@GRAMMAR.rule(
    rf"{_B}(?P<n>\d{{1,2}}|{NUMBER})\s+{FULL_WEEKDAY}s\s+(?P<dir>from\s+now|hence|ago|back){_E}"
)
def weekdays_from_now(match: re.Match[str], _source: Source) -> Hit:
    count = number(match["n"])
    if not count:
        return None
    sign = -1 if match["dir"] in ("ago", "back") else 1
    special = partial(_weekdays_from, weekday=WEEKDAYS[match["wd"]], count=sign * count)
    return Frame(special=special), STRONG


# --- the middle of the week and the turn of the year, as reps say them ----------------------


def _midweek(now: datetime, rel: int) -> Resolved:
    """Wednesday: this week's while it is still to come, else next week's ("next": next week's)."""
    wednesday = week_start(now.date()) + DAY * 2
    if rel > 0 or now.date() >= wednesday:
        wednesday += DAY * 7
    return day_value(wednesday, now.tzinfo)


@GRAMMAR.rule(rf"""{_B}(?:(?P<mod>next|this)\s+)?mid[\s-]?week(?P<next>\s+next\s+week)?{_E}""")
def midweek(match: re.Match[str], _source: Source) -> Hit:
    """ "midweek", "mid-week next week": the Wednesday of the week meant."""
    rel = 1 if match["mod"] == "next" or match["next"] else 0
    return Frame(special=partial(_midweek, rel=rel)), STRONG


def _back_after_new_year(now: datetime, *, month: bool) -> Resolved | None:
    """The first working day after New Year's Day (or that January, `month`), said from
    November on or in the first days of January; at other times "the holidays" may be others."""
    if now.month == 1 and now.day <= 7:
        year = now.year
    elif now.month >= 11:
        year = now.year + 1
    else:
        return None
    if month:
        return Resolved(at(date(year, 1, 1), now.tzinfo), "month")
    day = date(year, 1, 2)
    while day.weekday() >= 5:
        day += DAY
    return day_value(day, now.tzinfo)


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<after>after|past|once\s+we(?:'re|\s+are)\s+back\s+from)\s+(?:the\s+)?
    (?:holidays|hols|break|festive\s+(?:season|period|break)|christmas\s+(?:break|holidays)|
    new\s+year|xmas\s+break)
    |(?:early\s+)?in\s+the\s+new\s+year|(?P<back>first\s+thing\s+in\s+the\s+new\s+year))
    {_E}"""
)
def turn_of_the_year(match: re.Match[str], _source: Source) -> Hit:
    """ "after the holidays", "after new year": the first working day back in January;
    "in the new year": that January."""
    back = bool(match["after"] or match["back"])
    return Frame(special=partial(_back_after_new_year, month=not back)), STRONG


# --- weeks, months, quarters, years as cycles -------------------------------------------------

_CYCLE = r"(?P<u>week|wk|month|mth|quarter|qtr|year|yr)"


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<part>early|mid|late)[\s-]+)?(?P<mod>this|current|next|nxt|last|past|previous|
    following|upcoming|coming|around\s+next|the\s+(?:following|next|previous|current|coming|past))
    \s+{_CYCLE}{_E}"""
)
def cycle(match: re.Match[str], _source: Source) -> Hit:
    """this week, next month, last quarter, the following year (Duckling: week grain)."""
    word = match["mod"].split()[-1]
    rel = {"upcoming": 1, "around": 1}.get(word, _WEEK_WORDS.get(word, 0))
    frame = _cycle_frame(match["u"], rel)
    if match["part"]:
        frame = replace(frame, part=_MONTH_MODES[match["part"]][1])
    return frame, STRONG


def _cycle_frame(name: str, rel: int) -> Frame:
    """The frame of a named cycle; "wk" and "mth" are how typed notes shorten week and month."""
    if name in ("week", "wk"):
        return Frame(week_rel=rel)
    if name in ("month", "mth"):
        return Frame(month_rel=rel)
    if name in ("quarter", "qtr"):
        return Frame(quarter_rel=rel)
    return Frame(year_rel=rel)


@GRAMMAR.rule(rf"(?<=\b(?:of|in)\s)(?:the\s+)?(?P<u>week|month|year){_E}")
def bare_cycle(match: re.Match[str], _source: Source) -> Hit:
    """ "the month" in "end of the month", "first Monday of the month": WEAK, and only after
    "of"/"in" ("plan for the week monday morning" names no week of its own)."""
    return _cycle_frame(match["u"], 0), WEAK


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<mod>this\s+past|this|next|last|coming|the\s+following|past)\s+|the\s+)?
    (?:week[\s-]?end|wkend)s?{_E}"""
)
def weekend(match: re.Match[str], _source: Source) -> Hit:
    """this weekend, last weekend, the weekend (so "by the weekend" is a deadline)."""
    mod = match["mod"] or "this"
    rel = -1 if mod in ("this past", "last", "past") else _WEEK_WORDS.get(mod.split()[-1], 0)
    return Frame(week_rel=rel, weekend=True), STRONG


@GRAMMAR.rule(
    rf"""{_B}(?:(?:the\s+)?week\s+(?:of|commencing|beginning|starting)(?:\s+on)?|w/c|w\.c\.|wc(?=\s+\d))
    (?=\s)"""
)
def week_of(_match: re.Match[str], _source: Source) -> Hit:
    """ "the week of the 6th", "w/c 8 March", "week commencing Monday": WEAK, it needs the day."""
    return Frame(week_of=True), WEAK


_PARTS: dict[str, Part] = {"end": "end", "beginning": "begin", "begining": "begin"}
_PARTS.update({"start": "begin", "middle": "mid"})


@GRAMMAR.rule(rf"{_B}(?:at\s+)?(?:the\s+)?(?P<w>end|beginning|begining|start|middle)(?=\s+of{_E})")
def part_of(match: re.Match[str], _source: Source) -> Hit:
    """ "end of" / "beginning of": WEAK, it needs the month, year or week that follows."""
    return Frame(part=_PARTS[match["w"]]), WEAK


_ABBREVIATIONS: dict[str, Frame] = {
    "eom": Frame(month_rel=0, part="end"),
    "bom": Frame(month_rel=0, part="begin"),
    "eoy": Frame(year_rel=0, part="end"),
    "boy": Frame(year_rel=0, part="begin"),
    "eow": Frame(week_rel=0, part="end"),
    "eod": Frame(deadline=True),  # by the end of today, or of the day beside it (EOD friday)
    "cob": Frame(deadline=True),
    "eob": Frame(deadline=True),
}


@GRAMMAR.rule(
    rf"""{_B}(?:at\s+)?(?:the\s+)?(?:(?P<w>eom|bom|eoy|boy|eow|eod|cob|eob|month[\s-]?end|
    year[\s-]?end)|(?P<day>end\s+of\s+
    (?:the\s+)?(?:business\s+)?day|(?:close|end)\s+of\s+(?:business|play))){_E}"""
)
def abbreviation(match: re.Match[str], source: Source) -> Hit:
    """EOM, BOY, EOD, month end, year-end, end of day, close of play (British): "boy" in lower
    case is a boy, so those need capitals."""
    if match["day"]:
        return Frame(deadline=True), STRONG
    word = match["w"]
    if word in ("boy", "cob") and source.original_span(*match.span("w")) != word.upper():
        return None
    if word[0] in "my" and len(word) > 3:  # "by month end", "before year-end"
        return _ABBREVIATIONS["eom" if word[0] == "m" else "eoy"], STRONG
    return _ABBREVIATIONS[word], STRONG


def _rest_of_week(now: datetime, *, whole: bool) -> Resolved:
    today = now.date()
    start = week_start(today) if whole else today
    return day_value(start, now.tzinfo, week_start(today) + DAY * 6)


@GRAMMAR.rule(rf"{_B}(?P<w>(?:the\s+)?rest\s+of\s+the|all)\s+week{_E}")
def rest_of_week(match: re.Match[str], _source: Source) -> Hit:
    """Duckling's "rest of the week" / "all week" stop before Sunday."""
    return Frame(special=partial(_rest_of_week, whole=match["w"] == "all")), STRONG


def _same_time(now: datetime, days: int) -> Resolved:
    moment = now.replace(second=0, microsecond=0)
    return Resolved(shift(moment, days, "day"), "minute" if moment.minute else "hour")


@GRAMMAR.rule(
    rf"""{_B}(?:this|same|the\s+same)\s+time\s+(?:(?P<w>tomorrow|tmrw|tmr)|next\s+(?P<u>week|wk)|
    (?P<n>a|one|two|three)\s+weeks?\s+(?:from\s+)?(?:today|now)){_E}"""
)
def same_time(match: re.Match[str], _source: Source) -> Hit:
    """ "this time next week", "same time tomorrow": now's time of day on that day."""
    days = 1 if match["w"] else 7 if match["u"] else 7 * (number(match["n"]) or 1)
    return Frame(special=partial(_same_time, days=days)), STRONG


# --- durations --------------------------------------------------------------------------------


def _duration(match: re.Match[str]) -> tuple[float, Grain] | None:
    amount = quantity(match["q"])
    found = unit(match["u"])
    if amount is None or found is None:
        return None
    grain, factor = found
    if match["u"] in ("h", "'", '"') and not re.search(r"\d$", match["q"]):
        return None  # "in a h" is nothing; 1h, 15', 1" are
    return amount * factor, grain


def _from_today(now: datetime, amount: float, unit: Grain) -> Resolved:
    return Resolved(shift(truncate(now, "day"), amount, unit), "day")


@GRAMMAR.rule(
    rf"""{_B}in\s+(?:about\s+|approximately\s+|around\s+|roughly\s+|just\s+)?{QUANTITY}\s*
    (?:more\s+)?{UNIT}(?![a-z0-9])"""
)
def in_duration_rule(match: re.Match[str], _source: Source) -> Hit:
    """in 2 minutes, in a couple of hours, in 1/4h, in 2.5 hours, in 15', in two weeks."""
    found = _duration(match)
    if found is None:
        return None
    return Frame(special=partial(in_duration, amount=found[0], unit=found[1])), STRONG


@GRAMMAR.rule(
    rf"""{_B}{QUANTITY}\s*{UNIT}\s+(?P<dir>from\s+(?:right\s+)?now|from\s+today|hence|ago|back
    |later|earlier){_E}"""
)
def duration_from_now(match: re.Match[str], _source: Source) -> Hit:
    """2 minutes from now, 3 days ago, a fortnight hence, 3 years from today."""
    found = _duration(match)
    if found is None:
        return None
    amount, grain = found
    if match["dir"] in ("ago", "back", "earlier"):
        amount = -amount
    if match["dir"] == "from today":
        return Frame(special=partial(_from_today, amount=amount, unit=grain)), STRONG
    return Frame(special=partial(in_duration, amount=amount, unit=grain)), STRONG


_WEEKS_ON = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


@GRAMMAR.rule(
    rf"""{_B}(?:(?:(?P<n>a|one|two|three|four)\s+(?P<u>weeks?|fortnights?)|(?P<f>a\s+fortnight))\s+
    (?:on\s+|from\s+)?(?:this\s+)?(?:(?P<rel>today|tomorrow|tmrw|tmr)|{WEEKDAY})|
    (?P<wd2>mon|tues?|wed(?:nes)?|weds|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?\s+week){_E}"""
)
def weeks_on(match: re.Match[str], _source: Source) -> Hit:
    """British "monday week", "a week on Friday", "two weeks today", "a fortnight tomorrow": so
    many weeks after that day (a weekday's next one, today when today is that day)."""
    weeks = 1
    if match["f"]:
        weeks = 2
    elif match["n"]:
        weeks = _WEEKS_ON[match["n"]] * (2 if match["u"].startswith("fortnight") else 1)
    if match["rel"]:
        offset = 0 if match["rel"] == "today" else 1
        return Frame(special=partial(_days_on, offset=offset, weeks=weeks)), STRONG
    name = match["wd"] or match["wd2"]
    day = WEEKDAYS.get(name, WEEKDAYS.get(name[:3]))
    if day is None:
        return None
    return Frame(special=partial(_from_weekday, amount=weeks, unit="week", day=day)), STRONG


def _days_on(now: datetime, offset: int, weeks: int) -> Resolved:
    return day_value(now.date() + DAY * (offset + 7 * weeks), now.tzinfo)


@GRAMMAR.rule(rf"{_B}{QUANTITY}\s*{UNIT}\s+(?:from|after)\s+(?:this\s+)?{FULL_WEEKDAY}{_E}")
def duration_from_weekday(match: re.Match[str], _source: Source) -> Hit:
    """two weeks from Wednesday: counted from the named day's next occurrence (today when
    today is that day)."""
    found = _duration(match)
    if found is None or found[1] not in ("day", "week"):
        return None
    weekday = WEEKDAYS[match["wd"]]
    return Frame(special=partial(_from_weekday, amount=found[0], unit=found[1], day=weekday)), (
        STRONG
    )


def _from_weekday(now: datetime, amount: float, unit: Grain, day: int) -> Resolved:
    start = truncate(now, "day")
    start = add_grain(start, "day", (day - start.weekday()) % 7)
    return Resolved(shift(start, amount, unit), "day")


@GRAMMAR.rule(rf"{_B}(?P<w>after|within)\s+(?:the\s+next\s+)?{QUANTITY}\s*{UNIT}(?![a-z0-9])")
def after_duration(match: re.Match[str], _source: Source) -> Hit:
    """after 5 days (then), within 2 weeks (from now until then)."""
    found = _duration(match)
    if found is None:
        return None
    action = within if match["w"] == "within" else in_duration
    return Frame(special=partial(action, amount=found[0], unit=found[1])), STRONG


_SPAN_WORDS = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}


@GRAMMAR.rule(
    rf"""{_B}(?:the\s+)?(?P<dir>last|past|previous|next|coming|following)\s+{QUANTITY}\s+
    {UNIT}{_E}"""
)
def span(match: re.Match[str], _source: Source) -> Hit:
    """last 2 weeks, next 3 days, past 2 seconds: whole periods before or after the current."""
    found = _duration(match)
    if found is None or found[0] != int(found[0]) or found[0] < 1:
        return None
    count = int(found[0])
    first = -count if _SPAN_WORDS[match["dir"]] < 0 else 1
    return Frame(special=partial(cycle_span, unit=found[1], first=first, count=count)), STRONG


def _upcoming(now: datetime, unit: Grain, count: int) -> Resolved:
    return Resolved(add_grain(truncate(now, unit), unit, count), unit)


@GRAMMAR.rule(
    rf"""{_B}(?:upcoming\s+{QUANTITY}\s+{UNIT}|(?P<q2>\d{{1,2}}|{NUMBER})\s+upcoming\s+
    (?P<u2>days?|weeks?|months?|quarters?|years?)){_E}"""
)
def upcoming(match: re.Match[str], _source: Source) -> Hit:
    """Duckling's "upcoming two weeks" is the week two weeks from now (an instant)."""
    amount = quantity(match["q"] or match["q2"])
    found = unit(match["u"] or match["u2"])
    if amount is None or found is None:
        return None
    return Frame(special=partial(_upcoming, unit=found[0], count=int(amount))), STRONG


@GRAMMAR.rule(rf"{_B}for\s+{QUANTITY}\s*{UNIT}(?![a-z0-9])")
def for_duration(match: re.Match[str], _source: Source) -> Hit:
    """ "for 10 days" makes the date beside it an interval."""
    found = _duration(match)
    return (Frame(length=found), WEAK) if found is not None else None


@GRAMMAR.rule(rf"{_B}in\s+(?P<n>\d{{1,2}})(?![\d:./])(?!\s*[a-z%])")
def in_minutes(match: re.Match[str], _source: Source) -> Hit:
    """ "in 15" alone means in 15 minutes (Duckling); in a sentence it is too vague."""
    minutes = int(match["n"])
    return Frame(special=partial(in_duration, amount=minutes, unit="minute")), LATENT


# --- calendar dates ---------------------------------------------------------------------------


def _year_of(match: re.Match[str]) -> int | None:
    return full_year(match["y"]) if match["y"] else None


@GRAMMAR.rule(
    rf"""{_B}{MONTH}\s*(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![a-z0-9:])
    (?:\s*,?\s*{_YEAR})?"""
)
def month_day(match: re.Match[str], _source: Source) -> Hit:
    """march 3, Feb13, february the 15th, April 14, 2015, march 3rd 2015."""
    return _date(MONTHS[match["mon"]], int(match["d"]), _year_of(match))


@GRAMMAR.rule(rf"{_B}{MONTH}\s+(?:the\s+)?(?P<dw>{ORDINAL_WORD}){_E}(?:\s*,?\s*{_YEAR})?")
def month_ordinal(match: re.Match[str], _source: Source) -> Hit:
    """march first, march third 2015, October fifth."""
    day = ordinal(match["dw"])
    return _date(MONTHS[match["mon"]], day, _year_of(match)) if day else None


@GRAMMAR.rule(
    rf"""(?<![a-z0-9/.-])(?P<the>the\s+)?(?P<d>\d{{1,2}})(?P<th>st|nd|rd|th)?
    (?:(?P<tight>[-/])|\s*(?:day\s+)?(?P<of>of\s+(?:the\s+month\s+of\s+)?)?){MONTH}
    (?:(?P=tight)(?P<ty>\d{{4}}|\d{{2}})|\s*,?\s*(?P<y>\d{{4}}|(?(th)\d{{2}}|(?!))))?(?![\d:])"""
)
def day_month(match: re.Match[str], _source: Source) -> Hit:
    """15th february, 15 of february, 14april 2015, 31/Oct/1974, 31-Oct-74, 4th of July."""
    written = match["ty"] or match["y"]
    hit = _date(MONTHS[match["mon"]], int(match["d"]), full_year(written) if written else None)
    if hit is None:
        return None
    weak = match["mon"] == "may" and not (match["th"] or match["of"] or written)
    return hit[0], LATENT if weak else hit[1]


@GRAMMAR.rule(
    rf"""{_B}(?:the\s+)?(?:(?P<ides>ides)|(?P<dw>{ORDINAL_WORD}))\s+(?:day\s+)?of\s+{MONTH}
    (?:\s*,?\s*{_YEAR})?"""
)
def ordinal_of_month(match: re.Match[str], _source: Source) -> Hit:
    """the first of march, second of march, third day of october, the ides of March."""
    month = MONTHS[match["mon"]]
    day = (15 if month in (3, 5, 7, 10) else 13) if match["ides"] else ordinal(match["dw"])
    return _date(month, day, _year_of(match)) if day else None


def _date(month: int, day: int | None, year: int | None) -> Hit:
    if day is None or not 1 <= day <= 31:
        return None
    return Frame(year=year, month=month, day=day), STRONG


_MONTH_MODES: dict[str, tuple[Mode | None, Part | None]] = {
    "next": ("future", None),
    "last": ("past", None),
    "this": (None, None),
    "in": (None, None),
    "during": (None, None),
    "early": (None, "begin"),
    "mid": (None, "mid"),
    "late": (None, "end"),
}


def _month_after_next(now: datetime, month: int) -> Resolved:
    today = now.date()
    year = today.year + (1 if month > today.month else 2)
    return Resolved(at(today.replace(year=year, month=month, day=1), now.tzinfo), "month")


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<pre>in|during|next|last|this|early|mid|late)[\s-]+(?:the\s+month\s+of\s+)?)?
    {MONTH}(?:\s*,?\s*{_YEAR})?(?P<after>\s+after\s+next)?(?!\s*\d)"""
)
def month_alone(match: re.Match[str], source: Source) -> Hit:
    """October, in March, next March, early March, October 2014; "may" alone is no month."""
    month = MONTHS[match["mon"]]
    if match["after"]:
        return Frame(special=partial(_month_after_next, month=month)), STRONG
    mode, part = _MONTH_MODES[match["pre"] or "in"]
    frame = Frame(year=_year_of(match), month=month, mode=mode, part=part)
    if match["pre"] or match["y"] or _after_preposition(source.text, match.start()):
        return frame, STRONG
    name = match["mon"]
    if name in AMBIGUOUS_MONTHS or (len(name) <= 4 and name not in ("june", "july")):
        return frame, LATENT
    return frame, STRONG


@GRAMMAR.rule(rf"{_B}(?P<on>on\s+)?the\s+(?P<d>{ORDINAL_DIGITS}|{ORDINAL_WORD})(?:\s+day)?{_E}")
def the_nth(match: re.Match[str], source: Source) -> Hit:
    """on the 15th, the 1st (the next such day); "the second" alone is WEAK."""
    day = ordinal(match["d"])
    if day is None or not 1 <= day <= 31 or not followed_by_time_word(source.text, match.end()):
        return None  # "the 2nd floor"
    strong = (
        match["d"][0].isdigit()
        or match["on"]
        or _DEADLINE_BEFORE.search(_words_before(source.text, match.start()))
    )
    return Frame(day=day), STRONG if strong else WEAK


# "by the twentieth", "before the twenty ninth", "book it for the tenth": a word ordinal after a
# deadline word (or "for") is a day.
_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|until|till|for)\s+$")


def _words_before(text: str, start: int) -> str:
    """The few characters before `start` with runs of blanks said as one space (a dictated
    correction blanked away, "for ·········· the twenty third", leaves its words apart)."""
    return re.sub(r"\s+", " ", text[max(0, start - 48) : start])[-9:]


@GRAMMAR.rule(rf"(?<![a-z0-9/.-])(?P<d>{ORDINAL_DIGITS})(?:\s+day)?{_E}")
def nth_day(match: re.Match[str], source: Source) -> Hit:
    """12th, 3rd: a day when said after "on" or a deadline word ("arrange visit on 12th",
    "quote by 20th"), else WEAK."""
    day = ordinal(match["d"])
    if day is None or not 1 <= day <= 31 or not followed_by_time_word(source.text, match.end()):
        return None
    before = _words_before(source.text, match.start())
    if _ON_BEFORE.search(before) or _DEADLINE_BEFORE.search(before):
        return Frame(day=day), STRONG
    return Frame(day=day), WEAK


_ON_BEFORE = re.compile(r"\bon\s+$")


@GRAMMAR.rule(r"(?<![\d:./,$€£¥])(?<![a-z]-)(?P<n>\d{1,2})(?![\d:./%]|,\d|\s*(?:k|m|%)(?![a-z]))")
def bare_number(match: re.Match[str], source: Source) -> Hit:
    """A day or an hour depending on its neighbours ("July 13-15", "9 tomorrow"): WEAK."""
    if not followed_by_time_word(source.text, match.end()):
        return None
    return Frame(num=int(match["n"])), WEAK


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<pre>in|since|during|of|year|after|for)\s+)?(?P<y>\d{{1,4}})
    (?:\s*(?P<ad>a\.?\s?d\.?|b\.?\s?c\.?))?(?![\d./:-])(?!\s*[a-z%$])"""
)
def year(match: re.Match[str], _source: Source) -> Hit:
    """in 2014, since 2014, 2014 A.D.; a bare 1900-2099 is WEAK ("thanksgiving 2013")."""
    value = int(match["y"])
    if match["ad"]:
        return (Frame(year=value), STRONG) if match["pre"] and value > 0 else None
    if not 1000 <= value <= 2999 or len(match["y"]) != 4:
        return None
    strong = match["pre"] is not None and match["pre"] != "for"
    return Frame(year=value), STRONG if strong else WEAK


_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_QUARTERS["4th"] = 4


@GRAMMAR.rule(
    rf"""{_B}(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|qtr)
    (?:\s+(?:of\s+)?{_YEAR})?{_E}"""
)
def quarter(match: re.Match[str], _source: Source) -> Hit:
    return Frame(year=_year_of(match), quarter=_QUARTERS[match["q"]]), STRONG


@GRAMMAR.rule(
    rf"{_B}(?:(?P<y>\d{{4}}|\d{{2}})\s*q(?P<q>[1-4])|q(?P<q2>[1-4])(?:\s+(?P<y2>\d{{4}}))?){_E}"
)
def quarter_code(match: re.Match[str], _source: Source) -> Hit:
    """18q4, 2018Q4, Q1, q3 2014."""
    value = int(match["q"] or match["q2"])
    written = match["y"] or match["y2"]
    return Frame(year=full_year(written) if written else None, quarter=value), STRONG


_NTH = {"last": -1, **_QUARTERS, "fifth": 5, "5th": 5}


@GRAMMAR.rule(
    rf"""{_B}(?:the\s+)?(?P<n>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)
    (?:\s+(?P<last>last))?\s+(?:{WEEKDAY}|(?P<what>day|week[\s-]?end|wkend|week))(?=\s+(?:of|in){_E})""",
    priority=1,
)
def nth(match: re.Match[str], _source: Source) -> Hit:
    """the 3rd tuesday of, the last day in, the 2nd last week of, last weekend of (WEAK: it needs
    the month or year that follows)."""
    n = _NTH[match["n"]]
    if match["last"]:
        if n < 0:
            return None
        n = -n
    if match["wd"]:
        return Frame(nth=NthSpec(n, "weekday", WEEKDAYS[match["wd"]])), WEAK
    what = match["what"]
    kind: Nth = "day" if what == "day" else "week" if what == "week" else "weekend"
    return Frame(nth=NthSpec(n, kind)), WEAK


# --- seasons ----------------------------------------------------------------------------------

# Northern seasons as Duckling's corpus dates them: start (month, day), end (exclusive).
_SEASONS = (((3, 20), (6, 20)), ((6, 21), (9, 24)), ((9, 23), (12, 20)), ((12, 21), (3, 21)))
_SEASON_NAMES = {"spring": 0, "summer": 1, "fall": 2, "autumn": 2, "winter": 3}


def _season(now: datetime, which: int | None, shift: int) -> Resolved | None:
    """This/last/next season, or the named one: the coming (or current) one, or the past one."""
    today = now.date()
    spans = []
    for year in (today.year - 2, today.year - 1, today.year, today.year + 1):
        for index, ((sm, sd), (em, ed)) in enumerate(_SEASONS):
            spans.append((date(year, sm, sd), date(year + (em < sm), em, ed), index))
    spans.sort()
    if which is None:
        current = max(i for i, span in enumerate(spans) if span[0] <= today)
        start, end, _ = spans[current + shift]
    elif shift < 0:
        start, end, _ = max(span for span in spans if span[2] == which and span[1] <= today)
    else:
        start, end, _ = min(span for span in spans if span[2] == which and span[1] > today)
    return day_value(start, now.tzinfo, end)


@GRAMMAR.rule(
    rf"""{_B}(?P<mod>this|current|next|last|past|previous|coming)\s+
    (?P<s>season|spring|summer|fall|autumn|winter)s?{_E}"""
)
def season(match: re.Match[str], _source: Source) -> Hit:
    shift = {"next": 1, "coming": 1, "last": -1, "past": -1, "previous": -1}.get(match["mod"], 0)
    which = _SEASON_NAMES.get(match["s"])
    return Frame(special=partial(_season, which=which, shift=shift)), STRONG
