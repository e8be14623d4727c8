"""Chinese time pieces: 今天, 明早, 下周三, 这周五, 月底, 下个月初, 三天后, 12月5号, 上午十点半,
三点一刻, 3点45, 明年, 今年三月, 第一季度; Cantonese forms from Duckling's corpus (聽日, 而家, 晏晝,
三點三 = 3:15); traditional characters are simplified before matching.

Choices where Duckling's zh corpus reads otherwise, for what reps mean:
- 这周X is day X of this week, even when it has passed (Duckling: the next X).
- 三天后 / 两周前 are one day three days on / two weeks back (Duckling: an interval of the three
  days after now); 后三天 / 前两天 / 未来三天 stay intervals.
Non-times kept out: 快一点 / 有一点 (一点 alone is LATENT), 第三点, 三点意见, 三点五万, 5号线,
2001号工单, 下单, 三万五.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial

from nlu.cn_numerals import parse_chinese_number
from nlu.time.calendar import truncate
from nlu.time.frame import Frame, NthSpec, Part, Pod, Resolved
from nlu.time.resolve import cycle_span, in_duration, shift
from nlu.time.rules import LATENT, STRONG, WEAK, Grammar, Hit, Source
from nlu.types import Grain

GRAMMAR = Grammar("zh")

_CN = "零〇一二两三四五六七八九十"
HOUR = r"(?:二十[一二三四]|二十|十[一二]?|[零一二两三四五六七八九]|2[0-4]|[01]?\d)"
_ONE_TO_NINE = "[一二三四五六七八九]"
MINUTE = (
    f"(?:[二三四五]十{_ONE_TO_NINE}?|十{_ONE_TO_NINE}?|零{_ONE_TO_NINE}|[0-5]?\\d|{_ONE_TO_NINE})"
)
DAY = (
    f"(?:三十一?|二十{_ONE_TO_NINE}?|十{_ONE_TO_NINE}?|廿{_ONE_TO_NINE}?|{_ONE_TO_NINE}"
    r"|3[01]|[12]\d|0?[1-9])"
)
MONTH = r"(?:十[一二]?|[一二三四五六七八九]|1[0-2]|0?[1-9])"
COUNT = r"(?:\d{1,4}(?:\.\d+)?|[一二两三四五六七八九十百]{1,4}|半|几|俩|仨)"
UNIT = r"(?P<unit>秒钟?|分钟|分|个?小时|个?钟头|个钟|天|日|个?星期|个?礼拜|个?周|个月|月|年)"
_NOT_AFTER_NUMBER = rf"(?<![\d{_CN}百千万第])"

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "7": 6}
_WEEKDAYS.update({str(i + 1): i for i in range(6)})
_REL_WEEK = {"上上": -2, "上": -1, "这": 0, "这一": 0, "本": 0, "今": 0, "下": 1, "下下": 2}
_UNITS: dict[str, Grain] = {
    "秒": "second",
    "分": "minute",
    "小时": "hour",
    "钟头": "hour",
    "钟": "hour",
    "天": "day",
    "日": "day",
    "星期": "week",
    "礼拜": "week",
    "周": "week",
    "月": "month",
    "年": "year",
}
_PARTS: dict[str, Part] = {"底": "end", "末": "end", "初": "begin", "中": "mid", "上旬": "begin"}
_PARTS.update({"中旬": "mid", "下旬": "end"})


def cn_int(text: str) -> int | None:
    """An integer written in digits or Chinese numerals (十五, 廿, 二零一五)."""
    value = parse_chinese_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


# "两三天", "三四个月": two neighbouring numbers say roughly how many, no count to compute.
_ROUGHLY = re.compile("[一二两三四五六七八九]{2}")


def _count(text: str) -> float | None:
    if text == "半":
        return 0.5
    if text == "几" or _ROUGHLY.fullmatch(text):
        return None
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    value = cn_int(text)
    return float(value) if value is not None else None


def _unit(text: str) -> Grain | None:
    core = text.lstrip("个").rstrip("钟") if text not in ("个钟", "秒钟") else text
    core = "小时" if core == "个小时" else core
    if text == "个钟":
        return "hour"
    if text == "秒钟":
        return "second"
    return _UNITS.get(core)


def _mod(text: str | None) -> int | None:
    if text is None:
        return None
    return _REL_WEEK.get(text.rstrip("个"))


# --- years, quarters, months ------------------------------------------------------------------


@GRAMMAR.rule(
    r"""(?<![\d〇零一二三四五六七八九])(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年
    (?P<part>底|末|初|中)?(?!代|级|龄|纪|薪|假|终|会)"""
)
def year_absolute(match: re.Match[str], _source: Source) -> Hit:
    year = cn_int(match["y"])
    if year is None or not 1000 <= year <= 2999:
        return None
    return Frame(year=year, part=_PARTS.get(match["part"] or "")), STRONG


@GRAMMAR.rule(r"(?<!\d)(?P<y>\d{2})年(?=\s*(?:" + MONTH + r")月)")
def year_two_digits(match: re.Match[str], _source: Source) -> Hit:
    return Frame(year=2000 + int(match["y"])), STRONG


_YEARS = {"大前": -3, "前": -2, "去": -1, "上": -1, "上一": -1, "今": 0, "这一": 0, "本": 0}
_YEARS.update({"明": 1, "来": 1, "下": 1, "下一": 1, "后": 2, "大后": 3})


@GRAMMAR.rule(
    r"""(?P<w>大前|前|去|上一?|今|这一|本|明|来|下一?|大后|后)年
    (?P<part>底|末|初|中)?(?!代|级|龄|纪|薪|假|终|会|轻|长|份)"""
)
def year_relative(match: re.Match[str], _source: Source) -> Hit:
    part = _PARTS.get(match["part"] or "")
    return Frame(year_rel=_YEARS[match["w"]], part=part), STRONG


@GRAMMAR.rule(r"(?P<w>上|下)半年")
def half_year(match: re.Match[str], _source: Source) -> Hit:
    return Frame(year_rel=0, part="h1" if match["w"] == "上" else "h2"), STRONG


@GRAMMAR.rule(r"(?:第)?(?P<q>[一二三四1-4])季度")
def quarter(match: re.Match[str], _source: Source) -> Hit:
    value = cn_int(match["q"])
    return (Frame(quarter=value), STRONG) if value is not None else None


@GRAMMAR.rule(r"(?P<w>上个?|下个?|本|这个?|今)季度")
def quarter_relative(match: re.Match[str], _source: Source) -> Hit:
    word = match["w"].rstrip("个")
    return Frame(quarter_rel={"上": -1, "下": 1}.get(word, 0)), STRONG


@GRAMMAR.rule(
    _NOT_AFTER_NUMBER + r"(?P<m>" + MONTH + r")月份?(?P<part>上旬|中旬|下旬|底|末|初|中)?(?!个)"
)
def month(match: re.Match[str], _source: Source) -> Hit:
    value = cn_int(match["m"])
    if value is None or not 1 <= value <= 12:
        return None
    return Frame(month=value, part=_PARTS.get(match["part"] or "")), STRONG


_MONTHS_REL = {"上上": -2, "上": -1, "这": 0, "本": 0, "今": 0, "当": 0, "下": 1, "次": 1}
_MONTHS_REL["下下"] = 2


@GRAMMAR.rule(
    r"""(?P<w>上上个?|上个?|下下个?|下个?|这个?|本|今个|当|次)月
    (?:(?P<part>上旬|中旬|下旬|底|末|初|中)|(?:之|以)?内)?"""
)
def month_relative(match: re.Match[str], _source: Source) -> Hit:
    """下个月 (month grain), 下个月初, 月中旬; 这个月内 is the month too."""
    rel = _MONTHS_REL[match["w"].rstrip("个")]
    return Frame(month_rel=rel, part=_PARTS.get(match["part"] or "")), STRONG


@GRAMMAR.rule(r"(?<![月个\d岁])(?P<unit>月|年)(?P<part>底|末|初|中)(?!期|考|奖|终)")
def month_part(match: re.Match[str], _source: Source) -> Hit:
    """月底 / 年初 alone: of the current month or year."""
    part = _PARTS[match["part"]]
    if match["unit"] == "年":
        return Frame(year_rel=0, part=part), STRONG
    return Frame(month_rel=0, part=part), STRONG


# --- days and weeks ---------------------------------------------------------------------------


@GRAMMAR.rule(
    _NOT_AFTER_NUMBER
    + r"(?P<d>"
    + DAY
    + r")(?:号|日)"
    # (a numbered thing: "3号冷库", "2号炉", "5号罐", "3号厂房")
    + r"(?!线|楼|机|馆|门|厅|房|室|车|位|床|台|单|店|仓|库|口|码|令|字|窗|柜|桌|站|元|子|游|期|内|"
    + r"冷|炉|罐|泵|厂|塔|槽)"
)
def day_of_month(match: re.Match[str], _source: Source) -> Hit:
    value = cn_int(match["d"])
    if value is None or not 1 <= value <= 31:
        return None
    return Frame(day=value), STRONG


_DAYS = {"大前天": -3, "前天": -2, "昨天": -1, "今天": 0, "明天": 1, "后天": 2, "大后天": 3}
_DAYS.update({"昨日": -1, "寻日": -1, "今日": 0, "明日": 1, "听日": 1, "后日": 2, "大后日": 3})
_DAYS["前日"] = -2
# Northern speech as a recogniser writes it: "今儿都约了谁", "明儿个一早", "昨儿下午".
_DAYS.update({"昨儿": -1, "今儿": 0, "明儿": 1, "后儿": 2})
_DAYS.update({"大前儿": -3, "前儿": -2, "大后儿": 3})


@GRAMMAR.rule(
    r"(?P<d>大前天|大后天|大后日|前天|昨天|今天|明天|后天|昨日|寻日|今日|明日|听日|后日|前日"
    r"|(?:大前|大后|昨|今|明|后|前)儿(?:个)?)(?:[之以]内)?"
)
def relative_day(match: re.Match[str], _source: Source) -> Hit:
    """今天, 明儿个; 今天之内 is today too."""
    return Frame(day_rel=_DAYS[match["d"].removesuffix("个")]), STRONG


@GRAMMAR.rule(r"(?<!加班)(?:下班|收工)(?:之|以)?前")
def before_close(_match: re.Match[str], _source: Source) -> Hit:
    """下班前 / 收工前: by the end of the working day, of the day said with it (周五下班前,
    明天下班前), else of today."""
    return Frame(deadline=True), STRONG


EVENING = Pod(18, 24, "night")
MORNING = Pod(4, 12, "am")
_DAY_POD = {"晚": EVENING, "夜": EVENING, "早": MORNING, "晨": MORNING, "朝": MORNING}


# Cantonese says 听晚 / 听朝 for tomorrow evening / morning and 寻晚 for last night.
@GRAMMAR.rule(r"(?P<d>今|明|昨|听|寻)(?P<p>晚|早|晨|夜|(?<=听)朝)(?:上)?(?!饭|餐|点|些|于|到|了)")
def relative_day_part(match: re.Match[str], _source: Source) -> Hit:
    rel = {"今": 0, "明": 1, "昨": -1, "听": 1, "寻": -1}[match["d"]]
    return Frame(day_rel=rel, pod=_DAY_POD[match["p"]]), STRONG


@GRAMMAR.rule(
    r"""(?P<mod>上上个?|上个?|(?<!上)下下个?|下个?|这一?个?|本|今个?)?(?:星期|礼拜|周)
    (?P<d>[一二三四五六日天末]|[1-7](?!\d))(?<!一(?=起))"""
)
def weekday(match: re.Match[str], _source: Source) -> Hit:
    rel = _mod(match["mod"])
    if match["d"] == "末":
        return Frame(week_rel=0 if rel is None else rel, weekend=True), STRONG
    day = _WEEKDAYS[match["d"]]
    if rel is None:
        return Frame(weekday=day, mode="future"), STRONG
    return Frame(week_rel=rel, weekday=day), STRONG


@GRAMMAR.rule(
    r"""(?P<mod>上上个?|上个?|(?<!上)下下个?|下个?|这一?个?|本|今个)(?:星期|礼拜|周)
    (?![二三四五六日天末1-7]|一(?!起))(?P<part>初|中)?(?:(?:之|以)?内)?"""
)
def week(match: re.Match[str], _source: Source) -> Hit:
    """下周 (week grain), 下周初 (its first three days), 本周中; 本周内 is the week too."""
    rel = _mod(match["mod"])
    if rel is None:
        return None
    return Frame(week_rel=rel, part=_PARTS.get(match["part"] or "")), STRONG


@GRAMMAR.rule(r"第(?P<n>[一二三四五1-5])个(?:星期|礼拜|周)(?P<d>[一二三四五六日天])")
def nth_weekday(match: re.Match[str], _source: Source) -> Hit:
    n = cn_int(match["n"])
    if n is None:
        return None
    return Frame(nth=NthSpec(n, "weekday", _WEEKDAYS[match["d"]])), WEAK


@GRAMMAR.rule(r"最后一个(?:星期|礼拜|周)(?P<d>[一二三四五六日天])")
def last_weekday(match: re.Match[str], _source: Source) -> Hit:
    return Frame(nth=NthSpec(-1, "weekday", _WEEKDAYS[match["d"]])), WEAK


@GRAMMAR.rule(r"最后一天")
def last_day(_match: re.Match[str], _source: Source) -> Hit:
    return Frame(nth=NthSpec(-1, "day")), WEAK


# --- parts of the day and clock times ---------------------------------------------------------

_PODS = {
    "凌晨": Pod(0, 6, "am"),
    "半夜": Pod(0, 4, "am"),
    "清晨": Pod(4, 8, "am"),
    "早上": MORNING,
    "早晨": MORNING,
    "朝早": MORNING,
    "一早": MORNING,
    "一上班": Pod(8, 12, "am"),
    "早间": MORNING,
    "上午": Pod(8, 12, "am"),
    "中午": Pod(11, 13, "noon", point=12),
    "午间": Pod(11, 13, "noon", point=12),
    "下午": Pod(12, 19, "pm"),
    "晏昼": Pod(12, 19, "pm"),
    # Cantonese: 上昼 morning, 下昼 afternoon, 朝头早 early morning, 挨晚 towards evening
    "上昼": Pod(8, 12, "am"),
    "下昼": Pod(12, 19, "pm"),
    "朝头早": MORNING,
    "挨晚": Pod(17, 19, "pm"),
    "傍晚": Pod(17, 19, "pm"),
    # northern speech: 晌午 noon, 后晌 / 下半晌 afternoon, 前晌 / 上半晌 morning, 傍黑 dusk
    "晌午": Pod(11, 13, "noon", point=12),
    "后晌": Pod(12, 19, "pm"),
    "下半晌": Pod(12, 19, "pm"),
    "前晌": Pod(8, 12, "am"),
    "上半晌": Pod(8, 12, "am"),
    "傍黑": Pod(17, 19, "pm"),
    "黄昏": Pod(17, 19, "pm"),
    "晚上": EVENING,
    "晚间": EVENING,
    "夜里": EVENING,
    "夜间": EVENING,
    "夜晚": EVENING,
    "深夜": Pod(21, 24, "night"),
    "午夜": Pod(0, 1, "am", point=24),
}


@GRAMMAR.rule("|".join(sorted(_PODS, key=len, reverse=True)).replace("一早", "一早(?![上晨])"))
def part_of_day(match: re.Match[str], _source: Source) -> Hit:
    return Frame(pod=_PODS[match.group()]), STRONG


_NOT_COUNTED = (
    "意见|建议|要求|问题|原因|内容|看法|需求|注意|说明|好处|优势|理由|想法|疑问|顾虑|共识|不足|"
    "改进|体会|结论|因素|措施|事项|感受|心得|区别|不同|原则|目标|任务|成果|经验|教训"
)


@GRAMMAR.rule(
    # after a weekday its numeral is no part of the hour: 下周二九点半, 周三十点
    r"(?:(?<=[周期拜][一二三四五六日天])|(?<![第\d.零〇一二两三四五六七八九十]))(?P<h>"
    + HOUR
    + r""")(?:点钟?|时)
    (?:[踏搭]?(?P<half>半)|(?P<q1>一刻)|(?P<q3>三刻)|[踏搭](?P<z>[一二三四五六七八九十]{1,2})
      |(?P<zi>[一二三四五六七八九十]{1,2})个字|过?(?P<m>"""
    + MINUTE
    + r""")(?P<f>分钟?)?)?整?
    (?![\d零〇一二两三四五六七八九十]*\s*(?:万|亿|千|百|倍|%|个|元|块|米|公|克|度))
    (?![点几儿])(?!"""
    + _NOT_COUNTED
    + ")"
)
def clock(match: re.Match[str], _source: Source) -> Hit:
    hour = cn_int(match["h"])
    if hour is None or hour > 24:
        return None
    minute = _minutes(match)
    if minute is None and match["m"]:
        return None
    strength = STRONG
    if match["h"] == "一" and minute is None:
        strength = LATENT  # 快一点, 有一点: "a bit", unless a date or 下午 stands next to it
    return Frame(hour=hour, minute=minute), strength


_LESS = r"(?:一刻|(?:" + MINUTE + r")分钟?)"


@GRAMMAR.rule(
    r"(?<![\d零〇一二两三四五六七八九十])(?:差(?P<a>"
    + _LESS
    + r")(?P<h>"
    + HOUR
    + r")点|(?P<h2>"
    + HOUR
    + r")点差(?P<b>"
    + _LESS
    + r"))"
)
def clock_less(match: re.Match[str], _source: Source) -> Hit:
    """三点差一刻 / 差五分三点 (northern speech): so many minutes before the hour."""
    hour = cn_int(match["h"] or match["h2"])
    less = match["a"] or match["b"]
    minutes = 15 if less == "一刻" else cn_int(less.removesuffix("钟").removesuffix("分"))
    if hour is None or minutes is None or not 0 < minutes < 60 or not 1 <= hour <= 24:
        return None
    return Frame(hour=hour - 1 or 12, minute=60 - minutes), STRONG


_FIXED_MINUTES = (("half", 30), ("q1", 15), ("q3", 45))


def _minutes(match: re.Match[str]) -> int | None:
    fixed = next((minutes for group, minutes in _FIXED_MINUTES if match[group]), None)
    if fixed is not None:
        return fixed
    fives = match["z"] or match["zi"]
    if fives:
        value = cn_int(fives)
        return value * 5 if value is not None and value < 12 else None
    value = cn_int(match["m"]) if match["m"] else None
    if value is None or value > 59:
        return None
    if len(match["m"]) == 1 and match["m"] in "一二三四五六七八九" and not match["f"]:
        return value * 5  # 三点三 is 3:15 (Cantonese counts minutes in fives after 点)
    return value


# --- now, durations, spans --------------------------------------------------------------------


def now_value(now: datetime) -> Resolved:
    return Resolved(now.replace(microsecond=0), "second")


@GRAMMAR.rule(r"现在|此时|此刻|而家|依家|当前|宜家")
def now(_match: re.Match[str], _source: Source) -> Hit:
    return Frame(special=now_value), LATENT


@GRAMMAR.rule(
    _NOT_AFTER_NUMBER
    + r"(?<!月)"  # "12月20日前": before the 20th, not twenty days ago
    + r"(?P<pre>再过|过了|过|再)?(?P<n>"
    + COUNT
    + r")(?P<half>个半)?"
    + UNIT
    + r"(?P<dir>之后|以后|后|之前|以前|前|之内|以内|内)?"
)
def duration(match: re.Match[str], _source: Source) -> Hit:
    amount, unit = _amount(match)
    if amount is None and _ROUGHLY.fullmatch(match["n"]) and (match["dir"] or "").endswith("内"):
        # "两三天内给答复": a deadline said roughly is bounded by the larger count
        amount, unit = float(cn_int(match["n"][-1]) or 0), _unit(match["unit"])
    if amount is None or unit is None or not (match["pre"] or match["dir"]):
        return None
    if unit == "year" and amount >= 1000:
        return None
    direction = match["dir"] or "后"
    if direction.endswith("内"):
        return Frame(special=partial(within, amount=amount, unit=unit)), STRONG
    sign = -1 if direction.endswith("前") else 1
    return Frame(special=partial(in_duration, amount=sign * amount, unit=unit)), STRONG


def _amount(match: re.Match[str]) -> tuple[float | None, Grain | None]:
    amount = _count(match["n"])
    unit = _unit(match["unit"])
    if amount is None or unit is None:
        return None, None
    if match["unit"] == "月" and match["n"] != "两":
        return None, None  # 三月后 reads as "after March"; three months are 三个月
    if match["half"]:
        amount += 0.5
    return amount, unit


def within(now: datetime, amount: float, unit: Grain) -> Resolved:
    """ "三天内", "within 2 weeks": from now to the end (midnight for a day or more)."""
    end = shift(now, amount, unit)
    if unit not in ("second", "minute", "hour"):
        end = truncate(end, "day")
    return Resolved(now.replace(microsecond=0), "second", end)


_SPANS = {"上": -1, "前": -1, "过去": -1, "过去的": -1, "最近": -1, "下": 1, "后": 1}
_SPANS.update({"未来": 1, "接下来": 1, "接下来的": 1, "今后": 1})


@GRAMMAR.rule(
    r"(?<![\d一二两三四五六七八九十])(?P<dir>上|前|过去的?|最近|下|后|未来|接下来的?|今后)(?P<n>"
    + COUNT
    + r")(?P<half>个半)?"
    + UNIT
    + r"(?!之?[前后内])"
)
def span(match: re.Match[str], _source: Source) -> Hit:
    amount, unit = _amount(match)
    if amount is None or unit is None or amount != int(amount) or amount < 1:
        return None
    count = int(amount)
    first = -count if _SPANS[match["dir"]] < 0 else 1
    return Frame(special=partial(cycle_span, unit=unit, first=first, count=count)), STRONG
