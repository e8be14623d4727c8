"""Rules shared by both languages: digits-only dates and clock times (15:30, 2015-03-03, 5/12).

5/12 is month/day in both languages: mainland China writes the month first too (双11 is 11/11,
12/5 is December 5), as do US English and Duckling's zh corpus. Day-first (British 5/12 = 5 Dec)
is not supported; 31/12, where only one reading exists, is read day-first. German and Dutch
"09.12." (two-digit month, closing dot) is day-first.
"""

from __future__ import annotations

import re
from typing import Literal

from nlu.time.frame import Frame, Meridiem
from nlu.time.rules import LATENT, STRONG, Grammar, Hit, Source

GRAMMAR = Grammar("common")

MERIDIEM = r"(?P<ap>[ap]\.?\s?m\b\.?|[ap]\b\.?)"
_LONE_LETTER_OK = re.compile(r"(?:\bat|@|\bfrom|\bto|-|\btill|\buntil|\band|:\d\d)\s*\d*$")
_FRACTIONS = frozenset({(1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 8), (3, 8), (5, 8), (7, 8)})


def full_year(text: str) -> int:
    """A written year: two digits are 1950-2049, as Duckling reads 74 and 15."""
    value = int(text.lstrip("'"))
    if len(text.lstrip("'")) <= 2:
        return value + (1900 if value >= 50 else 2000)
    return value


def twenty_four_hour(hour: int) -> Meridiem | None:
    """The half of the day a 24-hour notation (15h, 09:30) fixes: 9h is 09:00, not 21:00."""
    if hour < 12:
        return "am"
    return "pm" if hour == 12 else None


def meridiem(text: str | None, source: Source, start: int) -> Meridiem | Literal[False] | None:
    """ "am"/"pm" for a suffix, None when absent, False when a lone a/p is not a meridiem here
    ("4a" is no time; "at 3p", "9a to 11a" are)."""
    if not text:
        return None
    letter = text[0]
    bare = len(text.rstrip(".")) == 1
    if bare and not _LONE_LETTER_OK.search(source.text, 0, start):
        return False
    return "am" if letter == "a" else "pm"


@GRAMMAR.rule(
    r"""(?<![\d:.])(?P<h>[01]?\d|2[0-4])[:：](?P<m>[0-5]\d)(?:[:：](?P<s>[0-5]\d))?(?![\d:])
    (?:\s*(?:ish|sharp|整))?(?:\s*"""
    + MERIDIEM
    + r")?"
)
def hh_mm(match: re.Match[str], source: Source) -> Hit:
    hour = int(match["h"])
    ap = meridiem(match["ap"], source, match.start("ap")) if match["ap"] else None
    if ap is False:
        ap = None
    if ap is not None and not 1 <= hour <= 12:
        return None
    if ap is None and match["h"].startswith("0"):
        ap = twenty_four_hour(hour)  # 09:30 is written on a 24-hour clock
    second = int(match["s"]) if match["s"] else None
    frame = Frame(hour=hour, minute=int(match["m"]), second=second, meridiem=ap)
    return frame, STRONG


@GRAMMAR.rule(
    r"""(?<![\d.-])(?:(?<=\d:\d\d/)|(?<!/))(?P<y>\d{4})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)
    (?P<d>3[01]|[12]\d|0?[1-9])(?!\d)"""
)
def year_month_day(match: re.Match[str], _source: Source) -> Hit:
    return Frame(year=int(match["y"]), month=int(match["m"]), day=int(match["d"])), STRONG


@GRAMMAR.rule(r"(?<![\d./-])(?P<y>(?:19|20)\d\d)[-/](?P<m>1[0-2]|0?[1-9])(?![\d/-])")
def year_month(match: re.Match[str], _source: Source) -> Hit:
    return Frame(year=int(match["y"]), month=int(match["m"])), STRONG


@GRAMMAR.rule(r"(?<![\d./-])(?P<m>1[0-2]|0?[1-9])/(?P<y>(?:19|20)\d\d)(?![\d/-])")
def month_year(match: re.Match[str], _source: Source) -> Hit:
    return Frame(year=int(match["y"]), month=int(match["m"])), STRONG


@GRAMMAR.rule(
    r"""(?<![\d./-])(?P<a>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<b>\d{1,2})
    (?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\d]|(?P=sep)\d|\s*%)"""
)
def month_slash_day(match: re.Match[str], source: Source) -> Hit:
    first, second, sep = int(match["a"]), int(match["b"]), match["sep"]
    year = full_year(match["y"]) if match["y"] else None
    if sep == "." and year is None and not _ZH_DATE_AFTER.match(source.text, match.end()):
        # 5.12 is a decimal number more often than a date; "12.5前", "12.8下午" are dates
        return None
    month, day = first, second
    if month > 12 and day <= 12:
        month, day = day, month  # 31/12: only one reading exists
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if sep == "-" and year is None and not _dash_date_ok(source.text, match.end()):
        return None
    strength = STRONG
    if year is None and (
        ((month, day) in _FRACTIONS and sep != ".")
        or (sep == "-" and (day <= 12 or " " in match.group()))
    ):
        strength = LATENT
    return Frame(year=year, month=month, day=day), strength


_DAY_CUE_BEFORE = re.compile(r"(?:\b(?:on|by|until|till|from|am|ab|bis)|[,:])\s*\Z", re.IGNORECASE)


@GRAMMAR.rule(r"""(?<![\d./-])(?P<d>\d{1,2})\.(?P<m>\d{2})\.(?=\s|,|;|\)|$)""")
def german_day_month(match: re.Match[str], source: Source) -> Hit:
    """ "on 09.12. at 14:00", "Thursday, 29.10.": German and Dutch reps write the day first,
    two-digit month, and close with a dot; without that dot 09.12 stays a number."""
    day, month = int(match["d"]), int(match["m"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if len(match["d"]) == 1 and not _DAY_CUE_BEFORE.search(source.text, 0, match.start()):
        return None  # "went up 5.12." is a figure; "on 5.12." a day
    return Frame(month=month, day=day), STRONG


# What follows a dotted month.day in Chinese notes and never a decimal: a deadline, a day or a
# part of the day ("12.5前", "12.8号", "1.15下午", "12.10周四").
_ZH_DATE_AFTER = re.compile(
    r"\s*(?:[之以]?前|[号日](?![元])|当天|那天|上午|下午|中午|晚上|早上|傍晚|[（(]?(?:周|星期|礼拜)[一二三四五六日天])"
)
_DASH_FOLLOW = re.compile(r"\s*(?:$|[,.;!?，。]|(?:at|on|by|from|for)\b|\d{1,2}[:h])")


def _dash_date_ok(text: str, end: int) -> bool:
    """2-15 is a date only before nothing, punctuation or at/on ("3-4pm", "2-3 weeks" are not)."""
    return _DASH_FOLLOW.match(text, end) is not None
