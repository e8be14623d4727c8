"""Chinese numerals to numbers: 三万五 is 35000 (not 30005), 两千 2000, 1.2万 12000, 一百零五 105.

Pure functions over strings; the number and time grammars share them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "幺": 1, "壹": 1,
    "二": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2, "贰": 2, "貳": 2,
    "三": 3, "仨": 3, "叁": 3, "叄": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# Written shorthands for a whole tens group: 廿 20, 卅 30, 卌 40 (五百卅四 = 534).
TENS_SHORTHANDS: dict[str, str] = {"廿": "二十", "卅": "三十", "卌": "四十"}
NUMERAL_CHARS = (
    frozenset(DIGITS)
    | frozenset(SMALL_UNITS)
    | frozenset(BIG_UNITS)
    | frozenset(TENS_SHORTHANDS)
    | {"点", "點"}
)


def parse_chinese_number(text: str) -> Decimal | None:
    """Value of a Chinese numeral, Arabic digits mixed in (3.5万, 1千2); None if not a numeral.

    Elided trailing units follow speech: 三万五 = 35000, 一千二 = 1200, 两百五 = 250.
    """
    text = text.strip()
    if not text:
        return None
    for shorthand, spelled in TENS_SHORTHANDS.items():
        text = text.replace(shorthand, spelled)
    if "点" in text or "點" in text:
        whole, _, fraction = text.replace("點", "点").partition("点")
        return _with_fraction(whole, fraction)
    return _parse_integer_part(text)


def _with_fraction(whole: str, fraction: str) -> Decimal | None:
    # 三点五万: the big unit applies to the whole decimal number.
    unit = Decimal(1)
    while fraction and fraction[-1] in BIG_UNITS:
        unit *= BIG_UNITS[fraction[-1]]
        fraction = fraction[:-1]
    base = _parse_integer_part(whole) if whole else Decimal(0)
    if (
        base is None
        or not fraction
        or any(ch not in DIGITS and not ch.isdigit() for ch in fraction)
    ):
        return None
    digits = "".join(str(DIGITS[ch]) if ch in DIGITS else ch for ch in fraction)
    return (base + Decimal(f"0.{digits}")) * unit


def _parse_integer_part(text: str) -> Decimal | None:  # noqa: PLR0912, PLR0915 - one scanner
    total = Decimal(0)
    section = Decimal(0)  # below the current big unit
    number: Decimal | None = None  # the digit run waiting for a unit
    last_unit = 0  # the last small unit seen in this section, for elision (三万五)
    last_big = 0
    index = 0
    saw_anything = False
    after_zero = False  # 十万零五 is 100005: a spoken zero cancels unit elision
    while index < len(text):
        char = text[index]
        if char.isdigit() or char == ".":
            if number is not None:
                return None  # 三5: digits of two scripts without a unit between them
            end = index
            while end < len(text) and (text[end].isdigit() or text[end] == "."):
                end += 1
            try:
                number = Decimal(text[index:end])
            except InvalidOperation:
                return None
            index = end
            saw_anything = True
            continue
        if char in DIGITS:
            if index and text[index - 1].isdigit():
                return None  # 3800一台 is 3800 and 一台, not 38001
            # A run of bare digits (二零二六) reads positionally.
            if number is not None and last_unit == 0 and section == 0 and total == 0:
                number = number * 10 + DIGITS[char]
            else:
                number = Decimal(DIGITS[char]) if number is None or char != "零" else number
                if DIGITS[char] == 0:
                    after_zero = True
            saw_anything = True
        elif char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            section += (number if number is not None else Decimal(1)) * unit
            number = None
            last_unit = unit
            after_zero = False
            saw_anything = True
        elif char in BIG_UNITS:
            unit = BIG_UNITS[char]
            if number is not None and not after_zero and number < 10 and last_unit > 1:
                number *= last_unit // 10  # 百二万 -> 120万, as 一千二 is 1200
            value = section + (number if number is not None else Decimal(0))
            if value == 0 and not saw_anything:
                if index == len(text) - 1:
                    return None  # a bare 万 is not a number
                value = Decimal(1)  # 萬九 = 19000: a leading big unit counts one
            if total and unit > last_big > 0:
                total = (total + (value or 1)) * unit
            else:
                total += (value or 1) * unit
            section = Decimal(0)
            number = None
            last_unit = 0
            last_big = unit
            after_zero = False
        else:
            return None
        index += 1
    if not saw_anything:
        return None
    if number is not None:
        elides = not after_zero and number < 10 and (text[-1] in DIGITS or text[-1].isdigit())
        if elides and last_unit > 1:
            number *= last_unit // 10  # 一千二 -> 1200, 两百五 -> 250
        elif elides and last_unit == 0 and last_big and section == 0:
            number *= last_big // 10  # 三万五 -> 35000
        section += number
    return total + section
