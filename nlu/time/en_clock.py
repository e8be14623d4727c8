"""English clock times and parts of the day: 3pm, at 3 15, 15h30, 330 p.m., three thirty, half
past two, a quarter to noon, 20 minutes to 2pm, noon, midnight, tonight, this morning, after
lunch, 4pm CET.

A bare hour or number word is WEAK (a time only beside a date, a part of the day or "at"); "at
N" and word times are checked against the next word, so "at 3 people" and "Friday 2 engineers"
stay counts. "three twenty", "3 30" and "4a" alone are not times (Duckling's negative corpus).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from nlu.time.common import MERIDIEM, meridiem, twenty_four_hour
from nlu.time.en_words import (
    HOUR_WORD,
    MINUTE_WORD,
    NUMBER,
    TIME_ZONE,
    TIME_ZONES,
    followed_by_time_word,
    number,
)
from nlu.time.frame import Frame, Meridiem, Pod
from nlu.time.rules import STRONG, WEAK, Grammar, Hit, Source

GRAMMAR = Grammar("en clock")

_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
_TAIL = r"(?:\s*(?:ish|sharp|approximately|or\s+so))?"

MORNING = Pod(0, 12, "am")
AFTERNOON = Pod(12, 19, "pm")
EVENING = Pod(18, 24, "night")
# "arvo" is the afternoon as Australian and British reps write it ("pop in this arvo").
_PODS = {
    "morning": MORNING,
    "afternoon": AFTERNOON,
    "arvo": AFTERNOON,
    "evening": EVENING,
    "night": EVENING,
}


def _meridiem(match: re.Match[str], source: Source) -> Meridiem | Literal[False] | None:
    if not match["ap"]:
        return None
    return meridiem(match["ap"], source, match.start("ap"))


def _frame(hour: int, minute: int | None, ap: Meridiem | None) -> Frame | None:
    if ap is not None and not 1 <= hour <= 12:
        return None
    if hour > 24 or (minute is not None and minute > 59):
        return None
    return Frame(hour=hour, minute=minute, meridiem=ap)


@GRAMMAR.rule(rf"""(?<![\d:.,$])(?P<h>\d{{1,2}})(?:\s*(?:ish|o'?\s?clock))?\s*{MERIDIEM}{_TAIL}""")
def hour_meridiem(match: re.Match[str], source: Source) -> Hit:
    """3pm, 3 PM, 3 p.m., 3ish pm, 3 oclock am; "at 3p" but not "4a"."""
    ap = _meridiem(match, source)
    if not isinstance(ap, str):
        return None
    frame = _frame(int(match["h"]), None, ap)
    return (frame, STRONG) if frame is not None else None


@GRAMMAR.rule(
    rf"""(?<![a-z\d:.,$£€¥])(?P<h>1[0-2]|0?[1-9])\.(?P<m>[0-5]\d)(?![\d.,])
    (?:\s*(?:ish|sharp))?(?:\s*{MERIDIEM})?"""
)
def dotted_time(match: re.Match[str], source: Source) -> Hit:
    """ "2.30pm", "9.30am" as British notes write the time; "Fri 2.30" beside a day (WEAK alone:
    "2.30" is a number more often than a time)."""
    ap = _meridiem(match, source)
    if ap is False:
        return None
    frame = _frame(int(match["h"]), int(match["m"]), ap)
    if frame is None:
        return None
    return frame, STRONG if ap is not None or _listed_after_a_clock(match) else WEAK


# A time listed after another: "10am Orchard, 2pm Tanjong, 4.30 LCL" (the item opens with it).
_CLOCK_LISTED_BEFORE = re.compile(
    r"(?:\d\s*[ap]\.?m\b|\d[:.][0-5]\d)[^.;!?\n\d]{1,60}[,;]\s*(?:(?:and\s+)?then\s+)?$"
)


def _listed_after_a_clock(match: re.Match[str]) -> bool:
    return (
        _CLOCK_LISTED_BEFORE.search(match.string, max(0, match.start() - 80), match.start())
        is not None
    )


@GRAMMAR.rule(rf"(?<![\d:.,$])(?P<h>\d{{1,2}})h(?P<m>[0-5]\d)?{_E}")
def french_hours(match: re.Match[str], _source: Source) -> Hit:
    """15h00, 3h18, 16h: strong with minutes or past noon ("2h" alone may be two hours)."""
    hour = int(match["h"])
    minute = int(match["m"]) if match["m"] else None
    frame = _frame(hour, minute, None)
    if frame is None:
        return None
    frame = replace(frame, meridiem=twenty_four_hour(hour))
    return frame, STRONG if minute is not None or hour > 12 else WEAK


@GRAMMAR.rule(rf"(?<![\d:.,$])(?P<h>\d{{1,2}})\s*(?:o'?\s?clock|oclock){_TAIL}")
def oclock(match: re.Match[str], _source: Source) -> Hit:
    """3 o'clock (the half of the day from the words around it, or the next one)."""
    frame = _frame(int(match["h"]), None, None)
    return (frame, STRONG) if frame is not None else None


@GRAMMAR.rule(
    rf"""(?<![\d:.,$])(?:{_B}(?P<pre>at|@|around|approximately|about)\s*)?(?P<hm>\d{{3,4}})
    (?:\s*ish)?(?![\d:./-])(?:\s*{MERIDIEM})?"""
)
def military(match: re.Match[str], source: Source) -> Hit:
    """1030, 730 in the evening, 330 p.m., 150ish: with "at"/"around" or am/pm only."""
    ap = _meridiem(match, source)
    if ap is False or (ap is None and not match["pre"]):
        return None
    digits = match["hm"]
    hour, minute = int(digits[:-2]), int(digits[-2:])
    frame = _frame(hour, minute, ap if isinstance(ap, str) else None)
    if frame is None or (ap is None and not followed_by_time_word(source.text, match.end())):
        return None
    return frame, STRONG


@GRAMMAR.rule(
    rf"""(?:{_B}at|@)\s*(?P<h>\d{{1,2}})(?:(?:\s+|[:.])(?P<m>[0-5]\d))?(?![\d:.,]\d)
    (?:\s*(?:ish|o'?\s?clock|oclock|sharp))?(?!\s*[ap]\.?m?{_E})"""
)
def at_hour(match: re.Match[str], source: Source) -> Hit:
    """at 3, @ 3, at 3 15, at 8 o'clock; not "at 3 people"."""
    if not followed_by_time_word(source.text, match.end()):
        return None
    minute = int(match["m"]) if match["m"] else None
    frame = _frame(int(match["h"]), minute, None)
    return (frame, STRONG) if frame is not None else None


@GRAMMAR.rule(
    rf"""(?:(?<=\bbefore[ ])|(?<=\bno[ ]later[ ]than[ ]))(?:(?P<h>1[0-2]|[1-9])|(?P<w>{HOUR_WORD})|
    (?P<lunch>lunch(?:time)?)){_E}(?![:.,]\d|\s*[ap]\.?m{_E}|\s*o'?\s?clock)"""
)
def hour_before(match: re.Match[str], source: Source) -> Hit:
    """ "email LCL before 5", "call meridian before five", "ring tve before lunch": a bare hour (or
    lunch, at noon) after "before" is a time of day, which the chain makes a deadline; "before
    5 days" is not."""
    if match["lunch"]:
        return Frame(hour=12, meridiem="pm"), STRONG
    if match["w"] == "one" or not followed_by_time_word(source.text, match.end()):
        return None  # "before one of them"
    hour = number(match["h"] or match["w"])
    if hour is None:
        return None
    # a deadline in working hours: "before 5" is five in the afternoon
    frame = _frame(hour, None, "pm" if 1 <= hour <= 6 else None)
    return (frame, STRONG) if frame is not None else None


@GRAMMAR.rule(
    rf"""(?:(?P<at>{_B}(?:at|around|about)|@)\s+)?{_B}(?P<h>{HOUR_WORD})(?:[\s-]+(?P<m>{MINUTE_WORD}))?{_E}
    (?:\s*(?P<oc>o'?\s?clock|oclock))?(?:\s*{MERIDIEM})?{_TAIL}"""
)
def word_time(match: re.Match[str], source: Source) -> Hit:
    """three pm, ten thirty am, at three twenty, eight o'clock; "three twenty" alone is WEAK."""
    ap = _meridiem(match, source)
    if ap is False:
        return None
    hour, minute = number(match["h"]), number(match["m"]) if match["m"] else None
    if hour is None:
        return None
    if match["h"] == "one" and not (match["at"] or match["m"] or match["oc"] or match["ap"]):
        return None  # "wants one on monday", "book one for tuesday": a thing, not 1 o'clock
    frame = _frame(hour, minute, ap if isinstance(ap, str) else None)
    if frame is None:
        return None
    if not isinstance(ap, str) and not followed_by_time_word(source.text, match.end()):
        return None  # "three pm harbourview" is a time, "at three people" a count
    strong = bool(
        match["at"]
        or match["oc"]
        or isinstance(ap, str)
        or _SAID_AGAIN.search(source.text, max(0, match.start() - 24), match.start())
    )
    return frame, STRONG if strong else WEAK


# A clock time dictated again after a taken-back one ("at nine actually ten thirty", "at two no
# wait three") is as much a time as the one it replaces.
_SAID_AGAIN = re.compile(
    r"(?<![a-z])(?:actually|make\s+it|no\s+wait|wait\s+no|no\s+sorry|sorry|i\s+mean|or\s+rather|no)"
    r"(?:\s+at)?\s+$"
)


_PAST = r"(?P<rel>past|after|to|till|before|of|from)"


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<q>(?:a\s+)?quarter)|(?P<half>half)|(?P<mw>{NUMBER})|(?P<md>\d{{1,2}}))
    (?:\s+(?P<mins>minutes?|mins?))?\s+{_PAST}\s+
    (?:(?P<noon>noon|midday)|(?P<midnight>midnight)|(?P<hd>\d{{1,2}})(?:h{_E})?|(?P<hw>{HOUR_WORD}){_E})
    (?:\s*{MERIDIEM})?"""
)
def relative_minutes(match: re.Match[str], source: Source) -> Hit:
    """a quarter past 3pm, half past two, twenty after 3, 15 to noon, 20 minutes to 2pm."""
    minutes = _minutes_of(match)
    hour = _hour_of(match)
    if minutes is None or hour is None or not 0 < minutes < 60:
        return None
    before = match["rel"] in ("to", "till", "before", "of")
    if (before or match["rel"] == "from") and match["md"] and not (match["mins"] or match["noon"]):
        return None  # "3 to 4pm" is a range, not 3:57
    ap = _meridiem(match, source)
    ap = ap if isinstance(ap, str) else ("pm" if match["noon"] else None)
    if before:
        hour, minutes = hour - 1, 60 - minutes
    if ap is not None and match["noon"]:
        ap = None
    frame = _frame(hour, minutes, ap)
    return (frame, STRONG) if frame is not None else None


def _minutes_of(match: re.Match[str]) -> int | None:
    if match["q"]:
        return 15
    if match["half"]:
        return 30
    return number(match["mw"] or match["md"])


def _hour_of(match: re.Match[str]) -> int | None:
    if match["noon"]:
        return 12
    if match["midnight"]:
        return 24
    return number(match["hd"] or match["hw"])


@GRAMMAR.rule(rf"{_B}half\s+(?P<h>{HOUR_WORD}|\d{{1,2}}){_E}(?!\s*(?:of|an?|the)\b)")
def half_hour(match: re.Match[str], _source: Source) -> Hit:
    """British "half three" is 3:30."""
    hour = number(match["h"])
    frame = _frame(hour, 30, None) if hour is not None else None
    return (frame, STRONG) if frame is not None else None


@GRAMMAR.rule(rf"{_B}(?:(?:12\s+)?noon|(?:the\s+)?mid[\s-]?day|(?P<night>midnight))(?:ish)?{_E}")
def noon(match: re.Match[str], _source: Source) -> Hit:
    return Frame(hour=24 if match["night"] else 12, meridiem=None), STRONG


@GRAMMAR.rule(
    rf"""{_B}(?:(?P<this>this|today)\s+|(?P<in>in|during|by)\s+(?:the\s+)?|
    (?P<early>early\s+(?:in\s+the\s+)?|in\s+the\s+early\s+hours\s+of\s+the\s+)|
    (?P<late>late\s+(?:in\s+the\s+)?)|(?P<mid>mid[\s-]?))?(?P<p>morning|afternoon|arvo|evening|night)
    (?:ish)?{_E}"""
)
def part_of_day(match: re.Match[str], _source: Source) -> Hit:
    """this morning, in the afternoon, early morning, late evening, early afternoon,
    mid-morning, "will revert by evening" (a deadline today); bare "morning" is WEAK."""
    pod = _PODS[match["p"]]
    for part in ("early", "mid", "late"):
        if match[part]:
            pod = _PARTS_OF_PARTS.get((part, pod), pod)
    if match["this"]:
        return Frame(day_rel=0, pod=pod), STRONG
    modified = match["in"] or match["early"] or match["late"] or match["mid"]
    # "then fairbank arvo": the Australian word is no greeting, a time even alone
    return Frame(pod=pod), STRONG if modified or match["p"].casefold() == "arvo" else WEAK


# The early, middle or late hours of a part of the day ("early morning" is Duckling's 0-9).
_PARTS_OF_PARTS: dict[tuple[str, Pod], Pod] = {
    ("early", MORNING): Pod(0, 9, "am"),
    ("mid", MORNING): Pod(10, 12, "am"),
    ("late", MORNING): Pod(10, 12, "am"),
    ("early", AFTERNOON): Pod(12, 15, "pm"),
    ("mid", AFTERNOON): Pod(14, 16, "pm"),
    ("late", AFTERNOON): Pod(15, 19, "pm"),
    ("early", EVENING): Pod(18, 21, "night"),
    ("late", EVENING): Pod(21, 24, "night"),
}


@GRAMMAR.rule(rf"{_B}this\s+(?P<p>am|pm){_E}")
def this_am(match: re.Match[str], _source: Source) -> Hit:
    """ "mtg this am", "call them this pm": the morning or afternoon of today, as notes write it."""
    return Frame(day_rel=0, pod=MORNING if match["p"] == "am" else AFTERNOON), STRONG


# "call them tmrw am", "visit Thu pm": a bare am/pm after a day is that day's half; anywhere
# else "am" is the verb ("I am free Monday").
_DAY_BEFORE = re.compile(
    r"\b(?:mon|tues?|wed(?:s|nes)?|thu(?:rs?)?|fri|sat|sun)(?:day)?\.?\s+$"
    r"|\b(?:tomorrow|tmrw|tmr|tmw|today|tdy)\s+$",
    re.IGNORECASE,
)


@GRAMMAR.rule(rf"{_B}(?P<p>am|pm){_E}")
def day_half(match: re.Match[str], _source: Source) -> Hit:
    if _DAY_BEFORE.search(match.string, max(0, match.start() - 12), match.start()) is None:
        return None
    return Frame(pod=MORNING if match["p"].casefold() == "am" else AFTERNOON), WEAK


@GRAMMAR.rule(rf"{_B}first\s+thing(?:\s+in\s+the\s+morning)?{_E}")
def first_thing(_match: re.Match[str], _source: Source) -> Hit:
    """ "first thing Monday", "call them first thing": the start of the working morning."""
    return Frame(pod=MORNING), STRONG


@GRAMMAR.rule(
    rf"{_B}after\s+(?:the\s+)?(?:friday\s+prayers?|jum(?:m?u['’]?ah|m?ah?|aa)(?:\s+prayers?)?){_E}"
)
def after_friday_prayer(_match: re.Match[str], _source: Source) -> Hit:
    """ "site visit after Friday prayer", "call after jummah": Gulf reps' Friday afternoon."""
    return Frame(weekday=4, pod=AFTERNOON), STRONG


