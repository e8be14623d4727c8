"""Named days: Chinese festivals first (春节, 元宵, 清明, 端午, 中秋, 国庆, 双十一 ...), then the
Western and Christian ones Duckling's corpora ask for (Christmas, Thanksgiving, Easter and the
feasts counted from it, MLK day, Boss's day ...).

Lunar festivals come from a table of their Gregorian dates for 2010-2035 (the published Chinese
calendar); outside those years they are not recognised rather than guessed. 清明 uses the usual
solar-term formula. Easter uses the Gregorian (and, for Orthodox feasts, Julian) computus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from nlu.time.calendar import easter, orthodox_easter, pick, weekdays_in
from nlu.time.frame import Frame, Holiday, Mode
from nlu.time.normalize import normalize
from nlu.time.rules import LATENT, STRONG, Grammar, Hit, Source

Dates = Callable[[int], tuple[date, date | None] | None]

# Gregorian dates of lunar festivals, (month, day) per year from 2010: 春节, 端午, 中秋.
_SPRING = "0214 0203 0123 0210 0131 0219 0208 0128 0216 0205 0125 0212 0201 0122 0210 0129 0217 "
_SPRING += "0206 0126 0213 0203 0123 0211 0131 0219 0208"
_DRAGON = "0616 0606 0623 0612 0602 0620 0609 0530 0618 0607 0625 0614 0603 0622 0610 0531 0619 "
_DRAGON += "0609 0528 0616 0605 0624 0612 0601 0620 0610"
_AUTUMN = "0922 0912 0930 0919 0908 0927 0915 1004 0924 0913 1001 0921 0910 0929 0917 1006 0925 "
_AUTUMN += "0915 1003 0922 0912 1001 0919 0908 0927 0916"
_FIRST_YEAR = 2010


def _lunar(table: str, shift: int = 0) -> Dates:
    days = table.split()

    def dates(year: int) -> tuple[date, date | None] | None:
        index = year - _FIRST_YEAR
        if not 0 <= index < len(days):
            return None
        found = date(year, int(days[index][:2]), int(days[index][2:]))
        return found + timedelta(days=shift), None

    return dates


def _fixed(month: int, day: int) -> Dates:
    return lambda year: (date(year, month, day), None)


def _easter(offset: int, *, orthodox: bool = False, length: int = 0) -> Dates:
    def dates(year: int) -> tuple[date, date | None]:
        sunday = orthodox_easter(year) if orthodox else easter(year)
        start = sunday + timedelta(days=offset)
        return start, (start + timedelta(days=length) if length else None)

    return dates


def _nth_weekday(month: int, weekday: int, n: int, shift: int = 0) -> Dates:
    def dates(year: int) -> tuple[date, date | None] | None:
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1)
        found = pick(weekdays_in(start, end, weekday), n)
        return (found + timedelta(days=shift), None) if found is not None else None

    return dates


def _qingming(year: int) -> tuple[date, date | None]:
    """清明: the solar term, April 4 or 5 (the usual formula for 2001-2099)."""
    yy = year % 100
    return date(year, 4, int(yy * 0.2422 + 4.81) - yy // 4), None


def _bosses_day(year: int) -> tuple[date, date | None]:
    """October 16, or the nearest weekday when it falls on a weekend."""
    day = date(year, 10, 16)
    shift = {5: -1, 6: 1}.get(day.weekday(), 0)
    return day + timedelta(days=shift), None


_ZH: tuple[tuple[str, Dates], ...] = (
    ("元旦|元旦节|阳历新年|公历新年", _fixed(1, 1)),
    ("春节|农历新年|新春|正月初一|大年初一|正月正时|正月朔日", _lunar(_SPRING)),
    ("除夕|大年三十|年三十|大年夜", _lunar(_SPRING, -1)),
    ("元宵节|元宵|正月十五", _lunar(_SPRING, 14)),
    ("情人节|圣瓦伦丁节", _fixed(2, 14)),
    ("妇女节|三八妇女节|国际妇女节|三八节", _fixed(3, 8)),
    ("植树节", _fixed(3, 12)),
    ("国际消费者权益日|消费者权益日|315晚会", _fixed(3, 15)),
    ("愚人节", _fixed(4, 1)),
    ("清明节|清明", _qingming),
    ("劳动节|五一劳动节|国际劳动节|五一国际劳动节|五一节|五一", _fixed(5, 1)),
    ("青年节|五四青年节", _fixed(5, 4)),
    ("儿童节|国际儿童节|六一儿童节|六一", _fixed(6, 1)),
    ("端午节|端午", _lunar(_DRAGON)),
    ("建党节", _fixed(7, 1)),
    ("香港回归纪念日", _fixed(7, 1)),
    ("建军节|八一建军节", _fixed(8, 1)),
    ("教师节", _fixed(9, 10)),
    ("中秋节|中秋", _lunar(_AUTUMN)),
    ("国庆节|国庆|十一黄金周|十一长假", _fixed(10, 1)),
    ("万圣节|万圣夜", _fixed(10, 31)),
    ("老板节", _bosses_day),
    ("双十一|双11|光棍节", _fixed(11, 11)),
    ("双十二|双12", _fixed(12, 12)),
    ("澳门回归纪念日", _fixed(12, 20)),
    ("平安夜", _fixed(12, 24)),
    ("圣诞节|圣诞", _fixed(12, 25)),
    ("复活节星期一", _easter(1)),
    ("复活节|主复活日", _easter(0)),
    ("耶稣受难日翌日|主受难节翌日|复活节前夜|神圣周六|圣周六|黑色星期六", _easter(-1)),
    ("耶稣受难日|耶穌受难日|主受难日|主受难节|沈默周五|圣周五", _easter(-2)),
    ("濯足节|神圣星期四|圣周星期四|圣周四|设立圣餐日", _easter(-3)),
    ("棕枝主日|圣枝主日|圣树主日|基督苦难主日", _easter(-7)),
    ("圣灰星期三|大斋首日|圣灰礼仪日|圣灰日|灰日", _easter(-46)),
    ("忏悔节|忏悔火曜日|煎饼星期二", _easter(-47)),
    ("大斋期|大斋节", _easter(-46, length=46)),
    ("五旬节|圣灵降临节|圣灵降临日", _easter(49)),
    ("圣灵节庆日", _easter(50)),
    ("圣三一主日|天主三一主日|天主圣三一节|圣三主日|圣三节", _easter(56)),
    ("基督圣体节|基督圣体圣血瞻礼|基督圣体圣血节", _easter(60)),
    ("东正教复活节星期一", _easter(1, orthodox=True)),
    (
        "东正教神圣周六|东正教圣周六|东正教耶稣受难日翌日|东正教主受难节翌日|东正教复活节前夜",
        _easter(-1, orthodox=True),
    ),
    (
        "东正教耶稣受难日|东正教耶穌受难日|东正教主受难节|东正教圣周五|东正教沈默周五",
        _easter(-2, orthodox=True),
    ),
    ("东正教棕枝主日|东正教圣枝主日|东正教圣树主日|东正教基督苦难主日", _easter(-7, orthodox=True)),
    ("拉撒路圣周六|拉匝路周六", _easter(-8, orthodox=True)),
    ("四旬节", _easter(-48, orthodox=True, length=40)),
)
_ZH_LATENT = ("三一五",)

_EN: tuple[tuple[str, Dates], ...] = (
    (r"new\s+year'?s?\s+day", _fixed(1, 1)),
    (r"new\s+year'?s?\s+eve", _fixed(12, 31)),
    (r"(?:christmas|xmas)\s+eve", _fixed(12, 24)),
    (r"(?:christmas|xmas)(?:\s+day)?", _fixed(12, 25)),
    (r"valentine'?s?\s+day", _fixed(2, 14)),
    (r"halloween", _fixed(10, 31)),
    (r"(?:saint|st\.?)\s+(?:patrick|paddy)'?s?\s+day", _fixed(3, 17)),
    (r"independence\s+day", _fixed(7, 4)),
    (r"veterans\s+day", _fixed(11, 11)),
    (r"world\s+vegan\s+day", _fixed(11, 1)),
    (r"thanksgiving(?:\s+day)?", _nth_weekday(11, 3, 4)),
    (r"black\s+friday", _nth_weekday(11, 3, 4, 1)),
    (r"boss'?s?'?\s+day|boss's", _bosses_day),
    (
        r"(?:mlk|martin\s+luther\s+king(?:'s|s)?)(?:\s+jr\.?)?\s+day|civil\s+rights\s+day",
        _nth_weekday(1, 0, 3),
    ),
    (r"memorial\s+day", _nth_weekday(5, 0, -1)),
    (r"labou?r\s+day", _nth_weekday(9, 0, 1)),
    (r"mother'?s\s+day", _nth_weekday(5, 6, 2)),
    (r"father'?s\s+day", _nth_weekday(6, 6, 3)),
    (
        r"(?:chinese|lunar)(?:\s+lunar)?\s+new\s+year'?s?(?:\s+day)?|spring\s+festival",
        _lunar(_SPRING),
    ),
    (r"mid[\s-]autumn\s+festival|moon\s*cake\s+festival", _lunar(_AUTUMN)),
    (r"dragon\s+boat\s+festival", _lunar(_DRAGON)),
    (r"easter\s+mon(?:day)?", _easter(1)),
    (r"easter(?:\s+sunday)?", _easter(0)),
    (r"maundy\s+thursday|covenant\s+thu(?:rsday)?|thu(?:rsday)?\s+of\s+mysteries", _easter(-3)),
    (r"good\s+friday", _easter(-2)),
    (r"palm\s+sunday|branch\s+sunday", _easter(-7)),
    (r"ash\s+wednesday", _easter(-46)),
    (r"pancake\s+day|mardi\s+gras|shrove\s+tuesday", _easter(-47)),
    (r"pentecost|white?\s+sunday", _easter(49)),
    (r"whit\s+monday|monday\s+of\s+the\s+holy\s+spirit", _easter(50)),
    (r"trinity\s+sunday", _easter(56)),
    (r"lent", _easter(-46, length=46)),
    (r"orthodox\s+easter(?:\s+sunday)?", _easter(0, orthodox=True)),
    (r"orthodox\s+(?:good|great)\s+friday", _easter(-2, orthodox=True)),
    (r"clean\s+monday|orthodox\s+shrove\s+monday", _easter(-48, orthodox=True)),
    (r"lazarus\s+saturday", _easter(-8, orthodox=True)),
    (r"great\s+fast", _easter(-48, orthodox=True, length=40)),
)

# Words that are mostly not the holiday ("we lent them a unit"): only alone or with a year.
_EN_LATENT = frozenset({"lent", r"boss'?s?'?\s+day|boss's", r"pentecost|white?\s+sunday"})

ZH = Grammar("zh holidays")
EN = Grammar("en holidays")

_ZH_BY_NAME: dict[str, Holiday] = {}
for _names, _dates in _ZH:
    _holiday = Holiday(_names.split("|")[0], _dates)
    for _name in _names.split("|"):
        _ZH_BY_NAME[normalize(_name)[0]] = _holiday
_ZH_PATTERN = "|".join(sorted(map(re.escape, _ZH_BY_NAME), key=len, reverse=True))
_EN_HOLIDAYS = tuple(Holiday(pattern, dates) for pattern, dates in _EN)
_EN_PATTERN = "|".join(f"(?P<h{i}>{pattern})" for i, (pattern, _) in enumerate(_EN))


# Any Chinese holiday's name, for readers that ask whether a time is a holiday ("国庆前").
ZH_NAMES = re.compile(_ZH_PATTERN)

# How many days a holiday's break runs from the day it is named after, for "after" it: 国庆 is
# 1-7 October, 春节 初一 to 初七, 五一 1-5 May (the statutory breaks); any other holiday one day.
_BREAKS = (
    (re.compile("春节|农历新年|新春|正月初一|大年初一"), 7),
    (re.compile("国庆|十一黄金周|十一长假"), 7),
    (re.compile("劳动节|五一"), 5),
)


def days_off(name: str) -> int:
    """The length of the break a holiday named in `name` gives (1 for a day off)."""
    folded = normalize(name)[0]
    return next((days for pattern, days in _BREAKS if pattern.search(folded)), 1)


# Another country's day of the same name (以色列国庆节, 犹太植树节) is not ours; 五一 inside a
# number (二十五一共) or before a counter (五一个) is no holiday.
_NOT_OURS = r"(?<!以色列)(?<!犹太)(?<!美国)(?<!法国)(?<![零一二三四五六七八九十百千万\d])"
_NO_COUNTER = "(?![个共次位件台套种])"


@ZH.rule(_NOT_OURS + "(?:" + _ZH_PATTERN + "|" + "|".join(_ZH_LATENT) + ")" + _NO_COUNTER)
def zh_holiday(match: re.Match[str], _source: Source) -> Hit:
    if match.group() in _ZH_LATENT:
        return Frame(holiday=_ZH_BY_NAME["国际消费者权益日"]), LATENT
    return Frame(holiday=_ZH_BY_NAME[match.group()]), STRONG


_MODES: dict[str, Mode] = {"next": "future", "this": "future", "last": "past"}


@EN.rule(
    r"(?<![a-z])(?:(?P<mod>next|last|this|the\s+next|the\s+last)\s+)?(?:"
    + _EN_PATTERN
    + r")(?![a-z])"
)
def en_holiday(match: re.Match[str], _source: Source) -> Hit:
    index = next(
        int(name[1:]) for name, value in match.groupdict().items() if name[0] == "h" and value
    )
    mode = _MODES.get(match["mod"].split()[-1]) if match["mod"] else None
    pattern = _EN[index][0]
    strength = LATENT if pattern in _EN_LATENT and not match["mod"] else STRONG
    return Frame(holiday=_EN_HOLIDAYS[index], mode=mode), strength
