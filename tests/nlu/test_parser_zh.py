"""Chinese notes the training messages do not phrase: products read by their shape, not from the
catalogue (rules only, no classifier)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.parser import ParseContext, _zh_product_phrases, parse

DIRECTORY = [
    DirectoryEntry(1, "深圳市飞鸿智能设备有限公司", ("飞鸿智能",)),
    DirectoryEntry(2, "南宁绿岭农业科技有限公司", ("绿岭农业",)),
    DirectoryEntry(3, "宁波安澜医院有限公司", ("安澜医院",)),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 2, 10, 30, tzinfo=SHANGHAI)  # a Wednesday


def _parse(text: str, now: datetime = NOW) -> list[tuple[str, dict[str, Any]]]:
    context = ParseContext(now=now, customers=CustomerIndex.build(DIRECTORY))
    return [(a["intent"], a["slots"]) for a in parse(text, context).to_json()["actions"]]


def _phrases(text: str) -> list[str]:
    return [text[start:end] for start, end in _zh_product_phrases(text)]


@pytest.mark.parametrize(
    ("text", "products"),
    [
        # a product noun and the characters that name it, up to a small word of the sentence
        ("上午跟他们碰了个头，骨密度分析仪那个事还在走预算", ["骨密度分析仪"]),
        ("看了看牙科综合椅", ["牙科综合椅"]),
        # a Latin name written against it
        ("他们想把ERP系统也换掉", ["ERP系统"]),
        ("聊了聊AMR小车", ["AMR小车"]),
        # a verb that says what the machine does is part of its name
        ("灌装机那批货收到了", ["灌装机"]),
        # words that end like a product but are not one
        ("他手机打不通，发邮箱吧", []),
        ("新款光伏逆变器样机", ["光伏逆变器"]),
        # a measure word, a year or "那边" before the name is not part of it
        ("明年光伏逆变器再加两百台", ["光伏逆变器"]),
        ("那边光伏逆变器报警了", ["光伏逆变器"]),
        ("下午讨论光伏逆变器选型", ["光伏逆变器"]),
    ],
)
def test_chinese_products_by_shape(text: str, products: list[str]) -> None:
    assert _phrases(text) == products


def test_a_new_product_fills_the_slot() -> None:
    frames = _parse("飞鸿智能的光伏逆变器报警了，很急")
    assert frames[0][0] == "open_ticket"
    assert frames[0][1]["product"] == "光伏逆变器"
    assert frames[0][1]["priority"] == "urgent"


def test_a_longer_name_around_a_catalogue_word_is_the_product() -> None:
    # 传感器 is in the catalogue; 船用传感器 names which one
    frames = _parse("绿岭农业的采购经理对船用传感器兴趣不大")
    assert frames[0][1]["product"] == "船用传感器"


def test_a_catalogue_product_and_its_part_keep_the_product() -> None:
    # 输液泵 is a product and 电池 its part: the ticket is about the pump
    frames = _parse("安澜医院：输液泵电池鼓包，需要换电池")
    assert frames[0][1]["product"] == "输液泵"


def test_a_fault_is_about_the_product_named_last_before_it() -> None:
    frames = _parse("安澜医院信息科说中央站软件升级以后监护仪全部离线了")
    assert frames[0][0] == "open_ticket"
    assert frames[0][1]["product"] == "监护仪"