@GRAMMAR.rule(rf"{_B}(?P<late>late\s+)?(?P<w>tonight|tonite|last\s+night){_E}")
def tonight(match: re.Match[str], _source: Source) -> Hit:
    pod = Pod(21, 24, "night") if match["late"] else EVENING
    return Frame(day_rel=-1 if match["w"].startswith("last") else 0, pod=pod), STRONG


@GRAMMAR.rule(
    rf"{_B}(?:(?P<after>after\s+)|(?P<at>(?:at|around|about)\s+))?(?P<w>lunch(?:time)?|school|work){_E}"
)
def lunch(match: re.Match[str], _source: Source) -> Hit:
    """lunch (12-14) beside a day, "at lunchtime" alone; "after lunch" (13-17) and "after
    school" (15-21) alone ("lunch" alone is a meal: "lunch with Tom")."""
    if match["at"] and match["w"].startswith("lunch"):
        return Frame(pod=Pod(12, 14, "noon")), STRONG
    if match["after"]:
        pod = {"s": Pod(15, 21, "pm"), "w": Pod(17, 21, "pm")}.get(match["w"][0], Pod(13, 17, "pm"))
        return Frame(pod=pod), STRONG
    if not match["w"].startswith("lunch"):
        return None
    return Frame(pod=Pod(12, 14, "noon")), WEAK


@GRAMMAR.rule(rf"{_B}in\s+the\s+(?P<ap>[ap]\.?m\.?)(?![a-z])")
def in_the_am(match: re.Match[str], _source: Source) -> Hit:
    """ "3 in the AM", "from 3 to 4 in the PM" (names nothing alone, so it may be STRONG)."""
    return Frame(meridiem="am" if match["ap"][0] == "a" else "pm"), STRONG


@GRAMMAR.rule(rf"\(?{_B}{TIME_ZONE}{_E}\)?")
def time_zone(match: re.Match[str], _source: Source) -> Hit:
    """4pm CET: the zone a clock time was given in (WEAK: only beside a clock time)."""
    return Frame(tz=TIME_ZONES[match["tz"]]), WEAK
