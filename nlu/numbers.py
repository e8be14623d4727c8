"""Numbers in one chat line, Chinese, English or both: 三万五, 3.5万, ３５, 35,000, 35k, thirty five
thousand, two point five, 一百零五, 负1,200,000, 二分之一.

Reps dictate, so numbers come spelled out, without punctuation and mixed with Latin names. Two
passes find candidates (a Latin pass over digits and English words, a Chinese pass over numeral
runs), the widest non-overlapping ones win, and a sign is attached last. All patterns are compiled
at import: this runs on every message. `scan_numbers` keeps what the money grammar needs (the
trailing magnitude of 20万, approximations such as 三十多万, letters glued on the left as in USD3);
`find_numbers` is the public view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final, Literal, NamedTuple

from nlu.cn_numerals import BIG_UNITS, DIGITS, SMALL_UNITS, parse_chinese_number
from nlu.regex_scout import scouted
from nlu.types import NumberMention

ONE: Final = Decimal(1)
HALF: Final = Decimal("0.5")

Script = Literal["digits", "words", "zh"]
# How the number was written: money and time grammars read some forms differently.
Form = Literal["plain", "slash", "fraction", "half", "ge_ban", "approx"]


@dataclass(frozen=True, slots=True)
class Num:
    """A number candidate with the facts the money grammar judges it by."""

    start: int
    end: int
    value: Decimal
    script: Script
    scale: Decimal = ONE  # trailing magnitude (万 in 20万, k, thousand): 10到20万 spreads it to 10
    upper: Decimal | None = None  # 三十多万, 两三万: roughly from value up to upper
    magnitude: bool = False  # written with 万/亿 or a k/m/bn/w suffix: a money hint in chat
    glued_left: bool = False  # an ASCII letter right before: USD3.14, but also T2001
    form: Form = "plain"
    rough: bool = False  # said as a round figure: 一百来万 is about a million


# --- normalization -------------------------------------------------------------------------

_FULLWIDTH: Final = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "．": ".",
        "＄": "$",
        "￥": "¥",
        "％": "%",
        "－": "-",
        "−": "-",
        "＋": "+",
        "～": "~",
        "＃": "#",
    }
)


def normalize(text: str) -> str:
    """Full-width digits, letters and signs to ASCII, one character for one, so offsets hold."""
    return text.translate(_FULLWIDTH)


# --- the Latin pass: digits and English number words ----------------------------------------

# Indian grouping first: "₹48,50,000" is 4,850,000 (lakhs and crores are grouped in pairs)
# German and Dutch grouping next: "EUR 41.700,00" and "1.250.000" (a decimal comma after dotted
# thousands, or several dotted groups, never a decimal point); one group "EUR 18.400" is read so
# only beside a euro sign or code (_euro_grouped).
_ARABIC: Final = (
    r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{2}(?![0-9])|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9.,])"
    r"|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9]|,[0-9])(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
)
_TOKEN_RE: Final = scouted(
    rf"(?P<num>(?<![0-9.])(?:{_ARABIC}|\.[0-9]+))(?:(?P<suffix>bn|[kmgw]|[个個]\s?w)(?![a-z]))?"
    r"|(?P<word>[a-z]+)",
    re.IGNORECASE,
)
_SUFFIXES: Final = {
    "k": Decimal(1000),
    "m": Decimal(10**6),
    "bn": Decimal(10**9),
    "g": Decimal(10**9),
    "w": Decimal(10**4),  # 3w = 3万 in Chinese chat
}
_ZERO: Final = frozenset({"zero", "naught", "nought", "nil"})
_UNITS: Final = {
    w: i + 1 for i, w in enumerate("one two three four five six seven eight nine".split())
}
_TEENS: Final = {
    w: i + 10
    for i, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS: Final = {
    w: (i + 2) * 10
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_SCALES: Final = {
    **dict.fromkeys(("thousand", "thousands", "k"), Decimal(10**3)),
    **dict.fromkeys(("million", "millions", "mil", "mn"), Decimal(10**6)),
    **dict.fromkeys(("billion", "billions", "bn"), Decimal(10**9)),
    **dict.fromkeys(("trillion", "trillions"), Decimal(10**12)),
    **dict.fromkeys(("lakh", "lakhs", "lac", "lacs", "lkh", "lkhs"), Decimal(10**5)),
    **dict.fromkeys(("crore", "crores", "cr", "krore", "krores", "kr", "koti"), Decimal(10**7)),
}
# Scales said of money: "68k", and the Indian lakh and crore ("PO value 18.5 lakhs"), which a
# rep uses for sums; a count of units in lakhs is told by the unit after it.
_MONEY_SCALES: Final = frozenset(
    {"k", "lakh", "lakhs", "lac", "lacs", "lkh", "lkhs", "crore", "crores", "cr", "krore", "krores"}
)
# Spoken "sixty eight k" ends the number: "… k and one of the terminals" is not 68,001.
_ABBREVIATED_SCALES: Final = frozenset({"k", "mil", "mn", "bn", "cr", "kr", "lkh", "lkhs"})
_DOZENS: Final = frozenset({"dozen", "dozens"})
_SMALL_WORDS: Final = {**_UNITS, **_TEENS, **_TENS}
_STARTERS: Final = (
    frozenset(_SMALL_WORDS)
    | _ZERO
    | {"a", "an", "few", "single", "point", "half", "minus", "negative"}
)
_ORDINAL_SUFFIXES: Final = frozenset({"st", "nd", "rd", "th"})
_ORDINAL_AFTER_RE: Final = re.compile(r"-(?:first|second|third|[a-z]+th)(?![a-z])", re.IGNORECASE)
# Words the phrase grammar reads; other words only separate numbers, so no token is made for them.
_VOCABULARY: Final = (
    _STARTERS
    | frozenset(_SCALES)
    | _DOZENS
    | _ORDINAL_SUFFIXES
    | {"and", "hundred", "hundreds", "couple", "pair", "oh"}
)


class _Tok(NamedTuple):
    start: int
    end: int
    word: str  # lower-case word; "" for a numeral
    value: Decimal = Decimal(0)
    scale: Decimal = ONE  # a k/m/bn suffix
    digits: str = ""  # a plain run of digits (the part after "point")


# "35w RMB", "12.8w for the upgrade": Chinese reps writing English keep 3w = 3万. In a line
# without Chinese characters the w is 万 only before a yuan word, a preposition or the end of a
# clause, so "a 35w bulb" keeps its watts.
_WAN_AFTER_RE: Final = re.compile(
    r"\s*(?:(?:rmb|cny|yuan|kuai|for|only|total|already|in total|plus)(?![a-z])|[,.;!?)，。]|\Z)",
    re.IGNORECASE,
)


_EURO_BEFORE_RE: Final = re.compile(r"(?:eur|€|chf)\s?\Z", re.IGNORECASE)
_EURO_AFTER_RE: Final = re.compile(r"\s?(?:eur|euro|euros|€|chf)(?![a-z])", re.IGNORECASE)
_ONE_DOT_GROUP_RE: Final = re.compile(r"[0-9]{1,3}\.[0-9]{3}")


def _arabic_value(raw: str, text: str, start: int, end: int) -> Decimal:
    """35,000 and 3.5; 41.700,00 and 1.250.000 (dotted thousands); EUR 18.400 beside a euro."""
    if raw.count(".") > 1 or ("." in raw and "," in raw and raw.index(".") < raw.index(",")):
        return Decimal(raw.replace(".", "").replace(",", "."))
    if _ONE_DOT_GROUP_RE.fullmatch(raw) and (
        _EURO_BEFORE_RE.search(text[max(0, start - 4) : start]) or _EURO_AFTER_RE.match(text, end)
    ):
        return Decimal(raw.replace(".", ""))
    return Decimal(raw.replace(",", ""))


def _wan_in_latin(text: str, end: int) -> bool:
    return _WAN_AFTER_RE.match(text, end) is not None


def _tokens(text: str, lang: str, chinese: bool) -> list[_Tok]:
    """Numerals and the number words around them; other words are left out, which still keeps
    "one foo two" apart, since only blanks may join two tokens of a phrase."""
    tokens: list[_Tok] = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group("word")
        if word is not None:
            word = word.lower()
            if word in _VOCABULARY:
                tokens.append(_Tok(m.start(), m.end(), word))
            continue
        raw = m.group("num")
        written = (m.group("suffix") or "").lower()
        # "一共3个W": chat slang for 3万, the measure word before the w
        suffix = "w" if written.startswith(("个", "個")) else written
        if (suffix == "w" and not chinese and not _wan_in_latin(text, m.end())) or (
            suffix == "m" and lang == "zh" and _HAN_RE.match(text, m.end())
        ):
            suffix = ""  # 3w is 3万 in Chinese chat; 网线5m长 is five metres, 5M带宽 megabits
        if suffix == "g" and "." not in raw:
            suffix = ""  # .0012G is a number, 4G and 5G are networks
        end = m.end("num") + (len(written) if suffix else 0)
        value = _arabic_value(raw, text, m.start(), m.end("num"))
        scale = _SUFFIXES[suffix] if suffix else ONE
        digits = raw if raw.isdigit() else ""
        tokens.append(_Tok(m.start(), end, "", value * scale, scale, digits))
        if suffix == "" and m.group("suffix"):
            # A suffix we refused (4G) still is a word, so "4g" is not read as "4" + "g".
            tokens.append(_Tok(end, m.end(), m.group("suffix").lower()))
    return tokens


def _adjacent(left: _Tok, right: _Tok, text: str) -> bool:
    gap = text[left.end : right.start]
    if gap == "":
        return not (left.word and right.word)
    if gap == "-":
        return bool(left.word and right.word)  # twenty-one, not the range 10-20
    return len(gap) <= 3 and gap.isspace()


def _next_adjacent(tokens: list[_Tok], index: int, text: str) -> int | None:
    following = index + 1
    if following < len(tokens) and _adjacent(tokens[index], tokens[following], text):
        return following
    return None


def _digits_after_scale(tokens: list[_Tok], i: int, j: int, last_scale: Decimal) -> bool:
    """ "18 thousand 500" as a voice transcript writes 18,500: digits, a spelt scale, whole
    digits below it."""
    token = tokens[j]
    return (
        not tokens[i].word
        and tokens[j - 1].word not in _ABBREVIATED_SCALES
        and bool(token.digits)
        and token.scale == ONE
        and 0 < token.value < last_scale
    )


def _phrase(  # noqa: PLR0912, PLR0915 - one grammar, kept in one place
    tokens: list[_Tok], i: int, text: str
) -> tuple[int, Decimal, Decimal] | None:
    """The longest number phrase at tokens[i]: (end token index, value, trailing scale)."""
    first = tokens[i]
    total = Decimal(0)
    current = Decimal(0)
    last = "start"
    j = i
    if first.word in ("a", "an"):
        following = _next_adjacent(tokens, i, text)
        if following is None:
            return None
        word = tokens[following].word
        if word in ("couple", "pair"):
            return following + 1, Decimal(2), ONE
        if word == "few":
            return following + 1, Decimal(3), ONE
        if word not in _SCALES and word not in _DOZENS and word != "hundred":
            return None
        current, last, j = ONE, "a", following
    elif first.word == "few":
        return i + 1, Decimal(3), ONE
    elif first.word == "single":
        return i + 1, ONE, ONE
    elif first.word == "half":
        return _half_a(tokens, i, text)
    best: tuple[int, Decimal, Decimal] | None = None
    last_scale = Decimal(0)
    trail = ONE
    while j < len(tokens):
        token = tokens[j]
        if j > i and not _adjacent(tokens[j - 1], token, text):
            break
        word = token.word
        trail = ONE
        if not word:
            if last == "scale" and _digits_after_scale(tokens, i, j, last_scale):
                current, last = token.value, "num"  # a transcript's "18 thousand 500"
                j += 1
                best = (j, total + current, ONE)
                continue
            if last != "start":
                break
            current, trail = token.value, token.scale
            last = "num" if token.scale == ONE else "suffixed"
        elif word in _ZERO:
            if last != "start":
                break
            last = "zero"
        elif word in _UNITS:
            if last not in ("start", "tens", "hundred", "scale", "and"):
                break
            current += _UNITS[word]
            last = "unit"
        elif word in _TEENS:
            if last == "unit" and j == i + 1 and _scale_after(tokens, j, text):
                current = current * 100 + _TEENS[word]  # three ten k = 310k, one fifteen k
            elif last not in ("start", "hundred", "scale", "and"):
                break
            else:
                current += _TEENS[word]
            last = "teen"
        elif word == "oh" and last == "unit" and j == i + 1:
            # two oh five (k) = 205: hundreds said as a pair with a zero between
            following = _next_adjacent(tokens, j, text)
            if (
                following is None
                or tokens[following].word not in _UNITS
                or not _scale_after(tokens, following, text)
            ):
                break
            current = current * 100 + _UNITS[tokens[following].word]
            last = "tens"
            j = following + 1
            best = (j, total + current, ONE)
            continue
        elif word in _TENS:
            if last in ("start", "hundred", "scale", "and"):
                current += _TENS[word]
            elif last == "unit" and j == i + 1:
                current = current * 100 + _TENS[word]  # one twenty two = 122
            else:
                break
            last = "tens"
        elif word in ("hundred", "hundreds"):
            if last not in ("unit", "teen", "tens", "num", "a") or not 0 < current < 100:
                break
            current *= 100
            last = "hundred"
        elif word in _SCALES:
            scale = _SCALES[word]
            if current > 0 and last in ("unit", "teen", "tens", "hundred", "num", "a", "frac"):
                if last_scale and scale > last_scale:
                    total = (total + current) * scale
                else:
                    total += current * scale
            elif current == 0 and last == "scale" and scale > last_scale:
                total *= scale  # three thousand millions
            else:
                break
            current, last_scale, trail, last = Decimal(0), scale, scale, "scale"
        elif word in _DOZENS:
            if last not in ("unit", "teen", "tens", "hundred", "num", "scale", "a"):
                break
            total, current = (total + current) * 12, Decimal(0)
            return j + 1, total, ONE
        elif word == "and":
            following = _next_adjacent(tokens, j, text)
            if following is None:
                break
            if (
                last in ("hundred", "scale")
                and tokens[j - 1].word not in _ABBREVIATED_SCALES  # "68k and one of them"
                and tokens[following].word in _SMALL_WORDS
            ):
                last = "and"
                j += 1
                continue
            after = _next_adjacent(tokens, following, text)
            if (
                last in ("unit", "teen", "tens", "num")
                and tokens[following].word == "a"
                and after is not None
                and tokens[after].word == "half"
            ):
                current += HALF  # one and a half (million)
                last = "frac"
                j = after + 1
                best = (j, total + current, ONE)
                continue
            break
        elif word == "point":
            if last not in ("start", "unit", "teen", "tens", "num", "zero"):
                break
            if last == "num" and not tokens[j - 1].digits:
                break
            digits, k = _point_digits(tokens, j, text)
            if not digits:
                break
            current += Decimal("0." + digits)
            last = "frac"
            j = k
            best = (j, total + current, ONE)
            continue
        else:
            break
        j += 1
        if last != "and":
            best = (j, total + current, trail)
    return best


def _scale_after(tokens: list[_Tok], index: int, text: str) -> bool:
    """A scale word (k, thousand, million) right after tokens[index]: "three ten k" is money
    said in hundreds pairs, while "one fifteen" alone may be a clock time."""
    following = _next_adjacent(tokens, index, text)
    return following is not None and tokens[following].word in _SCALES


def _half_a(tokens: list[_Tok], i: int, text: str) -> tuple[int, Decimal, Decimal] | None:
    """half a million = 500000."""
    article = _next_adjacent(tokens, i, text)
    if article is None or tokens[article].word not in ("a", "an"):
        return None
    scale_index = _next_adjacent(tokens, article, text)
    if scale_index is None or tokens[scale_index].word not in _SCALES:
        return None
    scale = _SCALES[tokens[scale_index].word]
    return scale_index + 1, HALF * scale, scale


def _point_digits(tokens: list[_Tok], j: int, text: str) -> tuple[str, int]:
    """The digits after "point": digit words (two point five) or one digit run (1 point 1)."""
    digits = ""
    k = j + 1
    while k < len(tokens) and _adjacent(tokens[k - 1], tokens[k], text):
        token = tokens[k]
        if token.word in _UNITS:
            digits += str(_UNITS[token.word])
        elif token.word in _ZERO or token.word == "oh":
            digits += "0"
        elif not token.word and token.digits and not digits:
            return token.digits, k + 1
        else:
            break
        k += 1
    return digits, k


def _scan_latin(text: str, lang: str, chinese: bool) -> list[Num]:
    """Digits (35,000, 35k, .77, 1/5) and English number phrases (thirty five thousand)."""
    tokens = _tokens(text, lang, chinese)
    found: list[Num] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.word and token.word not in _STARTERS:
            i += 1
            continue
        following = i + 1 if i + 1 < len(tokens) else None
        if not token.word and following is not None:
            nxt = tokens[following]
            if nxt.start == token.end and nxt.word in _ORDINAL_SUFFIXES:
                i += 2  # 1st, 3rd: ordinals are not numbers
                continue
            slash = _slash_fraction(tokens, i, text)
            if slash is not None:
                found.append(slash)
                i += 2
                continue
        if token.word in ("minus", "negative"):
            i += 1  # the sign is attached once the numbers are chosen
            continue
        result = _phrase(tokens, i, text)
        if result is None:
            i += 1
            continue
        j, value, scale = result
        end = tokens[j - 1].end
        if _ORDINAL_AFTER_RE.match(text, end):
            i = j  # twenty-first
            continue
        single = j == i + 1 and not token.word
        glued = (
            token.start > 0 and text[token.start - 1].isascii() and text[token.start - 1].isalpha()
        )
        found.append(
            Num(
                token.start,
                end,
                value,
                "digits" if single else "words",
                scale=scale,
                magnitude=(single and token.scale != ONE) or tokens[j - 1].word in _MONEY_SCALES,
                glued_left=glued and not token.word,
            )
        )
        i = j
    return found


def _slash_fraction(tokens: list[_Tok], i: int, text: str) -> Num | None:
    """1/5 = 0.2 (Duckling reads it so); 2026/12/05 and 5/12/2026 are left to the date grammar."""
    left = tokens[i]
    if i + 1 >= len(tokens) or not left.digits:
        return None
    right = tokens[i + 1]
    if right.start != left.end + 1 or text[left.end] != "/" or not right.digits:
        return None
    if int(right.digits) == 0 or text[right.end : right.end + 1] == "/":
        return None
    if left.start > 0 and text[left.start - 1] in "/-.":
        return None
    return Num(left.start, right.end, left.value / right.value, "digits", form="slash")


# --- the Chinese pass -----------------------------------------------------------------------

_CN_DIGITS: Final = "".join(ch for ch in DIGITS if ch != "洞")  # 洞 is a hole in prose
_CN_UNITS: Final = "十拾百佰千仟廿卅卌"
_CN_BIG: Final = "万萬亿億"
_CN_RUN_RE: Final = re.compile(
    # "预算 72 万": typed digits stand apart from their 万/亿; so do dictated numerals where the
    # recogniser heard a pause ("预算 七十二 万", "三点八 万")
    rf"(?:{_ARABIC}(?:[ \t](?=[万萬亿億]))?|[{_CN_DIGITS}{_CN_UNITS}](?:[ \t](?=[万萬亿億]))?"
    rf"|[{_CN_BIG}])+"
    rf"(?:[点點][0-9{_CN_DIGITS}]+(?:[ \t](?=[万萬亿億]))?[{_CN_BIG}]*)?"
)
_CN_CHAR_RE: Final = re.compile(rf"[{_CN_DIGITS}{_CN_UNITS}{_CN_BIG}]")
_HAN_RE: Final = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PAIR_RE: Final = re.compile(rf"([{_CN_DIGITS}])([{_CN_DIGITS}])([{_CN_UNITS}{_CN_BIG}]*)")
_AFTER_RE: Final = re.compile(
    rf"(?P<approx>[多几幾](?P<units>[个個][亿億]|[{_CN_UNITS}{_CN_BIG}]*))|(?P<geyi>[个個][亿億])"
    rf"|(?P<lai>来(?:(?P<lai_units>[{_CN_UNITS}{_CN_BIG}]+)|(?=[个個块塊元岁歲天年人位台件])))"
    r"|(?P<frac>分之|份)|(?P<mixed>又)|(?P<geban>[个個]半)|(?P<half>半半?)"
    r"|(?P<pair>[对對双雙](?![0-9一二两三四五六七八九十])|打(?![0-9一二两三四五六七八九十电電折]))"
)
_HALF_UNIT_RE: Final = scouted(r"(?<![0-9一两兩二三四五六七八九十个個])半[个個]")
_SEVERAL_RE: Final = re.compile(rf"[几幾]([个個][亿億]|[{_CN_UNITS}{_CN_BIG}]+)")
_PER_ITEM: Final = frozenset("台臺个個套件张張份支只部辆輛箱盒瓶次位人间間")
_CLOCK_AFTER: Final = frozenset("十拾百千分刻半钟鐘整多")
# 一 inside words that are not the number one: 一起 一下 一直 统一 唯一 万一 ...
_NOT_ONE_AFTER: Final = frozenset(
    "起下直定样樣些般切旦致边邊向再贯貫同道律味概连連并並共会會心面时時度举舉瞬阵陣番齐齊经經旁"
)
_NOT_ONE_BEFORE: Final = frozenset("统統唯同之专專划劃归歸合逐")
_WEEKDAY_BEFORE_RE: Final = re.compile(r"(?:星期|礼拜|禮拜|周|週)\Z")
_ADVERB_QIANWAN_AFTER: Final = frozenset("别別不要记記务務得")
_LONE_UNITS: Final = frozenset("百佰千仟拾万萬亿億")
_BIG_OR_HUNDREDS: Final = {
    **{ch: Decimal(v) for ch, v in BIG_UNITS.items()},
    **{ch: Decimal(v) for ch, v in SMALL_UNITS.items() if v >= 100},
}


def _cn_value(numeral: str) -> Decimal | None:
    """parse_chinese_number, remembered for short numerals: the same few come back every message."""
    return _cn_value_cached(numeral) if len(numeral) <= 12 else _parse_cn(numeral)


@lru_cache(maxsize=4096)
def _cn_value_cached(numeral: str) -> Decimal | None:
    return _parse_cn(numeral)


def _parse_cn(numeral: str) -> Decimal | None:
    if numeral.startswith(".") or numeral.endswith("."):
        return None
    try:
        return parse_chinese_number(numeral)
    except (InvalidOperation, KeyError):
        return None


def _order(value: Decimal) -> Decimal:
    """The place of the last non-zero digit: 30 -> 10, 30000 -> 10000 (三万多 is 3-4万)."""
    place = ONE
    while value and value % (place * 10) == 0:
        place *= 10
    return place


def _units_product(units: str) -> Decimal:
    product = ONE
    for ch in units:
        product *= SMALL_UNITS.get(ch) or BIG_UNITS.get(ch) or 1
    return product


def _scan_chinese(text: str) -> list[Num]:
    """Runs of Chinese numerals, Arabic digits mixed in (3.5万, 4万5), and the forms after them."""
    found: list[Num] = []
    pos = 0
    while True:
        m = _CN_RUN_RE.search(text, pos)
        if m is None:
            break
        start, end = m.span()
        numeral = m.group()
        if numeral[0] == "拾" and start and _HAN_RE.match(text[start - 1]):
            pos = start + 1  # 收拾, 捡拾: the formal ten never opens a number after a word
            continue
        point = max(numeral.find("点"), numeral.find("點"))
        if point > 0 and text[end : end + 1] in _CLOCK_AFTER:
            numeral, end = numeral[:point], start + point  # 两点五十: a clock, not 2.5
        pair = _PAIR_RE.fullmatch(numeral)
        if pair and DIGITS[pair[1]] + 1 == DIGITS[pair[2]] and DIGITS[pair[1]] > 0:
            mult = _units_product(pair[3])
            found.append(
                Num(
                    start,
                    end,
                    DIGITS[pair[1]] * mult,
                    "zh",
                    upper=DIGITS[pair[2]] * mult,
                    magnitude=any(ch in BIG_UNITS for ch in pair[3]),
                    form="approx",
                )
            )
            pos = end
            continue
        if (
            len(numeral) == 2
            and numeral[0] in DIGITS
            and numeral[1] in DIGITS
            and numeral[0] not in "零〇○"
            and text[end : end + 1] != "折"
        ):
            numeral, end = numeral[0], start + 1  # 两块五一个: 五 and 一个; but 二零二六, 九五折
        if (
            len(numeral) > 2
            and numeral[-1] == "一"
            and numeral[-2] in _CN_UNITS + _CN_BIG
            and text[end : end + 1] in _PER_ITEM
        ):
            numeral, end = numeral[:-1], end - 1  # 两千一台 is 2000 a unit, not 2100
        value = _cn_value(numeral.replace(" ", "").replace("\t", ""))
        while value is None and len(numeral) > 1:
            numeral, end = numeral[:-1], end - 1
            value = _cn_value(numeral.replace(" ", "").replace("\t", ""))
        if value is None:
            pos = start + 1
            continue
        pos = end
        special = _special_after(text, start, end, numeral, value)
        if special is not None:
            found.append(special)
            pos = special.end
            continue
        if not _CN_CHAR_RE.search(numeral) or not _is_cn_number(text, start, end, numeral):
            continue
        last = numeral[-1]
        scale = _BIG_OR_HUNDREDS.get(last, ONE) if len(numeral) > 1 else ONE
        found.append(
            Num(
                start,
                end,
                value,
                "zh",
                scale=scale,
                magnitude=any(ch in BIG_UNITS for ch in numeral),
            )
        )
    found.extend(
        Num(m.start(), m.end(), HALF, "zh", form="half") for m in _HALF_UNIT_RE.finditer(text)
    )
    for m in _SEVERAL_RE.finditer(text):  # 几十万 is somewhere from 10万 up to 100万
        unit = _units_product(m[1])
        magnitude = any(ch in BIG_UNITS for ch in m[1])
        found.append(
            Num(m.start(), m.end(), unit, "zh", upper=unit * 10, magnitude=magnitude, form="approx")
        )
    return found


def _special_after(  # noqa: PLR0911, PLR0912 - one case per written form
    text: str, start: int, end: int, numeral: str, value: Decimal
) -> Num | None:
    """Forms read from what follows the run: 三十多万, 二分之一, 一又十分一, 五個半, 一半, 五打."""
    m = _AFTER_RE.match(text, end)
    if m is None or (start > 0 and text[start - 1] == "第"):
        return None
    integer = value == value.to_integral_value() and value > 0
    if m["approx"] is not None:
        if not integer:
            return None
        mult = _units_product(m["units"])
        return Num(
            start,
            m.end(),
            value * mult,
            "zh",
            upper=(value + _order(value)) * mult,
            magnitude=any(ch in BIG_UNITS for ch in numeral + m["units"]),
            form="approx",
        )
    if m["lai"] is not None:
        if not integer or value % 10:
            return None  # 十来个, 一百来万; but 三来 is not a round figure
        units = m["lai_units"] or ""
        mult = _units_product(units)
        magnitude = any(ch in BIG_UNITS for ch in numeral + units)
        return Num(start, m.end(), value * mult, "zh", magnitude=magnitude, rough=True)
    if m["frac"] is not None:
        numerator = _CN_RUN_RE.match(text, m.end())
        if numerator is None or value == 0:
            return None
        top = _cn_value(numerator.group())
        if top is None:
            return None
        after = text[numerator.end() : numerator.end() + 1]
        if m["frac"] == "份" and (after.isalnum() or _HAN_RE.match(after)):
            return None  # 两份三万的合同: 份 counts copies
        return Num(start, numerator.end(), top / value, "zh", form="fraction")
    if m["mixed"] is not None:
        fraction = re.compile(rf"({_CN_RUN_RE.pattern})分之?({_CN_RUN_RE.pattern})")
        part = fraction.match(text, m.end())
        if part is None:
            return None
        bottom, top = _cn_value(part[1]), _cn_value(part[2])
        if bottom is None or top is None or bottom == 0:
            return None
        return Num(start, part.end(), value + top / bottom, "zh", form="fraction")
    if m["geyi"] is not None:  # 五个亿, as people say it
        return Num(start, m.end(), value * 10**8, "zh", scale=Decimal(10**8), magnitude=True)
    if m["geban"] is not None:
        return Num(start, m.end(), value + HALF, "zh", form="ge_ban")
    if m["half"] is not None:
        if numeral not in ("一", "1"):
            return None
        return Num(start, m.end(), HALF, "zh", form="half")
    if m["pair"] is not None and integer:
        factor = 12 if m["pair"] == "打" else 2
        return Num(start, m.end(), value * factor, "zh")
    return None


def _is_cn_number(text: str, start: int, end: int, numeral: str) -> bool:
    """False for numerals inside words: 一起, 统一, 万一, 第一, 周三, 十分重要, 千万别, 百度."""
    before = text[start - 1] if start else ""
    after = text[end : end + 1]
    if before == "第" or numeral in ("万一", "萬一"):
        return False
    if numeral in ("千万", "千萬"):
        return after not in _ADVERB_QIANWAN_AFTER
    if len(numeral) > 1:
        return True
    lone_unit = (
        numeral in _LONE_UNITS
        and after not in ("元", "块", "塊")
        and bool(_HAN_RE.match(before) or _HAN_RE.match(after))
    )  # 百度, 收拾; a lone 拾 or 百 still reads as a number
    in_word = numeral in "一壹" and (after in _NOT_ONE_AFTER or before in _NOT_ONE_BEFORE)
    weekday = numeral in "一二三四五六日" and bool(
        _WEEKDAY_BEFORE_RE.search(text, max(0, start - 2), start)
    )
    following = text[end + 1 : end + 2]
    very = (
        numeral == "十"
        and after == "分"
        and bool(following)
        and following not in "钟鐘之"
        and bool(_HAN_RE.match(following))
    )  # 十分重要
    return not (lone_unit or in_word or weekday or very)


# --- choosing and signs ---------------------------------------------------------------------

_SIGN_RE: Final = re.compile(r"(?:(?<![a-z])(?:minus|negative)\s+|[负負]\s?|-\s?)\Z", re.IGNORECASE)
_NO_SIGN_AFTER: Final = frozenset(
    _CN_DIGITS + _CN_UNITS + _CN_BIG + "元块塊角毛分圆圓毫仙个個$€£¥%)）.-~"
)


def _select(candidates: list[Num], length: int) -> list[Num]:
    """The widest candidates that do not overlap, left to right."""
    candidates.sort(key=lambda n: (n.start - n.end, n.start))
    taken = bytearray(length)
    chosen: list[Num] = []
    for num in candidates:
        if not any(taken[num.start : num.end]):
            taken[num.start : num.end] = b"\x01" * (num.end - num.start)
            chosen.append(num)
    chosen.sort(key=lambda n: n.start)
    return chosen


# Words a signed figure follows in a list or a sum ("-5 and - 1,200,000", "from - 3"): after any
# other word, a dash with spaces round it is punctuation ("order confirmed - 3.5 lakh INR").
_BEFORE_A_SIGNED_FIGURE: Final = frozenset(
    "and or to from between minus plus than is was were are at by of be".split()
)
_WORD_ENDING: Final = re.compile(r"([A-Za-z]+)\Z")


def _dash_after(text: str, index: int) -> bool:
    """The spaced dash after text[index] is punctuation: a word other than a list's comes first."""
    word = _WORD_ENDING.search(text, max(0, index - 20), index + 1)
    return word is not None and word.group(1).casefold() not in _BEFORE_A_SIGNED_FIGURE


