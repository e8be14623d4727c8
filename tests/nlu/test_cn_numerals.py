from decimal import Decimal

import pytest

from nlu.cn_numerals import parse_chinese_number

CASES = [
    ("三万五", 35000),
    ("两千", 2000),
    ("1.2万", 12000),
    ("3.5万", 35000),
    ("一百零五", 105),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("一千二", 1200),
    ("两百五", 250),
    ("三十万", 300000),
    ("八十万", 800000),
    ("一亿二千万", 120000000),
    ("十万零五", 100005),
    ("三点五", Decimal("3.5")),
    ("三点五万", 35000),
    ("二零二六", 2026),
    ("一万零五百", 10500),
    ("三千零五十", 3050),
    ("一千零一", 1001),
    ("两万五千", 25000),
    ("1千2", 1200),
    ("4万5", 45000),
    ("零", 0),
    ("壹佰贰拾叁", 123),
    # Traditional and formal forms, and the written tens shorthands.
    ("參萬肆仟伍佰陸拾柒", 34567),
    ("貳佰零參", 203),
    ("五百卅四", 534),
    ("一萬零卌", 10040),
    ("廿", 20),
    # Elision before a big unit and a leading big unit, as people say them.
    ("百二萬", 1200000),
    ("三千五万", 35000000),
    ("萬九", 19000),
    ("千一", 1100),
    ("零點77", Decimal("0.77")),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_chinese_numerals(text: str, expected: int | Decimal) -> None:
    assert parse_chinese_number(text) == Decimal(expected)


# "3800一" is 3800 and a separate 一 (3800一台), "三5" mixes scripts without a unit between.
@pytest.mark.parametrize("text", ["", "万", "abc", "三x", "点", "3800一", "三5"])
def test_not_numerals(text: str) -> None:
    assert parse_chinese_number(text) is None