def _with_sign(num: Num, text: str, floor: int) -> Num:
    m = _SIGN_RE.search(text, max(floor, num.start - 12), num.start)
    if m is None:
        return num
    if m.group().startswith("-") and m.start():
        adjacent = text[m.start() - 1]
        if (adjacent.isascii() and adjacent.isalnum()) or adjacent in _NO_SIGN_AFTER:
            return num  # 10-20 is a range, T-2001 a ticket
        index = m.start() - 1
        while index >= 0 and text[index].isspace():
            index -= 1
        if index >= 0 and (text[index].isdigit() or text[index] in _NO_SIGN_AFTER):
            return num  # 10 - 20
        if index >= 0 and index < m.start() - 1 and m.group() != "-" and _dash_after(text, index):
            return num  # "order confirmed - 3.5 lakh": a dash set between words, no minus
    if num.upper is not None:  # 负三十多: from -40 up to -30
        return replace(num, start=m.start(), value=-num.upper, upper=-num.value)
    return replace(num, start=m.start(), value=-num.value)


# Set phrases whose numerals count nothing: 十万火急 is "very urgent", 九牛一毛 "a trifle".
_IDIOM_RE: Final = re.compile(
    "十万火急|十萬火急|九牛一毛|一毛不拔|一五一十|三心二意|七上八下|乱七八糟|亂七八糟|一模一样|"
    "一模一樣|千千万万|千千萬萬|成千上万|成千上萬|万无一失|萬無一失|一心一意|一石二鸟|一石二鳥|"
    "三番五次|五花八门|五花八門|四面八方|十全十美|一举两得|一舉兩得|独一无二|獨一無二|不三不四|"
    "接二连三|接二連三|一干二净|一乾二淨|一清二楚|三言两语|三言兩語|八九不离十|八九不離十|"
    "一分为二|一分為二|一分一秒|一分钱一分货|一分錢一分貨"
)


@lru_cache(maxsize=32)
def scan_numbers(text: str, lang: str) -> tuple[Num, ...]:
    """Every number candidate in `text`, already `normalize`d, chosen and signed, left to right.

    Cached on the last few texts: the parser asks for numbers, money and times of one message.
    """
    chinese = lang == "zh" or _HAN_RE.search(text) is not None
    candidates = _scan_latin(text, lang, chinese)
    if chinese:
        candidates.extend(_scan_chinese(text))
        idioms = [m.span() for m in _IDIOM_RE.finditer(text)]
        if idioms:
            candidates = [
                n for n in candidates if not any(n.start < e and s < n.end for s, e in idioms)
            ]
    chosen = _select(candidates, len(text))
    signed: list[Num] = []
    floor = 0
    for num in chosen:
        signed.append(_with_sign(num, text, floor))
        floor = num.end
    return tuple(signed)


# Letters that may stand glued before an amount (USD3.14, RM42): the number is still a number.
_CODE_BEFORE_RE: Final = re.compile(
    r"(?<![a-z])(?:usd|us|eur|gbp|cny|rmb|hkd|jpy|cad|chf|aud|sgd|inr|rs|myr|rm|uah|mnt|"
    r"kwd|lbp|egp|qar|sar|bgn|ils)\Z",
    re.IGNORECASE,
)
_ID_BEFORE_RE: Final = re.compile(r"[a-z]-\Z", re.IGNORECASE)


def find_numbers(text: str, lang: str) -> list[NumberMention]:
    """Every number in `text`, with offsets into it; no identifiers (T-2001, A4), no ordinals."""
    norm = normalize(text)
    mentions: list[NumberMention] = []
    for num in scan_numbers(norm, lang):
        if num.upper is not None:
            continue  # 三十多万 is a span, not a number
        low = max(0, num.start - 4)
        if num.glued_left and not _CODE_BEFORE_RE.search(norm, low, num.start):
            continue
        if _ID_BEFORE_RE.search(norm, low, num.start):
            continue
        mentions.append(NumberMention(num.start, num.end, text[num.start : num.end], num.value))
    return mentions
